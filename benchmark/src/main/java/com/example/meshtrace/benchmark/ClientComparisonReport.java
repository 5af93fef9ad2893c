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
 * Front's HTTP clients side by side ({@code --front-clients}): each phase loads one front
 * that calls the same backend with another client, in rounds of alternating order.
 *
 * @param command the command that ran
 * @param startedAt when the run started (UTC)
 * @param wallSeconds how long the run took
 * @param machine the machine
 * @param loadAverageAtStart load averages before the run
 * @param loadAverageAtEnd load averages after the run
 * @param connections concurrent connections per phase
 * @param warmupSeconds warm-up per phase
 * @param durationSeconds measured window per phase
 * @param phases every measured phase; {@code tracing} holds the client and round
 * @param peakRssMiB each front's peak RSS after all phases, by client
 * @param backendPeakRssMiB backend's peak RSS after all phases
 */
record ClientComparisonReport(String command, String startedAt, double wallSeconds, Machine machine,
		String loadAverageAtStart, String loadAverageAtEnd, int connections, double warmupSeconds,
		double durationSeconds, List<Phase> phases, Map<String, Double> peakRssMiB, double backendPeakRssMiB) {

	void write(Path directory) {
		try {
			Files.createDirectories(directory);
			JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
			Files.writeString(directory.resolve("clients.json"), json.writeValueAsString(this) + "\n");
			Files.writeString(directory.resolve("clients.md"), markdown());
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
				"One backend (tracing on, as front), one front per client (spring.http.clients.imperative.factory), "
						+ "%d connections, %.0f s warm-up + %.0f s measured per phase; each request type runs every "
						+ "client in one order, then in the reverse order. CPU is milliseconds of CPU time per "
						+ "answer in the measured window; p99 corrected for coordinated omission.%n%n",
				this.connections, this.warmupSeconds, this.durationSeconds));
		md.append("| Client (round) | Phase | req/s | p99 ms | CPU front | CPU backend | CPU front + backend "
				+ "| other processes (cores) | front peak RSS |\n|---|---|--:|--:|--:|--:|--:|--:|--:|\n");
		for (Phase phase : this.phases) {
			PhaseResult result = phase.result();
			String client = phase.tracing().substring(0, phase.tracing().indexOf(' '));
			double front = phase.cpuMillisPerRequest("front");
			double backend = phase.cpuMillisPerRequest("backend");
			md.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %.1f | %.2f | %.2f | %.2f | %.2f | %.0f MiB |%n",
					phase.tracing(), phase.target(), result.requestsPerSecond(), result.latency().p99(), front, backend,
					front + backend, phase.cpuCores().getOrDefault(Phase.OTHERS, Double.NaN),
					this.peakRssMiB.getOrDefault(client, Double.NaN)));
		}
		md.append(String.format(Locale.ROOT, "%nbackend peak RSS %.0f MiB.%n", this.backendPeakRssMiB));
		return md.toString();
	}

}
