package com.example.meshtrace.backend.item;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.example.meshtrace.backend.TestDatabaseConfiguration;
import com.example.meshtrace.support.api.ApiRequests;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * {@code Idempotency-Key}: a retry answers the original item and writes nothing.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(TestDatabaseConfiguration.class)
class IdempotencyIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcClient jdbc;

	private RequestSpecification api;

	@BeforeEach
	void setUp() {
		this.jdbc.sql("TRUNCATE items RESTART IDENTITY").update();
		this.api = ApiRequests.toLocalPort(this.port);
	}

	@Test
	void retryWithSameKeyAndBodyAnswersOriginalItem() {
		Response first = create("key-1", "item-1");
		Response retry = create("key-1", "item-1");

		assertThat(first.statusCode()).isEqualTo(201);
		assertThat(first.header("Idempotent-Replayed")).isEqualTo("false");
		assertThat(retry.statusCode()).isEqualTo(201);
		assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
		assertThat(retry.asString()).isEqualTo(first.asString());
		assertThat(rowCount()).isOne();
	}

	@Test
	void sameKeyWithDifferentBodyIsRejected() {
		create("key-1", "item-1");
		given(this.api).contentType(ContentType.JSON)
			.header("Idempotency-Key", "key-1")
			.body("{\"name\":\"other\"}")
			.post("/items")
			.then()
			.statusCode(422)
			.contentType("application/problem+json")
			.body("title", equalTo("Idempotency-Key reused"));
		assertThat(this.jdbc.sql("SELECT name FROM items").query(String.class).list()).containsExactly("item-1");
	}

	@Test
	void sameKeyWithAnExtraFieldIsRejectedNotReplayed() {
		create("key-1", "a");
		given(this.api).contentType(ContentType.JSON)
			.header("Idempotency-Key", "key-1")
			.body("{\"name\":\"a\",\"x\":1}")
			.post("/items")
			.then()
			.statusCode(400)
			.contentType("application/problem+json")
			.header("Idempotent-Replayed", nullValue())
			.body("errors[0].field", equalTo("x"));
		assertThat(this.jdbc.sql("SELECT name FROM items").query(String.class).list()).containsExactly("a");
	}

	@Test
	void differentKeysCreateDifferentItems() {
		create("key-1", "same");
		create("key-2", "same");
		create(null, "same");
		assertThat(rowCount()).isEqualTo(3);
	}

	@Test
	void concurrentRetriesWithOneKeyCreateOneRow() throws Exception {
		int retries = 16;
		CountDownLatch start = new CountDownLatch(1);
		List<Callable<Response>> calls = new ArrayList<>();
		for (int i = 0; i < retries; i++) {
			calls.add(() -> {
				start.await();
				return create("race-key", "raced");
			});
		}
		List<Response> responses = new ArrayList<>();
		try (ExecutorService executor = Executors.newFixedThreadPool(retries)) {
			List<Future<Response>> futures = calls.stream().map(executor::submit).toList();
			start.countDown();
			for (Future<Response> future : futures) {
				responses.add(future.get(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS));
			}
		}

		assertThat(responses).extracting(Response::statusCode).containsOnly(201);
		assertThat(responses).extracting((response) -> response.header("Location")).containsOnly("/items/1");
		assertThat(responses).filteredOn((response) -> "false".equals(response.header("Idempotent-Replayed")))
			.hasSize(1);
		assertThat(rowCount()).isOne();
	}

	@ParameterizedTest
	@ValueSource(strings = { " ", "with space", "tab\tkey" })
	void rejectsMalformedKey(String key) {
		given(this.api).contentType(ContentType.JSON)
			.header("Idempotency-Key", key)
			.body("{\"name\":\"x\"}")
			.post("/items")
			.then()
			.statusCode(400)
			.contentType("application/problem+json");
		assertThat(rowCount()).isZero();
	}

	@Test
	void rejectsKeyLongerThan255Characters() {
		given(this.api).contentType(ContentType.JSON)
			.header("Idempotency-Key", "k".repeat(256))
			.body("{\"name\":\"x\"}")
			.post("/items")
			.then()
			.statusCode(400);
		assertThat(rowCount()).isZero();
	}

	private Response create(String key, String name) {
		RequestSpecification request = given(this.api).contentType(ContentType.JSON)
			.body("{\"name\":\"" + name + "\"}");
		if (key != null) {
			request.header("Idempotency-Key", key);
		}
		return request.post("/items");
	}

	private long rowCount() {
		return this.jdbc.sql("SELECT count(*) FROM items").query(Long.class).single();
	}

}
