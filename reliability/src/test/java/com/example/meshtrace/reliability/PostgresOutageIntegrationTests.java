package com.example.meshtrace.reliability;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import com.example.meshtrace.localrun.LocalRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL stopped and started again while backend is under load: backend answers 503
 * promptly and reports readiness DOWN, then recovers by itself, without a restart; every
 * 201 is exactly one row and no request left two, counted in the table, and retrying
 * every request that has an {@code Idempotency-Key} afterwards replays what was written
 * and writes the rest once.
 */
@ExtendWith(SharedStack.class)
class PostgresOutageIntegrationTests {

	/**
	 * Hikari waits 2 s for a connection and the driver 2 s to connect; a hang would take
	 * the driver's 10 s socket timeout or the client's 30 s.
	 */
	private static final Duration PROMPT = Duration.ofSeconds(5);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static LocalRun stack;

	private static ItemsTable items;

	private final HttpClient client = ReliabilityStack.httpClient();

	@BeforeAll
	static void useStack(LocalRun shared) {
		stack = shared;
		items = new ItemsTable(stack.postgres());
	}

	@Test
	void backendAnswers503PromptlyWhileDatabaseIsDownAndRecoversByItself() throws Exception {
		String run = UUID.randomUUID().toString();
		String backend = stack.backend().baseUrl();
		long pid = stack.backend().pid();
		long rowsBefore = items.count();
		// Every fourth request without a key: the unique key cannot hide a second row of
		// those
		Load load = Load.start(this.client, new Load.Settings(8, 5000, Duration.ofSeconds(120), 100),
				(i) -> ItemRequests.create(backend, (i % 4 == 3) ? null : run + "-" + i, "outage " + run + " " + i));
		await().atMost(Duration.ofSeconds(30)).until(() -> load.count(201) >= 100);

		long stoppedAt = System.nanoTime();
		stack.postgres().stop();
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(readiness()).isEqualTo("DOWN"));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> count(load.outcomes(), (o) -> o.startNanos() > stoppedAt && o.status() == 503) >= 50);
		HttpResponse<String> throughFront = this.client
			.send(ItemRequests.create(stack.front().baseUrl(), run + "-front", "outage " + run + " through front")
				.request(), HttpResponse.BodyHandlers.ofString());
		stack.postgres().restart();
		long restartedAt = System.nanoTime();
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(readiness()).isEqualTo("UP"));
		Duration recovery = Duration.ofNanos(System.nanoTime() - restartedAt);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> count(load.outcomes(), (o) -> o.startNanos() > restartedAt && o.created()) >= 100);
		List<Load.Outcome> outcomes = load.stop();

		RunRows rows = RunRows.read(items, "outage " + run + " ", rowsBefore);
		List<Load.Outcome> failed = outcomes.stream().filter((o) -> !o.created()).toList();
		long created = count(outcomes, Load.Outcome::created);
		List<Load.Outcome> writtenDespiteError = rows.writtenDespiteError(outcomes);
		Summary.print("postgres-outage", Summary.describe(outcomes) + ", " + count(outcomes, (o) -> o.key() == null)
				+ " without a key, max latency of errors " + Summary.seconds(Summary.max(failed)) + ", ready again "
				+ Summary.seconds(recovery) + " after restart, rows added " + rows.added() + " (" + created
				+ " answered 201, " + writtenDespiteError.size() + " written although answered an error)");

		// Recovered by itself: the same process, no restart
		assertThat(stack.backend().pid()).isEqualTo(pid);
		assertThat(stack.backend().isAlive()).isTrue();
		assertThat(outcomes).allSatisfy((o) -> assertThat(o.status()).isIn(201, 503));
		assertThat(failed).isNotEmpty().allSatisfy((o) -> {
			assertThat(o.latency()).isLessThan(PROMPT);
			assertThat(o.body()).contains("\"title\":\"Database unavailable\"");
		});
		// front reports backend's 503 as a failed backend (502), as promptly
		assertThat(throughFront.statusCode()).isEqualTo(502);
		assertThat(throughFront.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(JSON.readTree(throughFront.body()).path("backendStatus").asInt()).isEqualTo(503);
		// Nothing lost, nothing duplicated, counted in the table
		rows.assertEvery201IsOneRowAndNoRequestTwo(outcomes);

		// Every request with a key again: the 201s replay the same item, a failure
		// replays
		// its row if it had one and is written now if not, and no request has two rows
		List<Load.Outcome> keyed = outcomes.stream().filter((o) -> o.key() != null).toList();
		long rowsBeforeRetries = items.count();
		List<Load.Outcome> retries = Load
			.start(this.client, new Load.Settings(8, keyed.size(), Duration.ofSeconds(90), 0),
					(i) -> ItemRequests.retry(backend, keyed.get(i)))
			.awaitEnd();
		long rowsAdded = items.count() - rowsBeforeRetries;
		long expected = keyed.stream().filter((o) -> !rows.written(o)).count();
		Summary.print("postgres-outage-retries",
				retries.size() + " requests with a key retried with it: " + Summary.describe(retries) + ", "
						+ count(retries, Load.Outcome::replayed) + " replayed, rows added " + rowsAdded + " ("
						+ expected + " expected)");
		rows.assertRetriesReplayExactlyTheWrittenOnes(keyed, retries);
		assertThat(rowsAdded).isEqualTo(expected);
		RunRows rowsAfterRetries = RunRows.read(items, "outage " + run + " ", rowsBefore);
		rowsAfterRetries.assertEvery201IsOneRowAndNoRequestTwo(outcomes);
		assertThat(keyed).allSatisfy((o) -> assertThat(rowsAfterRetries.of(o)).as("rows of %s", o).hasSize(1));
	}

	private String readiness() throws Exception {
		HttpResponse<String> response = this.client.send(
				ItemRequests.get(stack.backend().baseUrl(), "/actuator/health/readiness"),
				HttpResponse.BodyHandlers.ofString());
		JsonNode health = JSON.readTree(response.body());
		String status = health.path("status").asString();
		assertThat(response.statusCode()).isEqualTo("UP".equals(status) ? 200 : 503);
		return status;
	}

	private static long count(List<Load.Outcome> outcomes, Predicate<Load.Outcome> filter) {
		return outcomes.stream().filter(filter).count();
	}

}
