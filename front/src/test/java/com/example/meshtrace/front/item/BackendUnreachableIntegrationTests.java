package com.example.meshtrace.front.item;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import com.example.meshtrace.support.api.ApiRequests;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/**
 * Front answers 503 at once when nothing listens at {@code BACKEND_URL}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class BackendUnreachableIntegrationTests {

	@LocalServerPort
	private int port;

	private RequestSpecification api;

	@DynamicPropertySource
	static void closedBackendPort(DynamicPropertyRegistry registry) throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		registry.add("BACKEND_URL", () -> "http://127.0.0.1:" + closedPort);
	}

	@BeforeEach
	void setUp() {
		this.api = ApiRequests.toLocalPort(this.port);
	}

	@Test
	void answersServiceUnavailableWhenBackendIsDown() {
		given(this.api).contentType(ContentType.JSON)
			.body("{\"name\":\"x\"}")
			.post("/items")
			.then()
			.statusCode(503)
			.contentType("application/problem+json")
			.body("title", equalTo("Backend unavailable"));
		given(this.api).get("/items").then().statusCode(503).contentType("application/problem+json");
	}

	@Test
	void staysReadyWhenBackendIsDown() {
		// Readiness must not follow backend: restarting front would not bring backend
		// back
		given(this.api).get("/actuator/health/readiness").then().statusCode(200);
	}

}
