package com.example.meshtrace.front.item;

import java.io.IOException;
import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.ClientHttpResponse;

/**
 * What backend answered, with the headers a client of front needs.
 *
 * @param status the status
 * @param headers the headers passed through to the client
 * @param body the body, as backend sent it
 */
record BackendResponse(HttpStatusCode status, HttpHeaders headers, byte[] body) {

	private static final List<String> PASSED_HEADERS = List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.LOCATION,
			HttpHeaders.LINK, HttpHeaders.RETRY_AFTER, ItemController.IDEMPOTENCY_KEY,
			ItemController.IDEMPOTENT_REPLAYED);

	static BackendResponse read(ClientHttpResponse response) throws IOException {
		HttpHeaders headers = new HttpHeaders();
		for (String name : PASSED_HEADERS) {
			List<String> values = response.getHeaders().get(name);
			if (values != null) {
				headers.addAll(name, values);
			}
		}
		return new BackendResponse(response.getStatusCode(), headers, body(response));
	}

	/**
	 * Backend's answers are small and carry a {@code Content-Length}: reading just that
	 * many bytes allocates the body once, where {@code readAllBytes} fills 16 KiB buffers
	 * and copies.
	 */
	private static byte[] body(ClientHttpResponse response) throws IOException {
		long length = response.getHeaders().getContentLength();
		return (length >= 0 && length <= Integer.MAX_VALUE) ? response.getBody().readNBytes((int) length)
				: response.getBody().readAllBytes();
	}

	ResponseEntity<byte[]> toResponseEntity() {
		return ResponseEntity.status(this.status).headers(this.headers).body(this.body);
	}

}
