package com.example.meshtrace.front.item;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

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
		Supplier<RestClient.RequestHeadersSpec<?>> request = () -> this.restClient.post()
			.uri("/items")
			.contentType(contentType)
			.headers((headers) -> {
				if (idempotencyKey != null) {
					headers.set(ItemController.IDEMPOTENCY_KEY, idempotencyKey);
				}
			})
			.body(body);
		// Without a key backend may have written the item before the connection broke: a
		// second try could write it twice, so the client decides (502)
		return (idempotencyKey != null) ? exchangeRetryingOnce(request) : exchange(request.get());
	}

	BackendResponse get(Function<UriBuilder, URI> uri) {
		return exchangeRetryingOnce(() -> this.restClient.get().uri(uri));
	}

	/**
	 * Sends a request that is safe to repeat, and sends it once more when backend closed
	 * the connection before a byte of an answer: a kept-alive connection that backend
	 * closed as it shut down. The client takes another connection for the second try.
	 */
	private BackendResponse exchangeRetryingOnce(Supplier<RestClient.RequestHeadersSpec<?>> request) {
		try {
			return request.get().exchange((clientRequest, response) -> BackendResponse.read(response));
		}
		catch (ResourceAccessException ex) {
			if (!closedBeforeAnswer(ex)) {
				throw classify(ex);
			}
			return exchange(request.get());
		}
	}

	private BackendResponse exchange(RestClient.RequestHeadersSpec<?> request) {
		try {
			return request.exchange((clientRequest, response) -> BackendResponse.read(response));
		}
		catch (ResourceAccessException ex) {
			throw classify(ex);
		}
	}

	/**
	 * The JDK client tells "the connection ended before a byte of the status line" from
	 * "it ended in the middle of an answer" only by this message (its own retry of a
	 * {@code GET} on a stale pooled connection uses the same condition);
	 * {@code BackendClosedConnectionIntegrationTests} fails if a JDK changes it.
	 */
	private static boolean closedBeforeAnswer(ResourceAccessException ex) {
		return ex.getCause() instanceof IOException io && io.getCause() instanceof EOFException
				&& io.getMessage() != null && io.getMessage().endsWith("received no bytes");
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
