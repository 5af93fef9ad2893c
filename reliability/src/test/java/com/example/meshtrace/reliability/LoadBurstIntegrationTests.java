package com.example.meshtrace.reliability;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import com.example.meshtrace.localrun.LocalRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A burst of concurrent {@code POST /items} through front: every request is answered 201
 * and is exactly one row.
 */
@ExtendWith(SharedStack.class)
class LoadBurstIntegrationTests {

	private static LocalRun stack;

	private static ItemsTable items;

	private final HttpClient client = ReliabilityStack.httpClient();

	@BeforeAll
	static void useStack(LocalRun shared) {
		stack = shared;
		items = new ItemsTable(stack.postgres());
	}

	@Test
	void concurrentBurstIsAnsweredWithoutErrorsAndEvery201IsOneRow() {
		String run = UUID.randomUUID().toString();
		long rowsBefore = items.count();

		// Half with an Idempotency-Key, half without: both ways of inserting
		Load load = Load.start(this.client, new Load.Settings(32, 600, Duration.ofSeconds(60), 0), (i) -> ItemRequests
			.create(stack.front().baseUrl(), (i % 2 == 0) ? run + "-" + i : null, "burst " + run + " " + i));
		List<Load.Outcome> outcomes = load.awaitEnd();
		long rows = items.count() - rowsBefore;

		Summary.print("load-burst", Summary.describe(outcomes) + ", 32 concurrent, rows " + rows);
		assertThat(outcomes).hasSize(600).allSatisfy((outcome) -> assertThat(outcome.status()).isEqualTo(201));
		assertThat(rows).isEqualTo(600);
		Map<Long, String> namesById = items.namesById();
		assertThat(outcomes).allSatisfy((outcome) -> assertThat(namesById).containsEntry(outcome.id(), outcome.name()));
		Set<Long> ids = outcomes.stream().map(Load.Outcome::id).collect(Collectors.toSet());
		assertThat(ids).hasSize(600);
	}

	@Test
	void concurrentRequestsWithOneIdempotencyKeyWriteOneRow() {
		String key = "same-key-" + UUID.randomUUID();
		String name = "one item for " + key;
		long rowsBefore = items.count();

		Load load = Load.start(this.client, new Load.Settings(16, 64, Duration.ofSeconds(60), 0),
				(i) -> ItemRequests.create(stack.front().baseUrl(), key, name));
		List<Load.Outcome> outcomes = load.awaitEnd();
		long rows = items.count() - rowsBefore;

		Summary.print("same-key-burst", Summary.describe(outcomes) + ", 16 concurrent, one key, rows " + rows);
		assertThat(outcomes).hasSize(64).allSatisfy((outcome) -> assertThat(outcome.status()).isEqualTo(201));
		assertThat(outcomes.stream().map(Load.Outcome::id).distinct()).hasSize(1);
		assertThat(rows).isEqualTo(1);
		assertThat(items.rowsPerKey()).containsEntry(key, 1);
	}

}
