package com.example.meshtrace.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One start of a service broken down by phase, from the timestamps of its own log lines:
 * each phase ends with the first line that holds its marker, and a phase whose line is
 * missing (front has no database) is left out, its time counted in the next one.
 *
 * @param seconds each phase's duration in seconds, in the order of a start
 */
record StartupPhases(Map<String, Double> seconds) {

	/** Phase name, then the text of the log line that ends it. */
	static final List<Map.Entry<String, String>> MARKERS = List.of(
			Map.entry("context until `Tomcat initialized` (bean definitions, web server)", "Tomcat initialized"),
			Map.entry("to `OpenTelemetry Spring Boot starter ... has been started`",
					"OpenTelemetry Spring Boot starter"),
			Map.entry("to `HikariPool-1 - Starting...`", "HikariPool-1 - Starting"),
			Map.entry("Hikari's first connection (`Start completed`)", "HikariPool-1 - Start completed"),
			Map.entry("Flyway validate and migrate (`Successfully applied` / `is up to date`)", "DbMigrate"),
			Map.entry("remaining beans, actuator, to `Tomcat started`", "Tomcat started"),
			Map.entry("to `Started ...Application`", "Started "));

	static final String JVM = "JVM, until `SpringApplication.run` (\"process running for\" - \"Started in\")";

	static final String ENVIRONMENT = "environment, banner, to `Starting ...Application`";

	static final String FIRST_SUCCESS = "to the first `200` (polled every 5 ms)";

	private static final Pattern STARTED = Pattern
		.compile("Started \\S+ in ([0-9.]+) seconds \\(process running for ([0-9.]+)\\)");

	/**
	 * Reads a service's log.
	 * @param log the service's log
	 * @param launched when the JVM was started
	 * @param firstSuccess when the service answered its first {@code 200}
	 * @return the phases, or none when the log has no {@code Started} line
	 */
	static StartupPhases read(Path log, Instant launched, Instant firstSuccess) {
		List<String> lines;
		try {
			lines = Files.readAllLines(log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + log, ex);
		}
		Map<String, Double> seconds = new LinkedHashMap<>();
		Instant starting = firstTime(lines, "Starting ");
		Matcher started = lines.stream().map(STARTED::matcher).filter(Matcher::find).findFirst().orElse(null);
		if (starting == null || started == null) {
			return new StartupPhases(Map.of());
		}
		double jvm = Math.round((Double.parseDouble(started.group(2)) - Double.parseDouble(started.group(1))) * 1000)
				/ 1000.0;
		seconds.put(JVM, jvm);
		seconds.put(ENVIRONMENT, between(launched.plusMillis(Math.round(jvm * 1000)), starting));
		Instant previous = starting;
		for (Map.Entry<String, String> marker : MARKERS) {
			Instant time = firstTime(lines, marker.getValue());
			if (time != null) {
				seconds.put(marker.getKey(), between(previous, time));
				previous = time;
			}
		}
		seconds.put(FIRST_SUCCESS, between(previous, firstSuccess));
		return new StartupPhases(seconds);
	}

	private static Instant firstTime(List<String> lines, String marker) {
		for (String line : lines) {
			if (line.contains(marker) && (!marker.startsWith("Start") || line.contains("Application"))) {
				try {
					return Instant.parse(line.substring(0, line.indexOf(' ')));
				}
				catch (DateTimeParseException | StringIndexOutOfBoundsException ex) {
					// Not a log line of the service's format
				}
			}
		}
		return null;
	}

	private static double between(Instant from, Instant to) {
		return Duration.between(from, to).toMillis() / 1000.0;
	}

}
