package com.example.meshtrace.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import com.example.meshtrace.benchmark.load.LatencySummary;
import com.example.meshtrace.benchmark.load.PhaseResult;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Everything one run measured, written as {@code latest.json} and as the Markdown table
 * that the README's "Performance" section quotes.
 *
 * @param command the command that ran
 * @param startedAt when the run started (UTC)
 * @param wallSeconds how long the run took
 * @param machine the machine
 * @param loadAverageAtStart load averages before the run
 * @param loadAverageAtEnd load averages after the run
 * @param settings how the load was applied
 * @param warmups the load after each start, before the phases (counted for errors and
 * rows, not measured)
 * @param phases every measured phase that counts
 * @param discarded the measured windows discarded because the services' JIT compilers
 * were still busy ({@link JitSettling}), each run again
 * @param services start-up and memory
 * @param rowChecks rows against {@code 201}s
 * @param spansExported spans the OTLP receiver got while tracing was on
 * @param ratios the layers' costs
 * @param targets issue #5's targets
 * @param frontProfile where front's CPU went in one more window of {@code POST /items}
 * through front, tracing on (JFR execution samples)
 */
record BenchmarkReport(String command, String startedAt, double wallSeconds, Machine machine, String loadAverageAtStart,
		String loadAverageAtEnd, Settings settings, List<Phase> warmups, List<Phase> phases, List<Phase> discarded,
		List<ServiceFigures> services, List<RowCheck> rowChecks, long spansExported, List<Ratio> ratios,
		List<TargetResult> targets, CpuProfile frontProfile) {

	/**
	 * How the load was applied.
	 *
	 * @param connections concurrent connections per phase
	 * @param serviceWarmupSeconds load of each request type after the services started
	 * @param warmupSeconds warm-up per phase
	 * @param durationSeconds measured window per phase
	 * @param listLimit page size of {@code GET /items}
	 * @param loadModel the load model and latency correction
	 * @param serviceJvmOptions the services' JVM options (the cache path differs per
	 * service)
	 * @param postgres the database
	 * @param otlp where spans went
	 */
	record Settings(int connections, double serviceWarmupSeconds, double warmupSeconds, double durationSeconds,
			int listLimit, String loadModel, List<String> serviceJvmOptions, String postgres, String otlp) {
	}

	void write(Path directory) {
		try {
			Files.createDirectories(directory);
			JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
			Files.writeString(directory.resolve("latest.json"), json.writeValueAsString(this) + "\n");
			Files.writeString(directory.resolve("latest.md"), markdown());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write the results to " + directory, ex);
		}
	}

	String markdown() {
		StringBuilder md = new StringBuilder();
		md.append("Run ")
			.append(this.startedAt)
			.append(" with `")
			.append(this.command)
			.append("` (")
			.append(fmt(this.wallSeconds / 60))
			.append(" min).\n\n");
		md.append("Machine: ")
			.append(this.machine.cores())
			.append(" cores (")
			.append(this.machine.cpu())
			.append("), ")
			.append(fmt(this.machine.memoryMiB() / 1024.0))
			.append(" GiB memory, ")
			.append(this.machine.os())
			.append(", ")
			.append(this.machine.java())
			.append(". Load average (1, 5, 15 min) ")
			.append(this.loadAverageAtStart)
			.append(" at the start, ")
			.append(this.loadAverageAtEnd)
			.append(" at the end.\n\n");
		long warmupErrors = this.warmups.stream().mapToLong((phase) -> phase.result().errors()).sum();
		md.append("Load: ")
			.append(this.settings.connections())
			.append(" connections; after each start ")
			.append(fmt(this.settings.serviceWarmupSeconds()))
			.append(" s or more of each request type, until the JIT compilers settle (")
			.append(warmupErrors)
			.append(" errors), then per phase ")
			.append(fmt(this.settings.warmupSeconds()))
			.append(" s warm-up + ")
			.append(fmt(this.settings.durationSeconds()))
			.append(" s measured per phase; ")
			.append(this.settings.loadModel())
			.append(". `GET /items?limit=")
			.append(this.settings.listLimit())
			.append("`. ")
			.append(this.settings.postgres())
			.append(". Tracing on: ")
			.append(this.settings.otlp())
			.append(" (")
			.append(this.spansExported)
			.append(" spans received).\n\n");
		md.append(
				"| Phase | Tracing | req/s | p50 ms | p90 ms | p99 ms | max ms | non-2xx | socket errors | load avg before |\n");
		md.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|\n");
		for (Phase phase : this.phases) {
			PhaseResult result = phase.result();
			LatencySummary latency = result.latency();
			md.append(row(phase.target(), phase.tracing(), fmt(result.requestsPerSecond()), ms(latency.p50()),
					ms(latency.p90()), ms(latency.p99()), ms(latency.max()), String.valueOf(result.non2xx()),
					String.valueOf(result.socketErrors()), phase.loadAverage().split(" ")[0]));
		}
		md.append("\nMeasured windows discarded and run again because the services' JIT compilers kept more than ")
			.append(cpu(JitSettling.DEFAULT.maxCores()))
			.append(" cores busy: ")
			.append(this.discarded.isEmpty() ? "none"
					: this.discarded.stream()
						.map((phase) -> phase.target() + " (tracing " + phase.tracing() + ", "
								+ cpu(JitSettling.DEFAULT.jitCores(phase.cpuCores())) + " cores)")
						.collect(Collectors.joining(", ")))
			.append(".\n");
		md.append("\nCPU per answer in the measured window (ms of CPU time per request), the cores the services'"
				+ " JIT compilers still used, and the cores that other processes on the machine kept busy"
				+ " meanwhile:\n\n");
		md.append("| Phase | Tracing | front | backend | PostgreSQL | load generator | JIT front / backend (cores)"
				+ " | other processes (cores) |\n");
		md.append("|---|---|--:|--:|--:|--:|--:|--:|\n");
		for (Phase phase : this.phases) {
			md.append(row(phase.target(), phase.tracing(), cpu(phase.cpuMillisPerRequest("front")),
					cpu(phase.cpuMillisPerRequest("backend")), cpu(phase.cpuMillisPerRequest("PostgreSQL")),
					cpu(phase.cpuMillisPerRequest(Phase.LOAD_GENERATOR)),
					cpu(phase.cpuCores().getOrDefault("front" + CpuUsage.JIT, Double.NaN)) + " / "
							+ cpu(phase.cpuCores().getOrDefault("backend" + CpuUsage.JIT, Double.NaN)),
					cpu(phase.cpuCores().getOrDefault(Phase.OTHERS, Double.NaN))));
		}
		md.append("\n| Service | Tracing | Start to first successful request | CPU to first success | Peak RSS (VmHWM)"
				+ " | RSS at end: anon + file | Heap committed at end | AOT cache used |\n");
		md.append("|---|---|--:|--:|--:|--:|--:|---|\n");
		for (ServiceFigures service : this.services) {
			md.append(row(service.service(), service.tracing(),
					String.format(Locale.ROOT, "%.2f s", service.secondsToFirstRequest()),
					String.format(Locale.ROOT, "%.2f s", service.cpuSecondsToFirstRequest()),
					fmt(service.peakRssMiB()) + " MiB",
					fmt(service.memory().rssAnon()) + " + " + fmt(service.memory().rssFile()) + " MiB",
					fmt(service.memory().heapCommitted()) + " MiB", service.aotCacheUsed() ? "yes" : "NO"));
		}
		md.append("\n| Layer cost | Computed as | % |\n|---|---|--:|\n");
		for (Ratio ratio : this.ratios) {
			md.append(row(ratio.name(), ratio.definition(), fmt(ratio.percent())));
		}
		md.append("\n| Target | This run | Result |\n|---|---|---|\n");
		for (TargetResult target : this.targets) {
			md.append(row(target.target(), target.figure(), "**" + target.verdict() + "**"));
		}
		if (this.frontProfile.samples() == 0) {
			md.append("\nNo profile of front was recorded (the log says why).\n");
			return md.toString();
		}
		md.append("\nWhere front's CPU went in one more window of `POST /items` through front, tracing on: ")
			.append(this.frontProfile.samples())
			.append(" JFR execution samples (`settings=profile`, recorded with `jcmd`, the file in"
					+ " `benchmark/target/run/front-profile.jfr`), each counted for the innermost frame outside"
					+ " the JDK's own packages:\n\n| Library | Samples | Share |\n|---|--:|--:|\n");
		for (CpuProfile.Share share : this.frontProfile.libraries()) {
			md.append(row(share.name(), String.valueOf(share.samples()), fmt(share.percent()) + " %"));
		}
		md.append("\n| Method at the top of the stack | Samples | Share |\n|---|--:|--:|\n");
		for (CpuProfile.Share share : this.frontProfile.methods()) {
			md.append(row("`" + share.name() + "`", String.valueOf(share.samples()), fmt(share.percent()) + " %"));
		}
		return md.toString();
	}

	private static String row(String... cells) {
		return "| " + String.join(" | ", cells) + " |\n";
	}

	private static String cpu(double millis) {
		return Double.isNaN(millis) ? "-" : String.format(Locale.ROOT, "%.2f", millis);
	}

	private static String ms(double millis) {
		if (Double.isNaN(millis)) {
			return "-";
		}
		return String.format(Locale.ROOT, (millis >= 100) ? "%.0f" : "%.1f", millis);
	}

	private static String fmt(double value) {
		return Double.isNaN(value) ? "-" : Targets.fmt(value);
	}

}
