package com.example.meshtrace.reliability;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.example.meshtrace.localrun.LocalRun;
import com.example.meshtrace.localrun.ServiceProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * SIGTERM to backend with requests in flight: each of them completes, and the process
 * exits with 143 within {@code spring.lifecycle.timeout-per-shutdown-phase} (20 s);
 * through front, no request is lost or written twice.
 */
@ExtendWith(SharedStack.class)
class GracefulShutdownIntegrationTests {

	/**
	 * The configured grace period and some time for the JVM to exit.
	 */
	private static final Duration GRACE = Duration.ofSeconds(20);

	private static final Duration EXIT_MARGIN = Duration.ofSeconds(5);

	/**
	 * The exit code of a JVM that shut down on SIGTERM: 128 + 15.
	 */
	private static final int SIGTERM_EXIT = 143;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static LocalRun stack;

	private static ItemsTable items;

	private final HttpClient client = ReliabilityStack.httpClient();

	@BeforeAll
	static void useStack(LocalRun shared) {
		stack = shared;
		items = new ItemsTable(stack.postgres());
		items.insert(1500);
	}

	@BeforeEach
	void backendRunning() {
		if (!stack.backend().isAlive()) {
			stack.startBackend();
		}
	}

	@Test
	void requestsHeldAcrossSigtermAreAnsweredAndWrittenBeforeTheProcessExits() throws IOException {
		ServiceProcess backend = stack.backend();
		String run = UUID.randomUUID().toString();
		long rowsBefore = items.count();
		List<HeldRequest> held = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			held.add(HeldRequest.send(backend.port(), run + "-" + i, "held " + i));
		}

