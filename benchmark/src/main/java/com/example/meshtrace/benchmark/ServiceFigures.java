package com.example.meshtrace.benchmark;

/**
 * One service's start-up and memory in one configuration.
 *
 * @param service {@code backend} or {@code front}
 * @param tracing {@code on} or {@code off}
 * @param secondsToFirstRequest from starting the JVM to the first {@code 200} of
 * {@code GET /items?limit=1}
 * @param cpuSecondsToFirstRequest CPU seconds the JVM used until then
 * @param memory after all of this configuration's phases
 * @param aotCacheUsed whether the JVM ran with the AOT cache's linked classes
 */
record ServiceFigures(String service, String tracing, double secondsToFirstRequest, double cpuSecondsToFirstRequest,
		StartedService.Memory memory, boolean aotCacheUsed) {

	double peakRssMiB() {
		return this.memory.peakRss();
	}

}
