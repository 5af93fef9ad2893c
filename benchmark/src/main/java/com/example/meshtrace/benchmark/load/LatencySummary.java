package com.example.meshtrace.benchmark.load;

import org.HdrHistogram.Histogram;

/**
 * Percentiles of a latency histogram recorded in microseconds, in milliseconds.
 *
 * @param p50 the median
 * @param p90 the 90th percentile
 * @param p99 the 99th percentile
 * @param max the slowest answer
 * @param mean the mean
 */
public record LatencySummary(double p50, double p90, double p99, double max, double mean) {

	static LatencySummary of(Histogram micros) {
		if (micros.getTotalCount() == 0) {
			return new LatencySummary(0, 0, 0, 0, 0);
		}
		return new LatencySummary(millis(micros.getValueAtPercentile(50)), millis(micros.getValueAtPercentile(90)),
				millis(micros.getValueAtPercentile(99)), millis(micros.getMaxValue()), millis(micros.getMean()));
	}

	private static double millis(double micros) {
		return Math.round(micros / 10.0) / 100.0;
	}

}