		long terminatedAt = System.nanoTime();
		backend.terminate();
		// New connections are refused at once, while the process stays up for the
		// requests it holds
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThatExceptionOfType(ConnectException.class)
				.isThrownBy(() -> new Socket().connect(new InetSocketAddress("127.0.0.1", backend.port()), 1000)));
		await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(backend::isAlive);
		List<String> answers = new ArrayList<>();
		for (HeldRequest request : held) {
			try (request) {
				answers.add(request.complete());
			}
		}
		Integer exitCode = backend.awaitExit(GRACE.plus(EXIT_MARGIN));
		Duration exitAfter = Duration.ofNanos(System.nanoTime() - terminatedAt);

		Map<String, Integer> rowsPerKey = items.rowsPerKey();
		Summary.print("sigterm-held", held.size() + " requests held across SIGTERM, "
				+ answers.stream().filter((a) -> a.startsWith("HTTP/1.1 201")).count() + " x 201, rows "
				+ rowsPerKey.keySet().stream().filter((k) -> k.startsWith(run)).count() + ", exit code " + exitCode
				+ " " + Summary.seconds(exitAfter) + " after SIGTERM (grace " + GRACE.toSeconds() + " s)");
		assertThat(answers).hasSize(8).allSatisfy((answer) -> {
			assertThat(answer).startsWith("HTTP/1.1 201");
			assertThat(answer).contains("\"name\":\"held ");
		});
		for (int i = 0; i < held.size(); i++) {
			assertThat(rowsPerKey).containsEntry(run + "-" + i, 1);
		}
		assertThat(items.count() - rowsBefore).isEqualTo(held.size());
		// 128 + SIGTERM: the JVM ran its shutdown hooks and exited, it was not killed
		assertThat(exitCode).isEqualTo(SIGTERM_EXIT);
		assertThat(exitAfter).isGreaterThan(Duration.ofSeconds(3)).isLessThan(GRACE.plus(EXIT_MARGIN));
	}

	@Test
	void slowReadsInFlightAtSigtermAllCompleteAndTheProcessExits() {
		ServiceProcess backend = stack.backend();
		Load load = Load.start(this.client, new Load.Settings(24, 2000, Duration.ofSeconds(60), 0),
				(i) -> new Load.Attempt(null, null, ItemRequests.get(backend.baseUrl(), "/items?limit=1000")));
		await().atMost(Duration.ofSeconds(30)).until(() -> load.count(200) >= 48);

		// Every request the load has started from here on was sent before SIGTERM
		load.stopSending();
		long terminatedAt = System.nanoTime();
		backend.terminate();
		List<Load.Outcome> outcomes = load.awaitEnd();
		Integer exitCode = backend.awaitExit(GRACE.plus(EXIT_MARGIN));
		Duration exitAfter = Duration.ofNanos(System.nanoTime() - terminatedAt);

		List<Load.Outcome> inFlight = outcomes.stream().filter((o) -> o.endNanos() > terminatedAt).toList();
		Summary.print("sigterm-load",
				Summary.describe(outcomes) + ", 24 concurrent GET /items?limit=1000, " + inFlight.size()
						+ " in flight at SIGTERM: " + Summary.describe(inFlight) + "; exit code " + exitCode + " "
						+ Summary.seconds(exitAfter) + " after SIGTERM");
		assertThat(inFlight).isNotEmpty();
		// Sent before SIGTERM: answered in full, or never taken up by backend: a
		// connection
		// refused, or an idle kept-alive connection closed without an answer (Tomcat's
		// way
		// of refusing a request it has not started; a GET is safe to retry). Never an
		// error status for a request backend did not fail.
		assertThat(outcomes).allSatisfy((o) -> {
			if (o.status() == -1) {
				assertThat(o.failure()).as(o.toString()).isIn("ConnectException", "IOException");
			}
			else {
				assertThat(o.status()).as(o.toString()).isEqualTo(200);
				assertThat(JSON.readTree(o.body()).size()).isEqualTo(1000);
			}
		});
		assertThat(exitCode).isEqualTo(SIGTERM_EXIT);
		assertThat(exitAfter).isLessThan(GRACE.plus(EXIT_MARGIN));
	}

	@Test
	void frontAnswersEveryRequestWhileBackendShutsDownAndNeverPassesOnARejection() {
		String run = UUID.randomUUID().toString();
		String front = stack.front().baseUrl();
		ServiceProcess backend = stack.backend();
		long rowsBefore = items.count();
		// Every fourth request without a key: the unique key cannot hide a second row of
		// those
		Load load = Load.start(this.client, new Load.Settings(8, 3000, Duration.ofSeconds(60), 100),
				(i) -> ItemRequests.create(front, (i % 4 == 3) ? null : run + "-" + i, "rolling " + run + " " + i));
		await().atMost(Duration.ofSeconds(30)).until(() -> load.count(201) >= 100);

		long terminatedAt = System.nanoTime();
		backend.terminate();
		Integer exitCode = backend.awaitExit(GRACE.plus(EXIT_MARGIN));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> load.outcomes()
				.stream()
				.filter((o) -> o.startNanos() > terminatedAt && o.status() == 503)
				.count() >= 20);
		List<Load.Outcome> outcomes = load.stop();

		RunRows rows = RunRows.read(items, "rolling " + run + " ", rowsBefore);
		List<Load.Outcome> writtenDespiteError = rows.writtenDespiteError(outcomes);
		Summary.print("sigterm-through-front", Summary.describe(outcomes) + ", 8 concurrent POSTs through front, "
				+ outcomes.stream().filter((o) -> o.key() == null).count() + " without a key ("
				+ outcomes.stream().filter((o) -> o.key() == null && o.status() == 502).count()
				+ " of the 502s: front retries only a request with a key), backend exit code " + exitCode
				+ ", rows added " + rows.added() + " (" + outcomes.stream().filter(Load.Outcome::created).count()
				+ " answered 201, " + writtenDespiteError.size() + " written although answered an error)");
		// Backend going away is 503 (refused) or 502 (cut off), never a client error
		assertThat(outcomes).allSatisfy((o) -> assertThat(o.status()).as(o.toString()).isIn(201, 502, 503));
		// Nothing lost, nothing duplicated, counted in the table
		rows.assertEvery201IsOneRowAndNoRequestTwo(outcomes);
		// Front does not repeat a POST without a key, so a refused connection (503) never
		// reached backend
		assertThat(writtenDespiteError).filteredOn((o) -> o.key() == null)
			.allSatisfy((o) -> assertThat(o.status()).as(o.toString()).isEqualTo(502));
		assertThat(exitCode).isEqualTo(SIGTERM_EXIT);

		// Backend back: each failed request with a key either wrote nothing or replays
		stack.startBackend();
		List<Load.Outcome> keyed = outcomes.stream().filter((o) -> !o.created() && o.key() != null).toList();
		List<Load.Outcome> retries = Load
			.start(this.client, new Load.Settings(4, keyed.size(), Duration.ofSeconds(60), 0),
					(i) -> ItemRequests.retry(front, keyed.get(i)))
			.awaitEnd();
		rows.assertRetriesReplayExactlyTheWrittenOnes(keyed, retries);
		RunRows rowsAfterRetries = RunRows.read(items, "rolling " + run + " ", rowsBefore);
		rowsAfterRetries.assertEvery201IsOneRowAndNoRequestTwo(outcomes);
		assertThat(keyed).allSatisfy((o) -> assertThat(rowsAfterRetries.of(o)).as("rows of %s", o).hasSize(1));
	}

}
