package com.example.meshtrace.reliability;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one run's requests left in the {@code items} table, read from the table itself:
 * the rows of each request (every request of a run sends a name of its own, with or
 * without an {@code Idempotency-Key}) and the {@code count(*)} the table gained in all.
 * Keyless requests are what make a duplicate visible: the unique key cannot stop their
 * second row.
 *
 * @param idsByName the ids of the rows holding each of the run's names
 * @param added rows the table gained since the run began
 */
record RunRows(Map<String, List<Long>> idsByName, long added) {

	/**
	 * Reads the rows of a run.
	 * @param items the table
	 * @param namePrefix what every name of the run starts with
	 * @param countBefore {@link ItemsTable#count()} before the run
	 * @return the rows
	 */
	static RunRows read(ItemsTable items, String namePrefix, long countBefore) {
		return new RunRows(items.idsByName(namePrefix), items.count() - countBefore);
	}

	/**
	 * The rows a request left.
	 * @param outcome the request
	 * @return the ids of the rows with its name
	 */
	List<Long> of(Load.Outcome outcome) {
		return this.idsByName.getOrDefault(outcome.name(), List.of());
	}

	boolean written(Load.Outcome outcome) {
		return !of(outcome).isEmpty();
	}

	/**
	 * The requests answered with an error whose item was written all the same.
	 * @param outcomes the run's requests
	 * @return those of them not answered 201 that have a row
	 */
	List<Load.Outcome> writtenDespiteError(List<Load.Outcome> outcomes) {
		return outcomes.stream().filter((o) -> !o.created() && written(o)).toList();
	}

	/**
	 * Nothing lost, nothing duplicated: every 201 is exactly the one row it answered, no
	 * request left two rows, and the table gained the run's rows and nothing else.
	 * @param outcomes every request of the run
	 */
	void assertEvery201IsOneRowAndNoRequestTwo(List<Load.Outcome> outcomes) {
		assertThat(outcomes).allSatisfy((o) -> assertThat(of(o)).as("rows of %s", o).hasSizeLessThanOrEqualTo(1));
		assertThat(outcomes).filteredOn(Load.Outcome::created)
			.allSatisfy((o) -> assertThat(of(o)).as("rows of %s", o).containsExactly(o.id()));
		long runRows = this.idsByName.values().stream().mapToLong(List::size).sum();
		assertThat(this.added).as("count(*) gained, against the rows with the run's names").isEqualTo(runRows);
	}

	/**
	 * Each failed request retried with its key is a replay of its row if it had been
	 * written, and a new item (not a replay) if not: a failure either wrote nothing or
	 * replays on retry.
	 * @param failed the requests retried, each with an {@code Idempotency-Key}
	 * @param retries the outcomes of the retries
	 */
	void assertRetriesReplayExactlyTheWrittenOnes(List<Load.Outcome> failed, List<Load.Outcome> retries) {
		Map<String, Load.Outcome> retryByKey = retries.stream()
			.collect(Collectors.toMap(Load.Outcome::key, Function.identity()));
		assertThat(retryByKey.keySet())
			.containsExactlyInAnyOrderElementsOf(failed.stream().map(Load.Outcome::key).toList());
		assertThat(failed).allSatisfy((o) -> {
			Load.Outcome retry = retryByKey.get(o.key());
			assertThat(retry.status()).as("retry of %s: %s", o, retry).isEqualTo(201);
			assertThat(retry.replayed()).as("retry of %s replayed", o).isEqualTo(written(o));
			if (written(o)) {
				assertThat(retry.id()).as("retry of %s", o).isEqualTo(of(o).getFirst());
			}
		});
	}

}
