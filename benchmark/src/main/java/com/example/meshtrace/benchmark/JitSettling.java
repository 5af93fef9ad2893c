package com.example.meshtrace.benchmark;

import java.util.Map;

/**
 * When a window's figures count: only once the services' JIT compilers have settled. A
 * window in which the compiler threads of the loaded services kept more than
 * {@code maxCores} busy measured compilation as much as answering, so it is discarded and
 * run again. The load generator's own compilers do not count: they run in the benchmark's
 * JVM, not in a measured service.
 *
 * @param maxCores the most cores the compiler threads of all loaded services may keep
 * busy together in a window that counts
 */
record JitSettling(double maxCores) {

	/** A tenth of a core: what the warm-up has always waited for. */
	static final JitSettling DEFAULT = new JitSettling(0.1);

	/**
	 * The cores the JIT compilers kept busy in a window.
	 * @param cpuCores a phase's {@link Phase#cpuCores()}
	 * @return the sum of the services' {@code <process> JIT} entries
	 */
	double jitCores(Map<String, Double> cpuCores) {
		return cpuCores.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().endsWith(CpuUsage.JIT)
					&& !entry.getKey().startsWith(Phase.LOAD_GENERATOR))
			.mapToDouble(Map.Entry::getValue)
			.sum();
	}

	/**
	 * Whether a window counts.
	 * @param cpuCores a phase's {@link Phase#cpuCores()}
	 * @return {@code true} when the compilers kept at most {@link #maxCores()} busy
	 */
	boolean settled(Map<String, Double> cpuCores) {
		return jitCores(cpuCores) <= this.maxCores;
	}

}
