package com.example.meshtrace.backend;

import com.example.meshtrace.support.api.ApiRequests;
import com.example.meshtrace.support.telemetry.StartedObservations;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring's own HTTP server observation stays off: the OpenTelemetry starter already
 * traces and measures every request, a second measurement only costs CPU.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import({ TestDatabaseConfiguration.class, StartedObservations.class })
class HttpObservationsIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private ObservationRegistry registry;

	@Autowired
	private StartedObservations startedObservations;

	private RequestSpecification api;

	@BeforeEach
	void setUp() {
		this.api = ApiRequests.toLocalPort(this.port);
	}

	@Test
	void requestStartsNoSpringHttpObservation() {
		given(this.api).get("/items").then().statusCode(200);
		// The handler does see an observation that is on
		Observation.createNotStarted("handler-check", this.registry).observe(() -> {
		});

		assertThat(this.startedObservations.names()).contains("handler-check").doesNotContain("http.server.requests");
	}

}
