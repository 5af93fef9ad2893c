package com.example.meshtrace.benchmark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import com.example.meshtrace.benchmark.load.PhaseResult;

/**
 * Issue #5's targets for a 2-core machine, as ratios within one run.
 */
final class Targets {

	static final double MAX_TRACING_COST_PERCENT = 10;

	static final double MAX_FRONT_OVERHEAD_PERCENT = 35;

	/** Front may cost at most 1.2 times backend's CPU per request on the same path. */
	static final double MAX_FRONT_CPU_OVER_BACKEND_PERCENT = 20;

	static final double MAX_PEAK_RSS_MIB = 300;

	static final double MAX_START_SECONDS = 1.5;

	static final String POST = "POST /items";

	static final String FRONT = "front ";

	static final String BACKEND = "backend ";

	private Targets() {
	}

	/**
	 * The layers' costs: tracing on against {@code OTEL_SDK_DISABLED=true}, front against
	 * backend called directly, backend against the bare insert.
	 * @param phases all phases of the run
	 * @param listTarget the name of the {@code GET} target, with its limit
	 * @return the ratios, in percent
	 */
	static List<Ratio> ratios(List<Phase> phases, String listTarget) {
		List<Ratio> ratios = new ArrayList<>();
		for (String target : List.of(POST, listTarget)) {
			ratios.add(tracingCost(phases, FRONT + target));
			ratios.add(tracingCost(phases, BACKEND + target));
		}
		for (String target : List.of(POST, listTarget)) {
			for (String tracing : List.of("on", "off")) {
				double front = rps(phases, tracing, FRONT + target);
				double backend = rps(phases, tracing, BACKEND + target);
				ratios.add(new Ratio("front overhead, " + target + ", tracing " + tracing,
						"backend direct req/s / via front req/s - 1", percent(backend / front - 1)));
			}
		}
		for (String target : List.of(POST, listTarget)) {
			double front = cpuPerRequest(phases, "on", FRONT + target, "front");
			double backend = cpuPerRequest(phases, "on", FRONT + target, "backend");
			ratios.add(new Ratio("front CPU over backend CPU, " + target + ", tracing on",
					"front / backend CPU ms per request, both in the phase through front, - 1",
					percent(front / backend - 1)));
		}
		for (String target : List.of(POST, listTarget)) {
			double on = cpuPerRequest(phases, "on", FRONT + target);
			double off = cpuPerRequest(phases, "off", FRONT + target);
			ratios.add(new Ratio("tracing CPU cost, front " + target,
					"CPU ms per request of front + backend + PostgreSQL, on / off - 1", percent(on / off - 1)));
		}
		double insert = rps(phases, "n/a", Benchmark.DATABASE_INSERT);
		for (String tracing : List.of("on", "off")) {
			double backend = rps(phases, tracing, BACKEND + POST);
			ratios.add(new Ratio("backend overhead over the bare INSERT, tracing " + tracing,
					"JDBC INSERT req/s / backend POST req/s - 1", percent(insert / backend - 1)));
		}
		return ratios;
	}

