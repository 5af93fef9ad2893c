package com.example.meshtrace.benchmark.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;

/**
 * A closed-model load: a fixed number of connections, each sending its next request as
 * soon as the previous answer is complete, for a warm-up and then a measured window.
 * Throughput is the answers completed in the window; latency is recorded per answer and
 * also corrected for coordinated omission, because a stalled server otherwise slows the
 * client down with it and hides the requests a real client would have sent meanwhile.
 * Connections are closed only after the window's end has been observed: closing them ends
 * the database's server processes, whose CPU time a snapshot taken meanwhile would miss.
 */
public final class ClosedLoopLoad {

	/** How long a worker waits before it connects again after an error. */
	private static final long ERROR_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	/** Time for in-flight requests after the window: longer than the clients' timeout. */
	private static final Duration DRAIN = Duration.ofSeconds(30);

	private ClosedLoopLoad() {
	}

	/**
	 * Runs one phase.
	 * @param plan what to run
	 * @param clients opens each worker's connection
	 * @param window told when the measured window starts and ends
	 * @return the measurements
	 */
	public static PhaseResult run(Plan plan, Client.Factory clients, WindowObserver window) {
		long start = System.nanoTime();
		long windowStart = start + plan.warmup().toNanos();
		long windowEnd = windowStart + plan.duration().toNanos();
		long maxPerWorker = Math.max(1, plan.maxRequests() / plan.connections());
		CountDownLatch windowObserved = new CountDownLatch(1);
		List<Worker> workers = new ArrayList<>();
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < plan.connections(); i++) {
			Worker worker = new Worker(i, plan.connections(), clients,
					new Window(windowStart, windowEnd, windowObserved), maxPerWorker);
			workers.add(worker);
			threads.add(Thread.ofPlatform().name("load-" + i).start(worker));
		}
		try {
			sleepUntil(windowStart);
			window.started();
			sleepUntil(windowEnd);
			window.ended();
		}
		finally {
			windowObserved.countDown();
		}
		long joinDeadline = windowEnd + DRAIN.toNanos();
		for (Thread thread : threads) {
			try {
				if (!thread.join(Duration.ofNanos(Math.max(1, joinDeadline - System.nanoTime())))) {
					throw new IllegalStateException(plan.name() + ": a load worker did not stop within " + DRAIN);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted during " + plan.name(), ex);
			}
		}
		return summarize(plan, workers);
	}

	private static void sleepUntil(long nanoTime) {
		for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
			LockSupport.parkNanos(left);
		}
	}

	private static PhaseResult summarize(Plan plan, List<Worker> workers) {
		Histogram latency = new Histogram(3);
		Map<Integer, Long> statuses = new TreeMap<>();
		long errors = 0;
		String firstError = null;
		for (Worker worker : workers) {
			latency.add(worker.latency);
			worker.statuses.forEach((status, count) -> statuses.merge(status, count, Long::sum));
			errors += worker.errors;
			if (firstError == null) {
				firstError = worker.firstError;
			}
		}
		long requests = latency.getTotalCount();
		double seconds = plan.duration().toNanos() / 1e9;
		// Each connection sends one request per (window x connections / requests) on
		// average: the interval a client sending at this rate would keep during a stall
		long expectedIntervalMicros = (requests > 0)
				? Math.max(1, Math.round(seconds * 1e6 * plan.connections() / requests)) : 0;
		Histogram corrected = (expectedIntervalMicros > 0)
				? latency.copyCorrectedForCoordinatedOmission(expectedIntervalMicros) : latency;
		long non2xx = statuses.entrySet()
			.stream()
			.filter((entry) -> entry.getKey() < 200 || entry.getKey() > 299)
			.mapToLong(Map.Entry::getValue)
			.sum();
		return new PhaseResult(plan.name(), plan.connections(), plan.warmup().toMillis() / 1000.0, seconds, requests,
				Math.round(requests / seconds * 10) / 10.0, LatencySummary.of(corrected), LatencySummary.of(latency),
				expectedIntervalMicros / 1000.0, statuses, non2xx, errors, statuses.getOrDefault(201, 0L), firstError);
	}

	/**
	 * Told when the measured window starts and when it ends, for measurements beside the
	 * load such as CPU time.
	 */
	public interface WindowObserver {

		void started();

		void ended();

	}

	/**
	 * What to run.
	 *
	 * @param name the phase's name
	 * @param connections concurrent connections
	 * @param warmup load before the measured window, not measured
	 * @param duration the measured window
	 * @param maxRequests an upper bound on requests over the whole phase
	 */
	public record Plan(String name, int connections, Duration warmup, Duration duration, long maxRequests) {

		public Plan {
			if (connections < 1 || duration.isZero() || duration.isNegative() || warmup.isNegative()) {
				throw new IllegalArgumentException("Need at least one connection and a positive duration");
			}
		}

	}

	/**
	 * When the measured window starts and ends ({@link System#nanoTime()}), and a latch
	 * released once its end has been observed.
	 */
	private record Window(long start, long end, CountDownLatch observed) {

		void awaitObserved() {
			try {
				this.observed.await(DRAIN.toNanos(), TimeUnit.NANOSECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

	/**
	 * One connection's loop. Its fields are read only after its thread has ended.
	 */
	private static final class Worker implements Runnable {

		private final int index;

		private final int stride;

		private final Client.Factory clients;

		private final Window window;

		private final long maxRequests;

		private final Histogram latency = new Histogram(3);

		private final Map<Integer, Long> statuses = new TreeMap<>();

		private long errors;

		private String firstError;

		Worker(int index, int stride, Client.Factory clients, Window window, long maxRequests) {
			this.index = index;
			this.stride = stride;
			this.clients = clients;
			this.window = window;
			this.maxRequests = maxRequests;
		}

		@Override
		public void run() {
			Client client = null;
			long sent = 0;
			while (System.nanoTime() < this.window.end() && sent < this.maxRequests) {
				try {
					if (client == null) {
						client = this.clients.open(this.index);
					}
					long sequence = this.index + sent * this.stride;
					sent++;
					long begin = System.nanoTime();
					int status = client.send(sequence);
					long end = System.nanoTime();
					this.statuses.merge(status, 1L, Long::sum);
					if (end >= this.window.start() && end <= this.window.end()) {
						this.latency.recordValue(Math.max(1, (end - begin) / 1000));
					}
				}
				catch (Exception ex) {
					this.errors++;
					if (this.firstError == null) {
						this.firstError = ex.getClass().getSimpleName() + ": " + ex.getMessage();
					}
					closeQuietly(client);
					client = null;
					LockSupport.parkNanos(ERROR_PAUSE_NANOS);
				}
			}
			this.window.awaitObserved();
			closeQuietly(client);
		}

		private static void closeQuietly(Client client) {
			if (client != null) {
				try {
					client.close();
				}
				catch (Exception ex) {
					// The connection is gone either way
				}
			}
		}

	}

}
