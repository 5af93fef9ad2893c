package com.example.meshtrace.front.item;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import com.example.meshtrace.support.api.ApiRequests;
import com.sun.net.httpserver.Headers;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistrar;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Front's pass-through and its answers to a failing backend, against a stub backend. The
 * main flows against a real backend are in the e2e module.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(ItemProxyIntegrationTests.StubBackendConfiguration.class)
class ItemProxyIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private StubBackend backend;

	private RequestSpecification api;

	@BeforeEach
	void setUp() {
		this.api = ApiRequests.toLocalPort(this.port);
	}

	@AfterEach
	void resetBackend() {
		this.backend.reset();
	}

	@Test
	void passesCreatedItemThroughWithLocationAndIdempotencyKey() {
		Headers headers = new Headers();
		headers.add("Location", "/items/7");
		headers.add("Idempotency-Key", "k-1");
		headers.add("Idempotent-Replayed", "false");
		String item = "{\"id\":7,\"name\":\"item-1\",\"createdAt\":\"2026-11-22T00:00:00Z\"}";
		this.backend.answer(new StubBackend.Answer(201, "application/json", item, headers, 0));

		given(this.api).contentType(ContentType.JSON)
			.header("Idempotency-Key", "k-1")
			.body("{\"name\":\"item-1\"}")
			.post("/items")
			.then()
			.statusCode(201)
			.contentType(ContentType.JSON)
			.header("Location", "/items/7")
			.header("Idempotency-Key", "k-1")
			.header("Idempotent-Replayed", "false")
			.body(equalTo(item));

		assertThat(this.backend.received()).singleElement().satisfies((request) -> {
			assertThat(request.method()).isEqualTo("POST");
			assertThat(request.uri()).isEqualTo("/items");
			assertThat(request.body()).isEqualTo("{\"name\":\"item-1\"}");
			assertThat(request.headers().getFirst("Idempotency-Key")).isEqualTo("k-1");
			assertThat(request.headers().getFirst("Content-Type")).startsWith("application/json");
			assertThat(request.headers().getFirst("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
		});
	}

	@Test
	void passesQueryParametersAndLinkThrough() {
		Headers headers = new Headers();
		headers.add("Link", "</items?limit=2&beforeId=4>; rel=\"next\"");
		this.backend.answer(new StubBackend.Answer(200, "application/json", "[]", headers, 0));

		given(this.api).get("/items?limit=2&beforeId=9")
			.then()
			.statusCode(200)
			.header("Link", "</items?limit=2&beforeId=4>; rel=\"next\"");

		assertThat(this.backend.received()).singleElement()
			.satisfies((request) -> assertThat(request.uri()).isEqualTo("/items?limit=2&beforeId=9"));
	}

	@Test
	void passesBackendClientErrorsThroughUnchanged() {
		// What backend answers, as the OpenAPI document describes it
		String problem = "{\"title\":\"Invalid request\",\"status\":400,\"detail\":\"The request is not valid.\","
				+ "\"errors\":[{\"field\":\"name\",\"message\":\"must not be blank\"}]}";
		this.backend.answer(new StubBackend.Answer(400, "application/problem+json", problem, new Headers(), 0));

		given(this.api).contentType(ContentType.JSON)
			.body("{\"name\":\"\"}")
			.post("/items")
			.then()
			.statusCode(400)
			.contentType("application/problem+json")
			.body(equalTo(problem));
	}

	@ParameterizedTest
	@ValueSource(ints = { 500, 503 })
	void answersBadGatewayWhenBackendFails(int backendStatus) {
		this.backend.answer(new StubBackend.Answer(backendStatus, "application/problem+json",
				"{\"detail\":\"db-host-17.internal refused\"}", new Headers(), 0));

		String body = given(this.api).contentType(ContentType.JSON)
			.body("{\"name\":\"x\"}")
			.post("/items")
			.then()
			.statusCode(502)
			.contentType("application/problem+json")
			.body("status", equalTo(502))
			.body("backendStatus", equalTo(backendStatus))
			.extract()
			.asString();
		assertThat(body).doesNotContain("db-host-17", "Exception");
	}

	@Test
	void rejectsWrongContentTypeWithoutCallingBackend() {
		given(this.api).contentType(ContentType.TEXT)
			.body("{\"name\":\"x\"}")
			.post("/items")
			.then()
			.statusCode(415)
			.contentType("application/problem+json");
		given(this.api).body("{\"name\":\"x\"}".getBytes()).post("/items").then().statusCode(415);
		assertThat(this.backend.received()).isEmpty();
	}

	@Test
	void rejectsMalformedIdempotencyKeyWithoutCallingBackend() {
		given(this.api).contentType(ContentType.JSON)
			.header("Idempotency-Key", "two words")
			.body("{\"name\":\"x\"}")
			.post("/items")
			.then()
			.statusCode(400)
			.contentType("application/problem+json");
		assertThat(this.backend.received()).isEmpty();
	}

	@Test
	void rejectsBodyOver16KiBWithoutCallingBackend() {
		given(this.api).contentType(ContentType.JSON)
			.body("{\"name\":\"" + "n".repeat(16 * 1024) + "\"}")
			.post("/items")
			.then()
			.statusCode(413)
			.contentType("application/problem+json")
			.body("status", equalTo(413));
		assertThat(this.backend.received()).isEmpty();
	}

	@Test
	void rejectsChunkedBodyOver16KiBWithoutCallingBackend() throws Exception {
		HttpResponse<String> response = postChunked("{\"name\":\"" + "n".repeat(16 * 1024) + "\"}");

		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(this.backend.received()).isEmpty();
	}

	@Test
	void passesChunkedBodyThroughWhole() throws Exception {
		String item = "{\"id\":8,\"name\":\"chunked\",\"createdAt\":\"2026-11-22T00:00:00Z\"}";
		this.backend.answer(new StubBackend.Answer(201, "application/json", item, new Headers(), 0));
		String name = "c".repeat(1000);

		HttpResponse<String> response = postChunked("{\"name\":\"" + name + "\"}");

		assertThat(response.statusCode()).isEqualTo(201);
		assertThat(response.body()).isEqualTo(item);
		assertThat(this.backend.received()).singleElement()
			.satisfies((request) -> assertThat(request.body()).isEqualTo("{\"name\":\"" + name + "\"}"));
	}

	/** Sends a body of unknown length: chunked, without {@code Content-Length}. */
	private HttpResponse<String> postChunked(String body) throws Exception {
		try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
			HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/items"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers
					.ofInputStream(() -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))))
				.build();
			return client.send(request, HttpResponse.BodyHandlers.ofString());
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "/items?limit=abc", "/items?beforeId=x", "/items/abc" })
	void rejectsMalformedParametersWithoutCallingBackend(String path) {
		given(this.api).get(path).then().statusCode(400).contentType("application/problem+json");
		assertThat(this.backend.received()).isEmpty();
	}

	@Test
	void exposesOnlyHealthAndInfo() {
		given(this.api).get("/actuator/health/liveness").then().statusCode(200).body("status", equalTo("UP"));
		given(this.api).get("/actuator/health/readiness").then().statusCode(200).body("status", equalTo("UP"));
		given(this.api).get("/actuator/env").then().statusCode(404);
		given(this.api).get("/actuator")
			.then()
			.statusCode(200)
			.body("_links.keySet()", equalTo(Set.of("self", "health", "health-path", "info")));
	}

	@TestConfiguration(proxyBeanMethods = false)
	public static class StubBackendConfiguration {

		@Bean(destroyMethod = "close")
		StubBackend stubBackend() {
			return new StubBackend();
		}

		@Bean
		DynamicPropertyRegistrar backendUrl(StubBackend backend) {
			return (registry) -> registry.add("BACKEND_URL", backend::url);
		}

	}

}
