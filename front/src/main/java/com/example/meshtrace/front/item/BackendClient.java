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

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
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

	private final Supplier<RestClient> freshClient;

	/**
	 * The retry's client has a pool of its own, empty: the pool of the first try may hold
	 * more connections that backend closed at the same time. It is built the way Spring
	 * Boot builds the first (same factory builder, settings and instrumentation) and
	 * dropped after the retry; the JDK client closes its connection when idle.
	 */
	BackendClient(RestClient.Builder builder, BackendProperties properties,
			ClientHttpRequestFactoryBuilder<?> requestFactories, HttpClientSettings settings) {
		RestClient.Builder backend = builder.baseUrl(properties.url());
		this.restClient = backend.build();
		this.freshClient = () -> backend.clone().requestFactory(requestFactories.build(settings)).build();
	}

	BackendResponse create(byte[] body, MediaType contentType, String idempotencyKey) {
		Function<RestClient, RestClient.RequestHeadersSpec<?>> request = (
				client) -> client.post().uri("/items").contentType(contentType).headers((headers) -> {
					if (idempotencyKey != null) {
						headers.set(ItemController.IDEMPOTENCY_KEY, idempotencyKey);
					}
				}).body(body);
		// Without a key backend may have written the item before the connection broke: a
		// second try could write it twice, so the client decides (502)
		return (idempotencyKey != null) ? exchangeRetryingOnce(request) : exchange(request.apply(this.restClient));
	}

	BackendResponse get(Function<UriBuilder, URI> uri) {
		return exchangeRetryingOnce((client) -> client.get().uri(uri));
	}

	/**
	 * Sends a request that is safe to repeat, and sends it once more when backend closed
	 * the connection before a byte of an answer: a kept-alive connection that backend
	 * closed as it shut down. The second try goes on a new connection.
	 */
	private BackendResponse exchangeRetryingOnce(Function<RestClient, RestClient.RequestHeadersSpec<?>> request) {
		try {
			return request.apply(this.restClient).exchange((clientRequest, response) -> BackendResponse.read(response));
		}
		catch (ResourceAccessException ex) {
			if (!closedBeforeAnswer(ex)) {
				throw classify(ex);
			}
			try {
				return request.apply(this.freshClient.get())
					.exchange((clientRequest, response) -> BackendResponse.read(response));
			}
			catch (ResourceAccessException again) {
				// A backend that is stopping closes even a new connection unanswered (one
				// it had accepted before it stopped listening): it took no work, as when
				// it refuses a connection
				throw closedBeforeAnswer(again) ? BackendException.unavailable(again) : classify(again);
			}
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
