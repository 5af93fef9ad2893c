package com.example.meshtrace.reliability;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import com.example.meshtrace.stack.LocalStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Backend killed with SIGKILL while front is under load: front answers 503 or 502
 * promptly and never hangs, recovers once backend is back, and every 201 it answered is
 * exactly one row; retries with the same {@code Idempotency-Key} leave no duplicate.
 */
@ExtendWith(SharedStack.class)
class BackendKilledIntegrationTests {

	/**
	 * Front's connect timeout is 2 s and a refused connection fails at once; this much
	 * leaves room for a busy machine, while a hang would take front's 10 s read timeout
	 * or the client's 30 s.
	 */
	private static final Duration PROMPT = Duration.ofSeconds(5);

	private static LocalStack stack;

	private static ItemsTable items;

	private final HttpClient client = ReliabilityStack.httpClient();

	@BeforeAll
	static void useStack(LocalStack shared) {
		stack = shared;
		items = new ItemsTable(stack.postgres());
	}

	@Test
	void frontAnswersPromptlyWhileBackendIsDeadAndEvery201IsOneRow() {
		String run = UUID.randomUUID().toString();
		String front = stack.front().baseUrl();
		Load load = Load.start(this.client, new Load.Settings(8, 3000, Duration.ofSeconds(120), 40),
				(i) -> ItemRequests.create(front, run + "-" + i, "killed " + run + " " + i));
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

		Map<String, Integer> rowsPerKey = items.rowsPerKey();
		List<Load.Outcome> failed = outcomes.stream().filter((o) -> !o.created()).toList();
		List<Load.Outcome> writtenDespiteError = failed.stream()
			.filter((o) -> rowsPerKey.containsKey(o.key()))
			.toList();
		long created = count(outcomes, Load.Outcome::created);
		long rows = outcomes.stream().filter((o) -> rowsPerKey.containsKey(o.key())).count();
		Summary.print("backend-killed",
				Summary.describe(outcomes) + ", max latency of errors " + Summary.seconds(Summary.max(failed))
						+ ", rows " + rows + " (" + created + " answered 201, " + writtenDespiteError.size()
						+ " written although answered " + labels(writtenDespiteError) + ")");

		// Never hangs: every request got an answer from front, errors promptly
		assertThat(outcomes).allSatisfy((o) -> assertThat(o.status()).isIn(201, 502, 503));
		assertThat(failed).isNotEmpty().allSatisfy((o) -> assertThat(o.latency()).isLessThan(PROMPT));
		assertThat(failed).allSatisfy((o) -> assertThat(o.body()).contains("\"status\":" + o.status()));
		// Every 201 is exactly one row with the name sent
		Map<Long, String> namesById = items.namesById();
		assertThat(outcomes).filteredOn(Load.Outcome::created).allSatisfy((o) -> {
			assertThat(rowsPerKey).containsEntry(o.key(), 1);
			assertThat(namesById).containsEntry(o.id(), o.name());
		});
		// A refused connection (503) never reached backend: only a request cut off by the
		// kill (502) may have been written without a 201
		assertThat(writtenDespiteError).allSatisfy((o) -> assertThat(o.status()).isEqualTo(502));
		assertThat(rows).isEqualTo(created + writtenDespiteError.size());

		// Retried with the same key, each failed request ends as exactly one row
		List<Load.Outcome> retries = Load
			.start(this.client, new Load.Settings(4, failed.size(), Duration.ofSeconds(60), 0),
					(i) -> ItemRequests.retry(front, failed.get(i)))
			.awaitEnd();
		assertThat(retries).hasSize(failed.size()).allSatisfy((o) -> assertThat(o.status()).isEqualTo(201));
		Set<String> replayed = retries.stream()
			.filter(Load.Outcome::replayed)
			.map(Load.Outcome::key)
			.collect(Collectors.toSet());
		assertThat(replayed).isEqualTo(writtenDespiteError.stream().map(Load.Outcome::key).collect(Collectors.toSet()));
		Map<String, Integer> rowsAfterRetries = items.rowsPerKey();
		assertThat(outcomes).allSatisfy((o) -> assertThat(rowsAfterRetries).containsEntry(o.key(), 1));
		Summary.print("backend-killed-retries", retries.size() + " failed requests retried with their key, "
				+ replayed.size() + " replayed, rows now " + outcomes.size() + " for " + outcomes.size() + " keys");
	}

	private static long count(List<Load.Outcome> outcomes, Predicate<Load.Outcome> filter) {
		return outcomes.stream().filter(filter).count();
	}

	private static String labels(List<Load.Outcome> outcomes) {
		return outcomes.isEmpty() ? "an error"
				: outcomes.stream().map(Load.Outcome::label).distinct().sorted().collect(Collectors.joining("/"));
	}

}
