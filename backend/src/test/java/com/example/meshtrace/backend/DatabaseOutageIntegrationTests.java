package com.example.meshtrace.backend;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.example.meshtrace.localrun.PostgresServer;
import com.example.meshtrace.support.api.ApiRequests;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * PostgreSQL goes away and comes back: backend answers 503 promptly, reports not ready,
 * and recovers without a restart.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(TestDatabaseConfiguration.class)
@DirtiesContext
class DatabaseOutageIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private PostgresServer postgres;

	@Autowired
	private JdbcClient jdbc;

	private RequestSpecification api;

	@BeforeEach
	void setUp() {
		this.api = ApiRequests.toLocalPort(this.port);
	}

	@AfterEach
	void restartDatabase() {
		this.postgres.restart();
	}

	@Test
	// A hang fails the test instead of stalling the build; how fast the 503 comes is the
	// reliability suite's figure (postgres-outage: max latency of errors), not asserted
	// here
	@Timeout(value = 2, unit = TimeUnit.MINUTES)
	void answersServiceUnavailableAndRecoversWhenDatabaseReturns() {
		given(this.api).get("/actuator/health/readiness").then().statusCode(200);

		this.postgres.stop();

		given(this.api).contentType(ContentType.JSON)
			.header("Idempotency-Key", "outage-1")
			.body("{\"name\":\"during-outage\"}")
			.post("/items")
			.then()
			.statusCode(503)
			.contentType("application/problem+json")
			.header("Retry-After", "1")
			.body("title", equalTo("Database unavailable"));
		given(this.api).get("/items").then().statusCode(503);
		given(this.api).get("/actuator/health/readiness").then().statusCode(503).body("status", equalTo("DOWN"));
		given(this.api).get("/actuator/health/liveness").then().statusCode(200);

		this.postgres.restart();

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> given(this.api).get("/actuator/health/readiness").then().statusCode(200));
		given(this.api).contentType(ContentType.JSON)
			.header("Idempotency-Key", "outage-1")
			.body("{\"name\":\"during-outage\"}")
			.post("/items")
			.then()
			.statusCode(201)
			.body("name", equalTo("during-outage"));
		assertThat(this.jdbc.sql("SELECT count(*) FROM items WHERE name = 'during-outage'").query(Long.class).single())
			.isOne();
	}

}
