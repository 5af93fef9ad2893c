package com.example.meshtrace.benchmark;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

import com.example.meshtrace.localrun.PostgresServer;
import com.example.meshtrace.localrun.otlp.OtlpReceiver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts backend, then front in front of it, as the images start them now (AOT cache and
 * Spring AOT) and as they started before Spring AOT (AOT cache only), in turn and in
 * alternating order, several times each, tracing on: start to first success, the CPU
 * seconds the JVM used until then and the breakdown by phase from the services' logs.
 */
final class StartupComparison {

	static final String BEFORE = "AOT cache (before)";

	static final String NOW = "AOT cache + Spring AOT (images now)";

	private final Logger logger = LoggerFactory.getLogger(StartupComparison.class);

	private final BenchmarkOptions options;

	private final Path workDirectory;

	private final List<Start> starts = new ArrayList<>();

	StartupComparison(BenchmarkOptions options, Path workDirectory) {
		this.options = options;
		this.workDirectory = workDirectory;
	}

	/**
	 * Runs the starts and returns the report.
	 * @param command the command line, for the report
	 * @return the report in Markdown
	 */
	String run(String command) {
		RunStart runStart = RunStart.now();
		Path project = this.options.projectDirectory();
		Map<String, List<AotCachedJar>> variants = new LinkedHashMap<>();
		Path before = this.workDirectory.resolve("before");
		variants.put(BEFORE, List.of(
				AotCachedJar.prepare(project.resolve("backend/target/backend.jar"), "backend", before,
						List.of("-Dspring.flyway.enabled=false"), false),
				AotCachedJar.prepare(project.resolve("front/target/front.jar"), "front", before, List.of(), false)));
		Path now = this.workDirectory.resolve("now");
		variants.put(NOW,
				List.of(AotCachedJar.prepare(project.resolve("backend/target/backend.jar"), "backend", now,
						AotCachedJar.BACKEND_TRAINING),
						AotCachedJar.prepare(project.resolve("front/target/front.jar"), "front", now, List.of())));
		Path logs = this.workDirectory.resolve("logs");
		try (PostgresServer postgres = PostgresServer.start(); OtlpReceiver otlp = OtlpReceiver.startCounting()) {
			Map<String, String> environment = new HashMap<>(postgres.libpqEnvironment());
			environment.putAll(Benchmark.tracedExport(otlp));
			List<String> order = new ArrayList<>(variants.keySet());
			for (int round = 1; round <= this.options.startups(); round++) {
				for (String variant : (round % 2 == 1) ? order : order.reversed()) {
					startPair(variant, round, variants.get(variant), environment, logs);
				}
			}
		}
		return markdown(command, runStart);
	}

	private void startPair(String variant, int round, List<AotCachedJar> jars, Map<String, String> environment,
			Path logs) {
		String label = (variant.equals(NOW) ? "now-" : "before-") + round;
		Map<String, String> backendEnvironment = new HashMap<>(environment);
		backendEnvironment.put("OTEL_SERVICE_NAME", "backend");
		StartedService backend = start(variant, jars.get(0), label, backendEnvironment, logs);
		try {
			Map<String, String> frontEnvironment = new HashMap<>(environment);
			frontEnvironment.put("OTEL_SERVICE_NAME", "front");
			frontEnvironment.put("BACKEND_URL", backend.process().baseUrl());
			start(variant, jars.get(1), label, frontEnvironment, logs).process().close();
		}
		finally {
			backend.process().close();
		}
	}

	private StartedService start(String variant, AotCachedJar jar, String label, Map<String, String> environment,
			Path logs) {
		List<String> jvmOptions = jar.jvmOptions(this.options.memoryLimitMiB(),
				StartedService.aotLog(logs, jar.name(), label));
		Instant launched = Instant.now();
		StartedService service = StartedService.start(jar.name(), jar.jar(), jvmOptions, label, environment, logs);
		Instant firstSuccess = launched.plus(service.timeToFirstRequest());
		this.starts.add(new Start(variant, jar.name(), service.timeToFirstRequest().toMillis() / 1000.0,
				service.cpuSecondsToFirstRequest(), service.aotCacheUsed(),
				StartupPhases.read(service.process().log(), launched, firstSuccess)));
		this.logger.info("{} ({}): first success after {} ms, {} CPU seconds{}", jar.name(), variant,
				service.timeToFirstRequest().toMillis(), service.cpuSecondsToFirstRequest(),
				service.aotCacheUsed() ? "" : " (AOT cache NOT used)");
		return service;
	}

