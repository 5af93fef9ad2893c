package com.example.meshtrace.e2e;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.example.meshtrace.localrun.LocalRun;
import com.example.meshtrace.localrun.LoopbackPorts;
import com.example.meshtrace.localrun.PostgresServer;
import com.example.meshtrace.support.api.ApiRequests;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Front against the real backend, each in a JVM of its own with PostgreSQL behind: what
 * backend answers reaches the client through front unchanged, header for header and byte
 * for byte: {@code Location}, {@code Link} (followed to the last page),
 * {@code Idempotency-Key} and {@code Idempotent-Replayed}, the item, the 4xx problems,
 * and {@code Retry-After} while PostgreSQL is down. The stub-backend cases are in front's
 * {@code ItemProxyIntegrationTests}.
 */
class FrontPassThroughIntegrationTests {

	private static final Pattern NEXT_LINK = Pattern.compile("<(/items\\?limit=\\d+&beforeId=\\d+)>; rel=\"next\"");

	private static LocalRun stack;

	private static RequestSpecification front;

	private static RequestSpecification backend;

	@BeforeAll
	static void startStack() {
		Map<String, String> noExport = Map.of("OTEL_TRACES_EXPORTER", "none", "OTEL_METRICS_EXPORTER", "none",
				"OTEL_LOGS_EXPORTER", "none");
		stack = LocalRun.start(new LocalRun.Settings(ServiceJars.copyOf("backend.jar"), ServiceJars.copyOf("front.jar"),
				0, LoopbackPorts.free(), LoopbackPorts.free(), noExport, List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"),
				Path.of(System.getProperty("e2e.logs", "target/e2e-logs"), "pass-through")));
		front = ApiRequests.to(stack.front().baseUrl());
		backend = ApiRequests.to(stack.backend().baseUrl());
	}

	@AfterAll
	static void stopStack() {
		if (stack != null) {
			stack.close();
		}
	}

	@Test
	void createdItemAndItsReplayPassThroughWithLocationAndIdempotencyHeaders() {
		String key = UUID.randomUUID().toString();
		String name = "pass-through " + key;
		long rowsBefore = rowCount();

		Response created = post(front, key, "{\"name\":\"" + name + "\"}");

		assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
		assertThat(created.contentType()).isEqualTo("application/json");
		assertThat(created.header("Location")).matches("/items/\\d+");
		assertThat(created.header("Idempotency-Key")).isEqualTo(key);
		assertThat(created.header("Idempotent-Replayed")).isEqualTo("false");
		long id = created.jsonPath().getLong("id");
		assertThat(created.header("Location")).isEqualTo("/items/" + id);
		assertThat(created.jsonPath().getString("name")).isEqualTo(name);
		assertThat(rowCount()).isEqualTo(rowsBefore + 1);
		assertThat(nameOfRow(id)).isEqualTo(name);

		// The same request again, through front and straight to backend: one replay, the
		// same bytes, no second row
		Response replayed = post(front, key, "{\"name\":\"" + name + "\"}");
		Response replayedByBackend = post(backend, key, "{\"name\":\"" + name + "\"}");
		assertThat(replayed.statusCode()).isEqualTo(201);
		assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(replayed.header("Idempotency-Key")).isEqualTo(key);
		assertThat(replayed.header("Location")).isEqualTo(created.header("Location"));
		assertThat(replayed.asString()).isEqualTo(created.asString()).isEqualTo(replayedByBackend.asString());
		assertThat(rowCount()).isEqualTo(rowsBefore + 1);

		// Location followed through front: the item, as backend has it
		Response read = given(front).get(created.header("Location"));
		assertThat(read.statusCode()).isEqualTo(200);
		assertThat(read.contentType()).isEqualTo("application/json");
		assertThat(read.asString()).isEqualTo(given(backend).get("/items/" + id).asString())
			.isEqualTo(created.asString());
	}

	@Test
	void linkFollowedThroughFrontListsEveryItemOnceNewestFirst() {
		for (int i = 0; i < 7; i++) {
			assertThat(post(front, null, "{\"name\":\"page item " + i + "\"}").statusCode()).isEqualTo(201);
		}
		List<Long> table = idsNewestFirst();
		assertThat(table).hasSizeGreaterThanOrEqualTo(7);

		List<Long> listed = new ArrayList<>();
		String next = "/items?limit=3";
		int pages = 0;
		while (next != null) {
			Response page = given(front).get(next);
			Response direct = given(backend).get(next);
			assertThat(page.statusCode()).as(next).isEqualTo(200);
			assertThat(page.header("Link")).as(next).isEqualTo(direct.header("Link"));
			assertThat(page.asString()).as(next).isEqualTo(direct.asString());
			List<Long> ids = page.jsonPath().getList("id", Long.class);
			if (!listed.isEmpty() && !ids.isEmpty()) {
				// Continues the page before: the next id the table holds below its last
				long previous = listed.getLast();
				assertThat(ids.getFirst()).as(next).isEqualTo(table.get(table.indexOf(previous) + 1));
			}
			listed.addAll(ids);
			next = nextLink(page.header("Link"));
			pages++;
			assertThat(pages).as("pages followed").isLessThanOrEqualTo(table.size() / 3 + 2);
		}

		// No gap, no repeat: the pages together are the table, newest first
		assertThat(listed).isEqualTo(table);
		assertThat(pages).isGreaterThanOrEqualTo(3);
	}

