package com.example.meshtrace.front.item;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.function.Function;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.http.HttpRequest;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpRequestFactory;
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

	private static final Logger logger = LoggerFactory.getLogger(BackendClient.class);

	private final RestClient restClient;

	private final RestClient.Builder backend;

	private final ClientHttpRequestFactoryBuilder<?> requestFactories;

	private final HttpClientSettings settings;

	BackendClient(RestClient.Builder builder, BackendProperties properties,
			ClientHttpRequestFactoryBuilder<?> requestFactories, HttpClientSettings settings) {
		this.backend = builder.baseUrl(properties.url());
		this.restClient = this.backend.build();
		this.requestFactories = requestFactories;
		this.settings = settings;
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
	 * Sends a request that is safe to repeat, and sends it once more when backend ended
	 * the connection before an answer: a kept-alive connection that backend closed or
	 * reset as it shut down. The second try goes on a new connection.
	 */
	private BackendResponse exchangeRetryingOnce(Function<RestClient, RestClient.RequestHeadersSpec<?>> request) {
		AnswerReader first = new AnswerReader();
		try {
			return request.apply(this.restClient).exchange(first);
		}
		catch (ResourceAccessException ex) {
			if (first.answered() || !connectionEnded(ex)) {
				throw classify(ex);
			}
			logger.info("Backend ended the connection before answering ({}); sending the request once more on a new "
					+ "connection", ex.getCause().toString());
			AnswerReader second = new AnswerReader();
			try {
				return exchangeOnNewConnection(request, second);
			}
			catch (ResourceAccessException again) {
				// A backend that is stopping ends even a new connection unanswered (one
				// it had accepted before it stopped listening): it took no work, as when
				// it refuses a connection
				throw (!second.answered() && connectionEnded(again)) ? BackendException.unavailable(again)
						: classify(again);
			}
		}
	}

	/**
	 * The retry's client has a pool of its own, empty: the pool of the first try may hold
	 * more connections that backend closed at the same time. It is built the way Spring
	 * Boot builds the first (same factory builder, settings and instrumentation) and
	 * closed after the retry.
	 */
	private BackendResponse exchangeOnNewConnection(Function<RestClient, RestClient.RequestHeadersSpec<?>> request,
			AnswerReader reader) {
		ClientHttpRequestFactory requestFactory = this.requestFactories.build(this.settings);
		try {
			return request.apply(this.backend.clone().requestFactory(requestFactory).build()).exchange(reader);
		}
		finally {
			close(requestFactory);
		}
	}

	private static void close(ClientHttpRequestFactory requestFactory) {
		if (requestFactory instanceof DisposableBean disposable) {
			try {
				disposable.destroy();
			}
			catch (Exception ex) {
				logger.debug("Could not close the retry's HTTP client", ex);
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
	 * Whether backend ended an open connection: closed it, which Apache HttpClient
	 * reports as {@link NoHttpResponseException} when not a byte of the status line came,
	 * or reset it ({@code Connection reset}, {@code Broken pipe}), as a server does that
	 * closes a connection with bytes of the request still unread. A connection that could
	 * not be made ({@link ConnectException}) or an answer too slow to come is something
	 * else.
	 */
	private static boolean connectionEnded(ResourceAccessException ex) {
		Throwable cause = ex.getCause();
		return cause instanceof NoHttpResponseException || (cause instanceof SocketException
				&& !(cause instanceof ConnectException) && !(cause instanceof NoRouteToHostException));
	}

	private static BackendException classify(ResourceAccessException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectTimeoutException || cause instanceof ConnectException
					|| cause instanceof UnknownHostException || cause instanceof NoRouteToHostException) {
				return BackendException.unavailable(ex);
			}
			if (cause instanceof SocketTimeoutException) {
				return BackendException.timedOut(ex);
			}
		}
		return BackendException.failed(ex);
	}

	/**
	 * Reads backend's answer and remembers whether one came: RestClient calls it once the
	 * status line and headers have arrived, so a failure before then had no answer.
	 */
	private static final class AnswerReader implements RestClient.RequestHeadersSpec.ExchangeFunction<BackendResponse> {

		private boolean answered;

		@Override
		public BackendResponse exchange(HttpRequest request,
				RestClient.RequestHeadersSpec.ConvertibleClientHttpResponse response) throws IOException {
			this.answered = true;
			return BackendResponse.read(response);
		}

		boolean answered() {
			return this.answered;
		}

	}

}