	private String markdown(String command, RunStart runStart) {
		StringBuilder md = new StringBuilder();
		md.append("`")
			.append(command)
			.append("` at ")
			.append(runStart.startedAt())
			.append(", load average ")
			.append(runStart.loadAverage());
		md.append(" at the start, ").append(Machine.loadAverage()).append(" at the end; ");
		md.append(this.options.startups()).append(" starts of each service per variant, in turn, tracing on.\n\n");
		md.append("| Variant | Service | Start to first success, median (min-max) | CPU seconds to first success, "
				+ "median (min-max) | AOT cache used |\n|---|---|--:|--:|---|\n");
		List<String> columns = new ArrayList<>();
		for (String variant : List.of(BEFORE, NOW)) {
			for (String service : List.of("backend", "front")) {
				List<Start> of = startsOf(variant, service);
				md.append("| ")
					.append(variant)
					.append(" | ")
					.append(service)
					.append(" | ")
					.append(spread(of, Start::seconds, " s"))
					.append(" | ")
					.append(spread(of, Start::cpuSeconds, " s"))
					.append(" | ")
					.append(of.stream().allMatch(Start::aotCacheUsed) ? "yes, all" : "NOT in every start")
					.append(" |\n");
				columns.add(service + ", " + variant);
			}
		}
		md.append("\nBy phase, medians in seconds (the services' log timestamps):\n\n| Phase | ")
			.append(String.join(" | ", columns))
			.append(" |\n|---|")
			.append("--:|".repeat(columns.size()))
			.append('\n');
		Set<String> phases = new LinkedHashSet<>();
		phases.add(StartupPhases.JVM);
		phases.add(StartupPhases.ENVIRONMENT);
		StartupPhases.MARKERS.forEach((marker) -> phases.add(marker.getKey()));
		phases.add(StartupPhases.FIRST_SUCCESS);
		for (String phase : phases) {
			md.append("| ").append(phase);
			for (String variant : List.of(BEFORE, NOW)) {
				for (String service : List.of("backend", "front")) {
					List<Double> values = startsOf(variant, service).stream()
						.map((start) -> start.phases().seconds().get(phase))
						.filter((value) -> value != null)
						.toList();
					md.append(" | ")
						.append(values.isEmpty() ? "-" : String.format(Locale.ROOT, "%.2f",
								median(values.stream().mapToDouble(Double::doubleValue).toArray())));
				}
			}
			md.append(" |\n");
		}
		return md.toString();
	}

	private List<Start> startsOf(String variant, String service) {
		return this.starts.stream()
			.filter((start) -> start.variant().equals(variant) && start.service().equals(service))
			.toList();
	}

	private static String spread(List<Start> starts, ToDoubleFunction<Start> figure, String unit) {
		double[] values = starts.stream().mapToDouble(figure).sorted().toArray();
		if (values.length == 0) {
			return "-";
		}
		return String.format(Locale.ROOT, "%.2f%s (%.2f-%.2f)", median(values), unit, values[0],
				values[values.length - 1]);
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

	/**
	 * One start of one service.
	 *
	 * @param variant {@link #BEFORE} or {@link #NOW}
	 * @param service {@code backend} or {@code front}
	 * @param seconds start to first success
	 * @param cpuSeconds CPU seconds of the JVM until then
	 * @param aotCacheUsed whether the JVM ran with the AOT cache's linked classes
	 * @param phases the breakdown from the service's log
	 */
	record Start(String variant, String service, double seconds, double cpuSeconds, boolean aotCacheUsed,
			StartupPhases phases) {
	}

}
