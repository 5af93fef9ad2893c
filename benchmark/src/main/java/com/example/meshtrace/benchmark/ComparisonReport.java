package com.example.meshtrace.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.example.meshtrace.benchmark.load.PhaseResult;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Candidates side by side, in rounds of alternating order: front's HTTP clients
 * ({@code --front-clients}, each front calling the same backend with another client) or
 * JVM options and properties ({@code --variant}, one front and one backend per variant).
 *
 * @param name {@code clients} or {@code variants}: the files' names
 * @param setup what ran, one sentence for the report
 * @param command the command that ran
 * @param startedAt when the run started (UTC)
 * @param wallSeconds how long the run took
 * @param machine the machine
 * @param loadAverageAtStart load averages before the run
 * @param loadAverageAtEnd load averages after the run
 * @param connections concurrent connections per phase
 * @param warmupSeconds warm-up per phase
 * @param durationSeconds measured window per phase
 * @param phases every measured phase that counts; {@code tracing} holds the candidate and
 * round
 * @param discarded the windows discarded because the JIT compilers were still busy
 * ({@link JitSettling}), each run again
 * @param frontPeakRssMiB each front's peak RSS after all phases, by candidate
 * @param backendPeakRssMiB each backend's peak RSS after all phases, by candidate (the
 * same backend for all clients)
 */
record ComparisonReport(String name, String setup, String command, String startedAt, double wallSeconds,
		Machine machine, String loadAverageAtStart, String loadAverageAtEnd, int connections, double warmupSeconds,
		double durationSeconds, List<Phase> phases, List<Phase> discarded, Map<String, Double> frontPeakRssMiB,
		Map<String, Double> backendPeakRssMiB) {

	void write(Path directory) {
		try {
			Files.createDirectories(directory);
			JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
			Files.writeString(directory.resolve(this.name + ".json"), json.writeValueAsString(this) + "\n");
			Files.writeString(directory.resolve(this.name + ".md"), markdown());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write the results to " + directory, ex);
		}
	}

	String markdown() {
		StringBuilder md = new StringBuilder();
		md.append(String.format(Locale.ROOT, "Run %s with `%s` (%.1f min).%n%n", this.startedAt, this.command,
				this.wallSeconds / 60));
		md.append(String.format(Locale.ROOT,
				"Machine: %d cores, %s. Load average (1, 5, 15 min) %s at the start, %s at the end.%n%n",
				this.machine.cores(), this.machine.java(), this.loadAverageAtStart, this.loadAverageAtEnd));
		md.append(String.format(Locale.ROOT,
				"%s %d connections, %.0f s warm-up + %.0f s measured per phase; each request type runs every "
						+ "candidate in one order, then in the reverse order. CPU is milliseconds of CPU time per "
						+ "answer in the measured window; p99 corrected for coordinated omission.%n%n",
				this.setup, this.connections, this.warmupSeconds, this.durationSeconds));
		md.append("| Candidate (round) | Phase | req/s | p99 ms | CPU front | CPU backend | CPU front + backend "
				+ "| JIT (cores) | other processes (cores) |\n|---|---|--:|--:|--:|--:|--:|--:|--:|\n");
		for (Phase phase : this.phases) {
			PhaseResult result = phase.result();
			double front = phase.cpuMillisPerRequest("front");
			double backend = phase.cpuMillisPerRequest("backend");
			md.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %.1f | %.2f | %.2f | %.2f | %.2f | %.2f |%n",
					phase.tracing(), phase.target(), result.requestsPerSecond(), result.latency().p99(), front, backend,
					front + backend, JitSettling.DEFAULT.jitCores(phase.cpuCores()),
					phase.cpuCores().getOrDefault(Phase.OTHERS, Double.NaN)));
		}
		md.append(String.format(Locale.ROOT, "%nWindows discarded because the JIT compilers were still busy: %d.%n",
				this.discarded.size()));
		md.append("\n| Candidate | front peak RSS | backend peak RSS |\n|---|--:|--:|\n");
		this.frontPeakRssMiB
			.forEach((candidate, front) -> md.append(String.format(Locale.ROOT, "| %s | %.0f MiB | %.0f MiB |%n",
					candidate, front, this.backendPeakRssMiB.getOrDefault(candidate, Double.NaN))));
		return md.toString();
	}

}
