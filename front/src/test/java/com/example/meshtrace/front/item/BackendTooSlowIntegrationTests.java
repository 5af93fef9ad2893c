package com.example.meshtrace.front.item;

import com.example.meshtrace.support.api.ApiRequests;
import com.sun.net.httpserver.Headers;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/**
 * Front gives up on a backend slower than {@code spring.http.clients.read-timeout} and
 * answers 504.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.http.clients.read-timeout=1s")
@Import(ItemProxyIntegrationTests.StubBackendConfiguration.class)
class BackendTooSlowIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private StubBackend backend;

	private RequestSpecification api;

	@BeforeEach
	void setUp() {
		this.api = ApiRequests.toLocalPort(this.port);
	}

	@Test
	void answersGatewayTimeoutWhenBackendIsTooSlow() {
		this.backend.answer(new StubBackend.Answer(200, "application/json", "[]", new Headers(), 8000));

		given(this.api).get("/items")
			.then()
			.statusCode(504)
			.contentType("application/problem+json")
			.body("title", equalTo("Backend timed out"));
	}

}
