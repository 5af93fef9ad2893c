package com.example.meshtrace.reliability;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import com.example.meshtrace.localrun.LocalRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Backend killed with SIGKILL while front is under load, with and without an
 * {@code Idempotency-Key}: front answers 503 or 502 promptly and never hangs, recovers
 * once backend is back, every 201 it answered is exactly one row and no request left two,
 * counted in the table; a failed request either wrote nothing or replays when retried
 * with its key.
 */
@ExtendWith(SharedStack.class)
class BackendKilledIntegrationTests {

	/**
	 * Front's connect timeout is 2 s and a refused connection fails at once; this much
	 * leaves room for a busy machine, while a hang would take front's 10 s read timeout
	 * or the client's 30 s.
	 */
	private static final Duration PROMPT = Duration.ofSeconds(5);

	private static LocalRun stack;

	private static ItemsTable items;

	private final HttpClient client = ReliabilityStack.httpClient();

	@BeforeAll
	static void useStack(LocalRun shared) {
		stack = shared;
		items = new ItemsTable(stack.postgres());
	}

	@Test
	void frontAnswersPromptlyWhileBackendIsDeadAndEvery201IsOneRow() {
		String run = UUID.randomUUID().toString();
		String front = stack.front().baseUrl();
		long rowsBefore = items.count();
		// Every fourth request without a key: the unique key cannot hide a second row of
		// those
		Load load = Load.start(this.client, new Load.Settings(8, 3000, Duration.ofSeconds(120), 40),
				(i) -> ItemRequests.create(front, (i % 4 == 3) ? null : run + "-" + i, "killed " + run + " " + i));
		await().atMost(Duration.ofSeconds(30)).until(() -> load.count(201) >= 60);

		long killedAt = System.nanoTime();
		stack.backend().kill();
		assertThat(stack.backend().awaitExit(Duration.ofSeconds(10))).isNotNull();
		await().atMost(Duration.ofSeconds(20))
			.until(() -> count(load.outcomes(), (o) -> o.startNanos() > killedAt && o.status() == 503) >= 20);
		stack.startBackend();
		long backAt = System.nanoTime();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> count(load.outcomes(), (o) -> o.startNanos() > backAt && o.created()) >= 60);
		List<Load.Outcome> outcomes = load.stop();

		RunRows rows = RunRows.read(items, "killed " + run + " ", rowsBefore);
		List<Load.Outcome> failed = outcomes.stream().filter((o) -> !o.created()).toList();
		List<Load.Outcome> writtenDespiteError = rows.writtenDespiteError(outcomes);
		long created = count(outcomes, Load.Outcome::created);
		Summary.print("backend-killed", Summary.describe(outcomes) + ", " + count(outcomes, (o) -> o.key() == null)
				+ " without a key, max latency of errors " + Summary.seconds(Summary.max(failed)) + ", rows added "
				+ rows.added() + " (" + created + " answered 201, " + writtenDespiteError.size()
				+ " written although answered " + labels(writtenDespiteError) + ")");

		// Never hangs: every request got an answer from front, errors promptly
		assertThat(outcomes).allSatisfy((o) -> assertThat(o.status()).isIn(201, 502, 503));
		assertThat(failed).isNotEmpty().allSatisfy((o) -> assertThat(o.latency()).isLessThan(PROMPT));
		assertThat(failed).allSatisfy((o) -> assertThat(o.body()).contains("\"status\":" + o.status()));
		// Nothing lost, nothing duplicated, counted in the table
		rows.assertEvery201IsOneRowAndNoRequestTwo(outcomes);
		// Front does not repeat a POST without a key, so a refused connection (503) never
		// reached backend: only a request cut off by the kill (502) may have been written
		assertThat(writtenDespiteError).filteredOn((o) -> o.key() == null)
			.allSatisfy((o) -> assertThat(o.status()).as(o.toString()).isEqualTo(502));

		// Retried with its key, each failed request replays its row if it had one and is
		// written now if not
		List<Load.Outcome> keyed = failed.stream().filter((o) -> o.key() != null).toList();
		long rowsBeforeRetries = items.count();
		List<Load.Outcome> retries = Load
			.start(this.client, new Load.Settings(4, keyed.size(), Duration.ofSeconds(60), 0),
					(i) -> ItemRequests.retry(front, keyed.get(i)))
			.awaitEnd();
		rows.assertRetriesReplayExactlyTheWrittenOnes(keyed, retries);
		long replayed = count(retries, Load.Outcome::replayed);
		assertThat(items.count() - rowsBeforeRetries).isEqualTo(keyed.size() - replayed);
		RunRows rowsAfterRetries = RunRows.read(items, "killed " + run + " ", rowsBefore);
		rowsAfterRetries.assertEvery201IsOneRowAndNoRequestTwo(outcomes);
		assertThat(outcomes).filteredOn((o) -> o.key() != null)
			.allSatisfy((o) -> assertThat(rowsAfterRetries.of(o)).as("rows of %s", o).hasSize(1));
		Summary.print("backend-killed-retries",
				keyed.size() + " failed requests with a key retried with it, " + replayed + " replayed, rows added "
						+ (items.count() - rowsBeforeRetries) + " (" + (keyed.size() - replayed) + " expected)");
	}

	private static long count(List<Load.Outcome> outcomes, Predicate<Load.Outcome> filter) {
		return outcomes.stream().filter(filter).count();
	}

	private static String labels(List<Load.Outcome> outcomes) {
		return outcomes.isEmpty() ? "an error"
				: outcomes.stream().map(Load.Outcome::label).distinct().sorted().collect(Collectors.joining("/"));
	}

}
