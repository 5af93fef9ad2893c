package com.example.meshtrace.reliability;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the requests of the items API.
 */
final class ItemRequests {

	/**
	 * Long enough that only a hang runs into it: front's own timeouts are 2 s (connect)
	 * and 10 s (read).
	 */
	static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ItemRequests() {
	}

	/**
	 * A {@code POST /items} with an {@code Idempotency-Key}.
	 * @param baseUrl front's or backend's base URL
	 * @param key the key, or {@code null} for none
	 * @param name the item's name
	 * @return the attempt
	 */
	static Load.Attempt create(String baseUrl, String key, String name) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/items"))
			.timeout(REQUEST_TIMEOUT)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("name", name))));
		if (key != null) {
			request.header("Idempotency-Key", key);
		}
		return new Load.Attempt(key, name, request.build());
	}

	/**
	 * Sends the same request again: same key, same name.
	 * @param baseUrl where to
	 * @param outcome the earlier outcome
	 * @return the attempt
	 */
	static Load.Attempt retry(String baseUrl, Load.Outcome outcome) {
		return create(baseUrl, outcome.key(), outcome.name());
	}

	static HttpRequest get(String baseUrl, String pathAndQuery) {
		return HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).timeout(REQUEST_TIMEOUT).GET().build();
	}

}
