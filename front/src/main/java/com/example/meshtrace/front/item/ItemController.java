package com.example.meshtrace.front.item;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

import com.example.meshtrace.front.system.HttpLimitsProperties;
import com.example.meshtrace.front.system.RequestBodyTooLargeException;

import jakarta.validation.constraints.Pattern;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves {@code /items} by passing requests to backend and its answers back: status,
 * body, {@code Location}, {@code Link} and {@code Idempotency-Key}. Backend validates the
 * item; a 5xx from backend becomes 502.
 */
@RestController
@RequestMapping(path = "/items", produces = MediaType.APPLICATION_JSON_VALUE)
class ItemController {

	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

	private final BackendClient backend;

	private final long maxBodyBytes;

	ItemController(BackendClient backend, HttpLimitsProperties limits) {
		this.backend = backend;
		this.maxBodyBytes = limits.maxRequestBodySize().toBytes();
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<byte[]> create(InputStream body, @RequestHeader(HttpHeaders.CONTENT_TYPE) MediaType contentType,
			@RequestHeader(name = HttpHeaders.CONTENT_LENGTH, required = false) Long contentLength,
			@RequestHeader(name = IDEMPOTENCY_KEY, required = false) @Pattern(regexp = "[\\x21-\\x7E]{1,255}",
					message = "must be 1 to 255 visible ASCII characters") String idempotencyKey)
			throws IOException {
		byte[] bytes = body.readNBytes(readLimit(contentLength));
		if (bytes.length > this.maxBodyBytes) {
			throw new RequestBodyTooLargeException(this.maxBodyBytes);
		}
		return passThrough(this.backend.create(bytes, contentType, idempotencyKey));
	}

	/**
	 * How many bytes to read: the declared length when there is one (Tomcat delivers no
	 * more, and {@code readNBytes} then allocates just that instead of a 16 KiB buffer
	 * per request); a chunked body is read up to one byte over the limit.
	 */
	private int readLimit(Long contentLength) {
		if (contentLength == null) {
			return Math.toIntExact(this.maxBodyBytes + 1);
		}
		if (contentLength > this.maxBodyBytes) {
			throw new RequestBodyTooLargeException(this.maxBodyBytes);
		}
		return contentLength.intValue();
	}

	@GetMapping
	ResponseEntity<byte[]> list(@RequestParam(required = false) Integer limit,
			@RequestParam(required = false) Long beforeId) {
		return passThrough(this.backend.get((uri) -> uri.path("/items")
			.queryParamIfPresent("limit", Optional.ofNullable(limit))
			.queryParamIfPresent("beforeId", Optional.ofNullable(beforeId))
			.build()));
	}

	@GetMapping("/{id}")
	ResponseEntity<byte[]> get(@PathVariable long id) {
		return passThrough(this.backend.get((uri) -> uri.path("/items/{id}").build(id)));
	}

	private static ResponseEntity<byte[]> passThrough(BackendResponse response) {
		if (response.status().is5xxServerError()) {
			throw BackendException.answered(response.status(), response.headers().getFirst(HttpHeaders.RETRY_AFTER));
		}
		return response.toResponseEntity();
	}

}
