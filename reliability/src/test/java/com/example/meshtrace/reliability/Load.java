package com.example.meshtrace.reliability;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A bounded load: at most {@code maxRequests} requests, for at most {@code maxDuration},
 * from a fixed number of concurrent clients, optionally paced to a rate. Records the
 * outcome of every request, including those that failed without an answer.
 */
final class Load {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient client;

	private final Settings settings;

	private final IntFunction<Attempt> attempts;

	private final AtomicInteger next = new AtomicInteger();

	private final AtomicBoolean stopped = new AtomicBoolean();

	private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();

	private final List<Thread> workers = new ArrayList<>();

	private final long startedAt;

	private Load(HttpClient client, Settings settings, IntFunction<Attempt> attempts) {
		this.client = client;
		this.settings = settings;
		this.attempts = attempts;
		this.startedAt = System.nanoTime();
	}

	/**
	 * Starts the clients.
	 * @param client the HTTP client they share
	 * @param settings how much load
	 * @param attempts the request to send as the n-th
	 * @return the running load
	 */
	static Load start(HttpClient client, Settings settings, IntFunction<Attempt> attempts) {
		Load load = new Load(client, settings, attempts);
		for (int i = 0; i < settings.concurrency(); i++) {
			Thread worker = Thread.ofPlatform().name("load-" + i).start(load::work);
			load.workers.add(worker);
		}
		return load;
	}

	private void work() {
		long deadline = this.startedAt + this.settings.maxDuration().toNanos();
		long interval = (this.settings.ratePerSecond() > 0) ? 1_000_000_000L / this.settings.ratePerSecond() : 0;
		while (!this.stopped.get()) {
			int index = this.next.getAndIncrement();
			if (index >= this.settings.maxRequests()) {
				return;
			}
			// Pacing, not synchronisation: keeps fast failures from eating both cores
			long due = this.startedAt + index * interval;
			while (System.nanoTime() < due && !this.stopped.get()) {
				LockSupport.parkNanos(due - System.nanoTime());
			}
			if (this.stopped.get() || System.nanoTime() > deadline) {
				return;
			}
			this.outcomes.add(send(index, this.attempts.apply(index)));
		}
	}

	private Outcome send(int index, Attempt attempt) {
		long start = System.nanoTime();
		try {
			HttpResponse<String> response = this.client.send(attempt.request(), HttpResponse.BodyHandlers.ofString());
			return Outcome.of(index, attempt, start, response);
		}
		catch (HttpTimeoutException ex) {
			return new Outcome(index, attempt.key(), attempt.name(), -1, "timeout", null, null, false, start,
					System.nanoTime());
		}
		catch (IOException ex) {
			return new Outcome(index, attempt.key(), attempt.name(), -1, ex.getClass().getSimpleName(), null, null,
					false, start, System.nanoTime());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Outcome(index, attempt.key(), attempt.name(), -1, "interrupted", null, null, false, start,
					System.nanoTime());
		}
	}

	/**
	 * Outcomes so far, in no particular order.
	 * @return a snapshot
	 */
	List<Outcome> outcomes() {
		return List.copyOf(this.outcomes);
	}

	long count(int status) {
		return this.outcomes.stream().filter((outcome) -> outcome.status() == status).count();
	}

	/**
	 * Stops sending new requests, without waiting for those in flight.
	 */
	void stopSending() {
		this.stopped.set(true);
	}

	/**
	 * Stops sending new requests and waits for those in flight.
	 * @return every outcome
	 */
	List<Outcome> stop() {
		this.stopped.set(true);
		return awaitEnd();
	}

	/**
	 * Waits until every client has finished.
	 * @return every outcome
	 */
	List<Outcome> awaitEnd() {
		for (Thread worker : this.workers) {
			try {
				// Bounded: each request has its own timeout
				if (!worker.join(this.settings.maxDuration().plusSeconds(60))) {
					throw new IllegalStateException(worker.getName() + " did not finish");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		return outcomes();
	}

	/**
	 * How much load.
	 *
	 * @param concurrency the number of clients, each with one request at a time
	 * @param maxRequests the most requests in all
	 * @param maxDuration the longest the load lasts
	 * @param ratePerSecond the most requests started per second, or {@code 0} for no
	 * limit
	 */
	record Settings(int concurrency, int maxRequests, Duration maxDuration, int ratePerSecond) {
	}

	/**
	 * One request to send.
	 *
	 * @param key the {@code Idempotency-Key} it carries, or {@code null}
	 * @param name the item name it carries, or {@code null}
	 * @param request the request
	 */
	record Attempt(String key, String name, HttpRequest request) {
	}

	/**
	 * What one request got.
	 *
	 * @param index the request's number
	 * @param key its {@code Idempotency-Key}
	 * @param name its item name
	 * @param status the status, or {@code -1} when no answer came
	 * @param failure why no answer came, or {@code null}
	 * @param id the item id a 201 carried, or {@code null}
	 * @param body the answer's body, or {@code null}
	 * @param replayed whether the answer said {@code Idempotent-Replayed: true}
	 * @param startNanos when it was sent
	 * @param endNanos when its outcome was known
	 */
	record Outcome(int index, String key, String name, int status, String failure, Long id, String body,
			boolean replayed, long startNanos, long endNanos) {

		static Outcome of(int index, Attempt attempt, long start, HttpResponse<String> response) {
			Long id = null;
			if (response.statusCode() == 201) {
				JsonNode item = JSON.readTree(response.body());
				id = item.path("id").asLong();
			}
			boolean replayed = response.headers()
				.firstValue("Idempotent-Replayed")
				.map(Boolean::parseBoolean)
				.orElse(false);
			return new Outcome(index, attempt.key(), attempt.name(), response.statusCode(), null, id, response.body(),
					replayed, start, System.nanoTime());
		}

		Duration latency() {
			return Duration.ofNanos(this.endNanos - this.startNanos);
		}

		/**
		 * Names the outcome for a summary: the status, or why no answer came.
		 * @return for example {@code 201} or {@code timeout}
		 */
		String label() {
			return (this.status > 0) ? String.valueOf(this.status) : this.failure;
		}

		boolean created() {
			return this.status == 201;
		}

		@Override
		public String toString() {
			String start = (this.body != null) ? this.body.substring(0, Math.min(120, this.body.length())) : "";
			return "#" + this.index + " " + label() + " after " + Summary.seconds(latency()) + " key=" + this.key
					+ " body=" + start;
		}

	}

}
