package com.example.meshtrace.front.item;

import io.restassured.builder.RequestSpecBuilder;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistrar;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * A backend that closes or resets a kept-alive connection without answering (as one does
 * after SIGTERM): front sends a request that is safe to repeat once more, on a fresh
 * connection, and never repeats a {@code POST} without an {@code Idempotency-Key}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(BackendClosedConnectionIntegrationTests.ClosingBackendConfiguration.class)
class BackendClosedConnectionIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private ClosingBackend backend;

	private RequestSpecification api;

	@BeforeEach
	void setUp() {
		this.api = new RequestSpecBuilder().setBaseUri("http://127.0.0.1").setPort(this.port).build();
		// One answered request leaves one kept-alive connection, which the stub closes
		// when the next request arrives on it
		given(this.api).get("/items").then().statusCode(200);
		this.backend.reset();
	}

	@ParameterizedTest
	@EnumSource
	void neverSendsAKeylessPostTwice(ClosingBackend.Ending ending) {
		this.backend.endConnectionsWith(ending);
		given(this.api).contentType(ContentType.JSON)
			.body("{\"name\":\"x\"}")
			.post("/items")
			.then()
			.statusCode(502)
			.contentType("application/problem+json")
			.body("title", equalTo("Backend failed"));

		assertThat(this.backend.received()).containsExactly(new ClosingBackend.Received("POST", "/items", null, false));
	}

	@ParameterizedTest
	@EnumSource
	void retriesAPostWithAnIdempotencyKeyOnceOnAFreshConnection(ClosingBackend.Ending ending) {
		this.backend.endConnectionsWith(ending);
		given(this.api).contentType(ContentType.JSON)
			.header("Idempotency-Key", "k-1")
			.body("{\"name\":\"x\"}")
			.post("/items")
			.then()
			.statusCode(201)
			.body("name", equalTo("x"));

		assertThat(this.backend.received()).containsExactly(new ClosingBackend.Received("POST", "/items", "k-1", false),
				new ClosingBackend.Received("POST", "/items", "k-1", true));
	}

	@ParameterizedTest
	@EnumSource
	void retriesAGetOnceOnAFreshConnection(ClosingBackend.Ending ending) {
		this.backend.endConnectionsWith(ending);
		given(this.api).get("/items").then().statusCode(200).body("size()", equalTo(0));

		assertThat(this.backend.received()).containsExactly(new ClosingBackend.Received("GET", "/items", null, false),
				new ClosingBackend.Received("GET", "/items", null, true));
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class ClosingBackendConfiguration {

		@Bean(destroyMethod = "close")
		ClosingBackend closingBackend() {
			return new ClosingBackend();
		}

		@Bean
		DynamicPropertyRegistrar backendUrl(ClosingBackend backend) {
			return (registry) -> registry.add("BACKEND_URL", backend::url);
		}

	}

}
