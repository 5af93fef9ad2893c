package com.example.meshtrace.benchmark.load;

import java.util.Map;

/**
 * What one phase measured.
 *
 * @param name the phase, for example {@code front POST /items}
 * @param connections concurrent connections, each sending its next request when the
 * answer to the previous one is complete
 * @param warmupSeconds the warm-up before the measured window
 * @param durationSeconds the measured window
 * @param requests answers completed in the measured window
 * @param requestsPerSecond {@code requests / durationSeconds}
 * @param latency latency corrected for coordinated omission (HdrHistogram's
 * {@code copyCorrectedForCoordinatedOmission} with {@code expectedIntervalMs})
 * @param rawLatency latency as measured, per answer
 * @param expectedIntervalMs the mean time between two requests on one connection in the
 * measured window
 * @param statuses answers by status over the whole phase, warm-up included
 * @param non2xx answers other than 2xx over the whole phase
 * @param socketErrors connect, read and protocol errors (or SQL errors) over the whole
 * phase
 * @param created {@code 201} answers over the whole phase: each must be a row
 * @param firstError the first error's message, or {@code null}
 */
public record PhaseResult(String name, int connections, double warmupSeconds, double durationSeconds, long requests,
		double requestsPerSecond, LatencySummary latency, LatencySummary rawLatency, double expectedIntervalMs,
		Map<Integer, Long> statuses, long non2xx, long socketErrors, long created, String firstError) {

	public PhaseResult {
		statuses = Map.copyOf(statuses);
	}

	public long errors() {
		return this.non2xx + this.socketErrors;
	}

}