	/**
	 * Evaluates the targets.
	 * @param ratios from {@link #ratios(List, String)}
	 * @param phases all phases
	 * @param services start-up and memory of each service in each configuration
	 * @param rowChecks the row counts after the load
	 * @return one result per target
	 */
	static List<TargetResult> evaluate(List<Ratio> ratios, List<Phase> phases, List<ServiceFigures> services,
			List<RowCheck> rowChecks) {
		List<TargetResult> results = new ArrayList<>();
		for (Ratio ratio : ratios) {
			if (ratio.name().startsWith("tracing cost, front")) {
				results.add(new TargetResult(ratio.name() + " <= " + fmt(MAX_TRACING_COST_PERCENT) + " %",
						fmt(ratio.percent()) + " %", ratio.percent() <= MAX_TRACING_COST_PERCENT));
			}
			if (ratio.name().startsWith("front overhead") && ratio.name().endsWith("tracing on")) {
				results.add(new TargetResult(ratio.name() + " <= " + fmt(MAX_FRONT_OVERHEAD_PERCENT) + " %",
						fmt(ratio.percent()) + " %", ratio.percent() <= MAX_FRONT_OVERHEAD_PERCENT));
			}
			if (ratio.name().startsWith("front CPU over backend CPU")) {
				results.add(new TargetResult(ratio.name() + " <= " + fmt(MAX_FRONT_CPU_OVER_BACKEND_PERCENT) + " %",
						fmt(ratio.percent()) + " %", ratio.percent() <= MAX_FRONT_CPU_OVER_BACKEND_PERCENT));
			}
		}
		long non2xx = phases.stream().map(Phase::result).mapToLong(PhaseResult::non2xx).sum();
		long socketErrors = phases.stream().map(Phase::result).mapToLong(PhaseResult::socketErrors).sum();
		boolean rowsMatch = rowChecks.stream().allMatch(RowCheck::matches);
		String rows = rowChecks.stream()
			.map((check) -> check.rows() + " rows / " + check.created() + " created")
			.reduce((a, b) -> a + ", " + b)
			.orElse("not counted");
		results.add(new TargetResult("no errors: no non-2xx, no socket errors, rows == 201s",
				non2xx + " non-2xx, " + socketErrors + " socket errors; " + rows,
				non2xx == 0 && socketErrors == 0 && rowsMatch && !rowChecks.isEmpty()));
		for (String service : List.of("backend", "front")) {
			List<ServiceFigures> figures = services.stream().filter((f) -> f.service().equals(service)).toList();
			double peak = figures.stream().mapToDouble(ServiceFigures::peakRssMiB).max().orElse(Double.NaN);
			results.add(new TargetResult(service + " peak RSS <= " + fmt(MAX_PEAK_RSS_MIB) + " MiB",
					fmt(peak) + " MiB (highest of " + figures.size() + " runs)", peak <= MAX_PEAK_RSS_MIB));
		}
		for (String service : List.of("backend", "front")) {
			List<ServiceFigures> figures = services.stream().filter((f) -> f.service().equals(service)).toList();
			double slowest = figures.stream()
				.mapToDouble(ServiceFigures::secondsToFirstRequest)
				.max()
				.orElse(Double.NaN);
			boolean cached = !figures.isEmpty() && figures.stream().allMatch(ServiceFigures::aotCacheUsed);
			results.add(new TargetResult(
					service + " start to first successful request <= " + fmt(MAX_START_SECONDS) + " s with AOT cache",
					String.format(Locale.ROOT, "%.2f s (slowest of %d starts%s)", slowest, figures.size(),
							cached ? "" : "; AOT cache NOT used"),
					cached && slowest <= MAX_START_SECONDS));
		}
		return results;
	}

	static String fmt(double value) {
		if (Double.isNaN(value)) {
			return "n/a";
		}
		return String.format(Locale.ROOT, (Math.abs(value) >= 100) ? "%.0f" : "%.1f", value);
	}

	private static Ratio tracingCost(List<Phase> phases, String target) {
		double on = rps(phases, "on", target);
		double off = rps(phases, "off", target);
		return new Ratio("tracing cost, " + target, "1 - tracing on req/s / OTEL_SDK_DISABLED req/s",
				percent(1 - on / off));
	}

	private static double cpuPerRequest(List<Phase> phases, String tracing, String target) {
		return cpuPerRequest(phases, tracing, target, "front", "backend", "PostgreSQL");
	}

	/**
	 * The mean over the configuration's windows of the target (two: one per round, A B
	 * then B A).
	 */
	private static double cpuPerRequest(List<Phase> phases, String tracing, String target, String... processes) {
		return phases.stream()
			.filter((phase) -> phase.is(tracing, target))
			.mapToDouble((phase) -> Arrays.stream(processes).mapToDouble(phase::cpuMillisPerRequest).sum())
			.average()
			.orElse(Double.NaN);
	}

	/**
	 * The mean over the configuration's windows of the target (two: one per round, A B
	 * then B A).
	 */
	private static double rps(List<Phase> phases, String tracing, String target) {
		return phases.stream()
			.filter((phase) -> phase.is(tracing, target))
			.mapToDouble((phase) -> phase.result().requestsPerSecond())
			.average()
			.orElse(Double.NaN);
	}

	private static double percent(double fraction) {
		if (Double.isNaN(fraction) || Double.isInfinite(fraction)) {
			return Double.NaN;
		}
		return Math.round(fraction * 1000) / 10.0;
	}

}
