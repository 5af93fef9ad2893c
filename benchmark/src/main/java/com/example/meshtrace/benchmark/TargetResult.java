package com.example.meshtrace.benchmark;

/**
 * One of issue #5's targets and whether this run met it.
 *
 * @param target the target, for example {@code tracing costs <= 10 % of throughput}
 * @param figure what this run measured
 * @param pass whether the figure meets the target
 */
record TargetResult(String target, String figure, boolean pass) {

	String verdict() {
		return this.pass ? "PASS" : "MISS";
	}

}
