package com.example.meshtrace.benchmark;

import java.util.Map;

import com.example.meshtrace.benchmark.load.PhaseResult;

/**
 * One measured phase in the context of the run.
 *
 * @param tracing {@code on}, {@code off}, or {@code n/a} for the database alone
 * @param target what was called, for example {@code front POST /items}
 * @param loadAverage the machine's load averages just before the phase
 * @param cpuCores the average cores each process kept busy in the measured window:
 * {@code front}, {@code backend}, {@code PostgreSQL}, {@code load generator} (this JVM,
 * with the OTLP receiver), {@code other processes} (the rest of the machine) and
 * {@code machine} (all)
 * @param result the measurements
 */
record Phase(String tracing, String target, String loadAverage, Map<String, Double> cpuCores, PhaseResult result) {

	static final String LOAD_GENERATOR = "load generator";

	static final String OTHERS = "other processes";

	static final String MACHINE = "machine";

	Phase {
		cpuCores = Map.copyOf(cpuCores);
	}

	boolean is(String tracing, String target) {
		return this.tracing.equals(tracing) && this.target.equals(target);
	}

	/**
	 * CPU time per answer of one process.
	 * @param process a key of {@link #cpuCores()}
	 * @return milliseconds of CPU per answer, or {@code NaN} when not measured
	 */
	double cpuMillisPerRequest(String process) {
		Double cores = this.cpuCores.get(process);
		if (cores == null || this.result.requestsPerSecond() == 0) {
			return Double.NaN;
		}
		return cores * 1000 / this.result.requestsPerSecond();
	}

}
