package com.example.meshtrace.benchmark.load;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClosedLoopLoadTests {

	private static final ClosedLoopLoad.WindowObserver NO_OBSERVER = new ClosedLoopLoad.WindowObserver() {

		@Override
		public void started() {
		}

		@Override
		public void ended() {
		}

	};

	@Test
	void countsAnswersByStatusErrorsAndReconnects() {
		AtomicInteger opened = new AtomicInteger();
		AtomicInteger calls = new AtomicInteger();
		Client.Factory clients = (worker) -> {
			opened.incrementAndGet();
			return new Client() {

				@Override
				public int send(long sequence) throws IOException {
					LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
					int call = calls.incrementAndGet();
					if (call % 10 == 0) {
						throw new IOException("reset " + call);
					}
					return (call % 10 == 5) ? 503 : 201;
				}

				@Override
				public void close() {
				}

			};
		};
		PhaseResult result = ClosedLoopLoad.run(
				new ClosedLoopLoad.Plan("test", 4, Duration.ofMillis(200), Duration.ofMillis(500), 100_000), clients,
				NO_OBSERVER);
		long answered = result.statuses().values().stream().mapToLong(Long::longValue).sum();
		assertThat(answered + result.socketErrors()).isEqualTo(calls.get());
		assertThat(result.socketErrors()).isPositive().isEqualTo(calls.get() / 10);
		assertThat(result.non2xx()).isEqualTo(result.statuses().get(503)).isPositive();
		assertThat(result.created()).isEqualTo(result.statuses().get(201));
		assertThat(opened.get()).isBetween((int) result.socketErrors(), 4 + (int) result.socketErrors());
		assertThat(result.requests()).isPositive().isLessThan(answered);
		assertThat(result.requestsPerSecond()).isEqualTo(Math.round(result.requests() / 0.5 * 10) / 10.0);
		assertThat(result.latency().p50()).isGreaterThanOrEqualTo(1.0);
		assertThat(result.firstError()).startsWith("IOException: reset ");
	}

	@Test
	void correctsLatencyForAStallThatHoldsEveryConnection() {
		// One stall of 300 ms among 1 ms answers: a client at the same rate would have
		// sent about 300 requests per connection meanwhile, all delayed
		AtomicInteger calls = new AtomicInteger();
		Client.Factory clients = (worker) -> new Client() {

			@Override
			public int send(long sequence) {
				long millis = (calls.incrementAndGet() == 200) ? 300 : 1;
				LockSupport.parkNanos(Duration.ofMillis(millis).toNanos());
				return 200;
			}

			@Override
			public void close() {
			}

		};
		PhaseResult result = ClosedLoopLoad.run(
				new ClosedLoopLoad.Plan("stall", 1, Duration.ZERO, Duration.ofMillis(1000), 100_000), clients,
				NO_OBSERVER);
		// The correction adds the requests the stall held back, each slower than the
		// expected interval: never a raw figure, which a busy machine can stretch
		assertThat(result.latency().mean()).isGreaterThan(result.rawLatency().mean());
		assertThat(result.latency().p99()).isGreaterThanOrEqualTo(result.rawLatency().p99());
		assertThat(result.latency().max()).isEqualTo(result.rawLatency().max()).isGreaterThanOrEqualTo(300);
	}

	@Test
	void stopsAtTheRequestBound() {
		Client.Factory clients = (worker) -> new Client() {

			@Override
			public int send(long sequence) {
				return 200;
			}

			@Override
			public void close() {
			}

		};
		PhaseResult result = ClosedLoopLoad.run(
				new ClosedLoopLoad.Plan("bounded", 2, Duration.ZERO, Duration.ofMillis(300), 1000), clients,
				NO_OBSERVER);
		assertThat(result.statuses()).containsEntry(200, 1000L);
	}

	@Test
	void closesItsConnectionsOnlyOnceTheWindowsEndHasBeenObserved() {
		// Closing a JDBC connection ends a PostgreSQL server process: a CPU snapshot
		// taken meanwhile misses its time (the window's end takes a while to observe)
		AtomicBoolean endObserved = new AtomicBoolean();
		List<Boolean> closedAfterTheEnd = new CopyOnWriteArrayList<>();
		Client.Factory clients = (worker) -> new Client() {

			@Override
			public int send(long sequence) {
				LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
				return 201;
			}

			@Override
			public void close() {
				closedAfterTheEnd.add(endObserved.get());
			}

		};
		ClosedLoopLoad.WindowObserver slowToObserveTheEnd = new ClosedLoopLoad.WindowObserver() {

			@Override
			public void started() {
			}

			@Override
			public void ended() {
				LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
				endObserved.set(true);
			}

		};
		PhaseResult result = ClosedLoopLoad.run(
				new ClosedLoopLoad.Plan("close", 4, Duration.ZERO, Duration.ofMillis(300), 100_000), clients,
				slowToObserveTheEnd);
		assertThat(result.created()).isPositive();
		assertThat(closedAfterTheEnd).hasSize(4).containsOnly(true);
	}

}
