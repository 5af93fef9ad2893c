package com.example.meshtrace.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The one line each case prints about what it measured, also written to
 * {@code target/reliability-summary/<case>.txt} for the README.
 */
final class Summary {

	private Summary() {
	}

	/**
	 * Prints and keeps the line.
	 * @param name the case, for example {@code backend-killed}
	 * @param details what it measured
	 */
	static void print(String name, String details) {
		String line = name + ": " + details;
		System.out.println("[reliability] " + line);
		Path directory = Path.of(System.getProperty("reliability.summary", "target/reliability-summary.txt"))
			.resolveSibling("reliability-summary");
		try {
			Files.createDirectories(directory);
			Files.writeString(directory.resolve(name + ".txt"), line + System.lineSeparator());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Describes outcomes as {@code 200 requests, 143 x 201, 57 x 503, max latency 1.9 s}.
	 * @param outcomes the outcomes
	 * @return the description
	 */
	static String describe(Collection<Load.Outcome> outcomes) {
		Map<String, Long> byLabel = outcomes.stream()
			.collect(Collectors.groupingBy(Load.Outcome::label, TreeMap::new, Collectors.counting()));
		String counts = byLabel.entrySet()
			.stream()
			.map((entry) -> entry.getValue() + " x " + entry.getKey())
			.collect(Collectors.joining(", "));
		return outcomes.size() + " requests, " + counts + ", median latency " + seconds(median(outcomes))
				+ ", max latency " + seconds(max(outcomes));
	}

	static Duration max(Collection<Load.Outcome> outcomes) {
		return outcomes.stream().map(Load.Outcome::latency).max(Comparator.naturalOrder()).orElse(Duration.ZERO);
	}

	static Duration median(Collection<Load.Outcome> outcomes) {
		List<Duration> sorted = outcomes.stream().map(Load.Outcome::latency).sorted().toList();
		return sorted.isEmpty() ? Duration.ZERO : sorted.get(sorted.size() / 2);
	}

	static String seconds(Duration duration) {
		double seconds = duration.toNanos() / 1e9;
		return (seconds < 0.1) ? String.format(Locale.ROOT, "%.1f ms", seconds * 1000)
				: String.format(Locale.ROOT, "%.2f s", seconds);
	}

}
