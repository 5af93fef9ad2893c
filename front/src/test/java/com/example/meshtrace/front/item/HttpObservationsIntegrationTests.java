package com.example.meshtrace.front.item;

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
import static org.hamcrest.Matchers.equalTo;

/**
 * Spring's own HTTP observations stay off in front, for the request it serves and the one
 * it sends to backend: the OpenTelemetry starter already traces and measures both, a
 * second measurement only costs CPU.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import({ ItemProxyIntegrationTests.StubBackendConfiguration.class, StartedObservations.class })
class HttpObservationsIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private StubBackend backend;

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
	void proxiedRequestStartsNoSpringHttpObservation() {
		given(this.api).get("/items").then().statusCode(200).body(equalTo("[]"));
		// The handler does see an observation that is on
		Observation.createNotStarted("handler-check", this.registry).observe(() -> {
		});

		assertThat(this.backend.received()).singleElement()
			.satisfies((request) -> assertThat(request.uri()).startsWith("/items"));
		assertThat(this.startedObservations.names()).contains("handler-check")
			.doesNotContain("http.server.requests", "http.client.requests");
	}

}
