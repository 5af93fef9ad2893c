package com.example.meshtrace.benchmark;

import java.util.List;
import java.util.Map;

import com.example.meshtrace.benchmark.load.LatencySummary;
import com.example.meshtrace.benchmark.load.PhaseResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TargetsTests {

	private static final String LIST = "GET /items?limit=20";

	@Test
	void computesLayerCostsFromRequestsPerSecond() {
		List<Ratio> ratios = Targets.ratios(phases(900, 1000, 650, 1000), LIST);
		assertThat(ratios).contains(
				new Ratio("tracing cost, front POST /items", "1 - tracing on req/s / OTEL_SDK_DISABLED req/s", 10.0));
		assertThat(ratios).contains(new Ratio("front overhead, POST /items, tracing on",
				"backend direct req/s / via front req/s - 1", 70.9));
		assertThat(ratios).contains(new Ratio("front overhead, POST /items, tracing off",
				"backend direct req/s / via front req/s - 1", 53.8));
		assertThat(ratios).contains(new Ratio("backend overhead over the bare INSERT, tracing on",
				"JDBC INSERT req/s / backend POST req/s - 1", 300.0));
	}

	@Test
	void takesTheMeanOfAConfigurationsWindowsMeasuredInBothOrders() {
		Map<String, Double> cores = Map.of("front", 0.5, "backend", 0.5, "PostgreSQL", 0.1);
		List<Phase> phases = List.of(phase("on", "front POST /items", 800, cores),
				phase("off", "front POST /items", 1000, cores), phase("off", "front POST /items", 1200, cores),
				phase("on", "front POST /items", 1000, cores));
		List<Ratio> ratios = Targets.ratios(phases, LIST);
		// req/s: on (800 + 1000) / 2 = 900, off (1000 + 1200) / 2 = 1100
		assertThat(ratios).contains(
				new Ratio("tracing cost, front POST /items", "1 - tracing on req/s / OTEL_SDK_DISABLED req/s", 18.2));
		// CPU ms per request: on (1.1 / 800 + 1.1 / 1000) * 1000 / 2 = 1.2375, off (1.1 /
		// 1000
		// + 1.1 / 1200) * 1000 / 2 = 1.0083
		assertThat(ratios).contains(new Ratio("tracing CPU cost, front POST /items",
				"CPU ms per request of front + backend + PostgreSQL, on / off - 1", 22.7));
	}

	@Test
	void missesEachTargetBeyondItsLimitWithTheFigure() {
		List<Phase> phases = phases(899, 1000, 650, 1000);
		List<TargetResult> results = Targets.evaluate(Targets.ratios(phases, LIST), phases,
				List.of(new ServiceFigures("backend", "on", 1.49, 2.1, memory(300.0), true),
						new ServiceFigures("front", "on", 1.2, 1.9, memory(301.0), false)),
				List.of(new RowCheck("after the HTTP phases", 10, 10)));
		assertThat(results).contains(new TargetResult("tracing cost, front POST /items <= 10.0 %", "10.1 %", false),
				new TargetResult("front overhead, POST /items, tracing on <= 35.0 %", "71.1 %", false),
				new TargetResult("backend peak RSS <= 300 MiB", "300 MiB (highest of 1 runs)", true),
				new TargetResult("front peak RSS <= 300 MiB", "301 MiB (highest of 1 runs)", false),
				new TargetResult("backend start to first successful request <= 1.5 s with AOT cache",
						"1.49 s (slowest of 1 starts)", true),
				new TargetResult("front start to first successful request <= 1.5 s with AOT cache",
						"1.20 s (slowest of 1 starts; AOT cache NOT used)", false),
				new TargetResult("no errors: no non-2xx, no socket errors, rows == 201s",
						"0 non-2xx, 0 socket errors; 10 rows / 10 created", true));
	}

	@Test
	void comparesFrontCpuWithBackendCpuOnThePathThroughFront() {
		List<Phase> phases = List.of(phase("on", "front POST /items", 1000, Map.of("front", 0.6, "backend", 0.5)),
				phase("on", "front " + LIST, 1000, Map.of("front", 0.61, "backend", 0.5)));
		List<TargetResult> results = Targets.evaluate(Targets.ratios(phases, LIST), phases, List.of(), List.of());
		assertThat(results).contains(
				new TargetResult("front CPU over backend CPU, POST /items, tracing on <= 20.0 %", "20.0 %", true),
				new TargetResult("front CPU over backend CPU, GET /items?limit=20, tracing on <= 20.0 %", "22.0 %",
						false));
	}

	@Test
	void missesNoErrorsWhenRowsDifferFromCreated() {
		List<Phase> phases = phases(900, 1000, 650, 1000);
		List<TargetResult> results = Targets.evaluate(Targets.ratios(phases, LIST), phases, List.of(),
				List.of(new RowCheck("after the HTTP phases", 10, 11)));
		assertThat(results).filteredOn((result) -> result.target().startsWith("no errors"))
			.singleElement()
			.satisfies((result) -> assertThat(result.verdict()).isEqualTo("MISS"));
	}

	private static List<Phase> phases(double frontOn, double frontOff, double frontPost, double backendPost) {
		return List.of(phase("on", "front POST /items", frontOn * frontPost / 1000),
				phase("off", "front POST /items", frontOff * frontPost / 1000),
				phase("on", "backend POST /items", 1000), phase("off", "backend POST /items", backendPost),
				phase("on", "front " + LIST, 800), phase("off", "front " + LIST, 800),
				phase("on", "backend " + LIST, 1000), phase("off", "backend " + LIST, 1000),
				phase("n/a", Benchmark.DATABASE_INSERT, 4000));
	}

	private static StartedService.Memory memory(double peakRss) {
		return new StartedService.Memory(peakRss, peakRss - 10, peakRss - 90, 80, 200);
	}

	private static Phase phase(String tracing, String target, double rps) {
		return phase(tracing, target, rps, Map.of());
	}

	private static Phase phase(String tracing, String target, double rps, Map<String, Double> cpuCores) {
		LatencySummary latency = new LatencySummary(1, 2, 3, 4, 1.5);
		return new Phase(tracing, target, "1.00 1.00 1.00", cpuCores, new PhaseResult(target, 32, 10, 20,
				Math.round(rps * 20), rps, latency, latency, 32, Map.of(200, 10L), 0, 0, 0, null));
	}

}
