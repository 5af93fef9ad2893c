package com.example.meshtrace.benchmark;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * When a run started, and the machine and its load at that moment, for the report's
 * heading.
 *
 * @param startedAt when the run started (UTC), to the second
 * @param nanoTime {@link System#nanoTime()} at the start
 * @param loadAverage the load averages at the start
 * @param machine the machine
 */
record RunStart(String startedAt, long nanoTime, String loadAverage, Machine machine) {

	static RunStart now() {
		return new RunStart(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), System.nanoTime(),
				Machine.loadAverage(), Machine.describe());
	}

	/**
	 * How long the run has taken so far.
	 * @return seconds, to a tenth
	 */
	double wallSeconds() {
		return Math.round((System.nanoTime() - this.nanoTime) / 1e8) / 10.0;
	}

}
