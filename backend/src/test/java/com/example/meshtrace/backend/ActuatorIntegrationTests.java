package com.example.meshtrace.backend;

import java.util.Set;

import com.example.meshtrace.support.api.ApiRequests;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/**
 * The probes the kubelet calls, and nothing more exposed over HTTP. That readiness
 * follows the database is shown by {@link DatabaseOutageIntegrationTests}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(TestDatabaseConfiguration.class)
class ActuatorIntegrationTests {

	@LocalServerPort
	private int port;

	private RequestSpecification api;

	@BeforeEach
	void setUp() {
		this.api = ApiRequests.toLocalPort(this.port);
	}

	@Test
	void livenessAndReadinessAreUp() {
		given(this.api).get("/actuator/health/liveness").then().statusCode(200).body("status", equalTo("UP"));
		given(this.api).get("/actuator/health/readiness").then().statusCode(200).body("status", equalTo("UP"));
	}

	@Test
	void exposesOnlyHealthAndInfo() {
		given(this.api).get("/actuator")
			.then()
			.statusCode(200)
			.body("_links.keySet()", equalTo(Set.of("self", "health", "health-path", "info")));
		given(this.api).get("/actuator/env").then().statusCode(404);
		given(this.api).get("/actuator/heapdump").then().statusCode(404);
	}

}