	@Test
	void unknownItemIsBackends404ProblemUnchanged() {
		String path = "/items/" + (maxId() + 1000);

		Response throughFront = given(front).get(path);
		Response direct = given(backend).get(path);

		assertThat(throughFront.statusCode()).isEqualTo(404);
		assertThat(throughFront.contentType()).isEqualTo("application/problem+json");
		assertThat(throughFront.jsonPath().getInt("status")).isEqualTo(404);
		assertThat(throughFront.asString()).isEqualTo(direct.asString());
	}

	@Test
	void clientErrorsAreBackendsProblemsUnchangedAndWriteNothing() {
		String key = UUID.randomUUID().toString();
		assertThat(post(front, key, "{\"name\":\"first body\"}").statusCode()).isEqualTo(201);
		long rowsBefore = rowCount();

		Response unknownField = post(front, null, "{\"name\":\"a\",\"x\":1}");
		Response reusedKey = post(front, key, "{\"name\":\"other body\"}");

		assertThat(unknownField.statusCode()).isEqualTo(400);
		assertThat(unknownField.contentType()).isEqualTo("application/problem+json");
		assertThat(unknownField.jsonPath().getString("errors[0].field")).isEqualTo("x");
		assertThat(unknownField.asString()).isEqualTo(post(backend, null, "{\"name\":\"a\",\"x\":1}").asString());
		assertThat(reusedKey.statusCode()).isEqualTo(422);
		assertThat(reusedKey.contentType()).isEqualTo("application/problem+json");
		assertThat(reusedKey.asString()).isEqualTo(post(backend, key, "{\"name\":\"other body\"}").asString());
		assertThat(rowCount()).isEqualTo(rowsBefore);
	}

	@Test
	void retryAfterPassesThroughWhileDatabaseIsDownAndTheRetryIsWrittenOnce() {
		String key = UUID.randomUUID().toString();
		String body = "{\"name\":\"while the database is down " + key + "\"}";
		long rowsBefore = rowCount();

		stack.postgres().stop();
		Response direct;
		Response throughFront;
		try {
			direct = post(backend, key, body);
			throughFront = post(front, key, body);
		}
		finally {
			stack.postgres().restart();
		}

		assertThat(direct.statusCode()).as(direct.asString()).isEqualTo(503);
		assertThat(direct.header("Retry-After")).isNotBlank();
		// Front reports backend's 503 as a failed backend, with backend's Retry-After
		assertThat(throughFront.statusCode()).as(throughFront.asString()).isEqualTo(502);
		assertThat(throughFront.contentType()).isEqualTo("application/problem+json");
		assertThat(throughFront.jsonPath().getInt("backendStatus")).isEqualTo(503);
		assertThat(throughFront.header("Retry-After")).isEqualTo(direct.header("Retry-After"));

		// Nothing was written: once PostgreSQL is back, the retry creates the item, once
		stack.backend().awaitReady(Duration.ofSeconds(60));
		Response retried = post(front, key, body);
		assertThat(retried.statusCode()).as(retried.asString()).isEqualTo(201);
		assertThat(retried.header("Idempotent-Replayed")).isEqualTo("false");
		assertThat(rowCount()).isEqualTo(rowsBefore + 1);
	}

	private static Response post(RequestSpecification service, String key, String json) {
		RequestSpecification request = given(service).contentType(ContentType.JSON).body(json);
		if (key != null) {
			request.header("Idempotency-Key", key);
		}
		return request.post("/items");
	}

	private static String nextLink(String link) {
		if (link == null) {
			return null;
		}
		Matcher matcher = NEXT_LINK.matcher(link);
		assertThat(matcher.matches()).as(link).isTrue();
		return matcher.group(1);
	}

	private static long rowCount() {
		return query("SELECT count(*) FROM items").getFirst();
	}

	private static long maxId() {
		return query("SELECT coalesce(max(id), 0) FROM items").getFirst();
	}

	private static List<Long> idsNewestFirst() {
		return query("SELECT id FROM items ORDER BY id DESC");
	}

	private static String nameOfRow(long id) {
		try (Connection connection = connect();
				PreparedStatement statement = connection.prepareStatement("SELECT name FROM items WHERE id = ?")) {
			statement.setLong(1, id);
			try (ResultSet rs = statement.executeQuery()) {
				return rs.next() ? rs.getString(1) : null;
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static List<Long> query(String sql) {
		try (Connection connection = connect();
				PreparedStatement statement = connection.prepareStatement(sql);
				ResultSet rs = statement.executeQuery()) {
			List<Long> values = new ArrayList<>();
			while (rs.next()) {
				values.add(rs.getLong(1));
			}
			return values;
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not run " + sql, ex);
		}
	}

	private static Connection connect() throws SQLException {
		PostgresServer postgres = stack.postgres();
		return DriverManager.getConnection(postgres.jdbcUrl(), PostgresServer.USERNAME, PostgresServer.PASSWORD);
	}

}
