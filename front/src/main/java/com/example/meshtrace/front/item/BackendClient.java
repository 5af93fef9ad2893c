package com.example.meshtrace.front.item;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.function.Function;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriBuilder;

/**
 * Calls backend's {@code /items} API. The {@link RestClient} comes from Spring Boot's
 * {@link RestClient.Builder}, which carries the OpenTelemetry instrumentation (so the
 * call joins the trace) and the {@code spring.http.clients.*} timeouts.
 */
@Component
class BackendClient {

	private final RestClient restClient;

	BackendClient(RestClient.Builder builder, BackendProperties properties) {
		this.restClient = builder.baseUrl(properties.url()).build();
	}

	BackendResponse create(byte[] body, MediaType contentType, String idempotencyKey) {
		return exchange(this.restClient.post().uri("/items").contentType(contentType).headers((headers) -> {
			if (idempotencyKey != null) {
				headers.set(ItemController.IDEMPOTENCY_KEY, idempotencyKey);
			}
		}).body(body));
	}

	BackendResponse get(Function<UriBuilder, URI> uri) {
		return exchange(this.restClient.get().uri(uri));
	}

	private BackendResponse exchange(RestClient.RequestHeadersSpec<?> request) {
		try {
			return request.exchange((clientRequest, response) -> BackendResponse.read(response));
		}
		catch (ResourceAccessException ex) {
			throw classify(ex);
		}
	}

	private static BackendException classify(ResourceAccessException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof HttpConnectTimeoutException || cause instanceof ConnectException
					|| cause instanceof UnknownHostException || cause instanceof NoRouteToHostException) {
				return BackendException.unavailable(ex);
			}
			if (cause instanceof HttpTimeoutException || cause instanceof SocketTimeoutException) {
				return BackendException.timedOut(ex);
			}
		}
		return BackendException.failed(ex);
	}

}
