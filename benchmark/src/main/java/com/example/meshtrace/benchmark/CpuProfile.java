package com.example.meshtrace.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a service's CPU went under load: the execution samples of a JFR recording
 * ({@code settings=profile}), counted by library and by method. A sample counts for the
 * innermost frame outside the JDK's own packages (the JDK's HTTP client counts as a
 * library), so that {@code HashMap.get} called by Tomcat counts for Tomcat.
 *
 * @param samples the execution samples in the recording
 * @param libraries the samples per library, most first
 * @param methods the samples per method at the top of the stack, most first
 */
record CpuProfile(long samples, List<Share> libraries, List<Share> methods) {

	private static final int LISTED = 15;

	private static final String JDK = "JDK (no other frame)";

	/** Package prefixes, the more specific first. */
	private static final List<Map.Entry<String, String>> LIBRARIES = List.of(
			Map.entry("jdk.internal.net.http.", "JDK HttpClient"), Map.entry("java.net.http.", "JDK HttpClient"),
			Map.entry("org.apache.catalina.", "Tomcat"), Map.entry("org.apache.coyote.", "Tomcat"),
			Map.entry("org.apache.tomcat.", "Tomcat"), Map.entry("org.apache.hc.", "Apache HttpClient"),
			Map.entry("io.opentelemetry.exporter.", "OpenTelemetry exporter (OTLP)"),
			Map.entry("okhttp3.", "OpenTelemetry exporter (OTLP)"), Map.entry("okio.", "OpenTelemetry exporter (OTLP)"),
			Map.entry("io.opentelemetry.sdk.", "OpenTelemetry SDK"),
			Map.entry("io.opentelemetry.", "OpenTelemetry instrumentation and API"),
			Map.entry("io.micrometer.", "Micrometer"), Map.entry("org.springframework.web.servlet.", "Spring MVC"),
			Map.entry("org.springframework.web.client.", "Spring RestClient"),
			Map.entry("org.springframework.http.client.", "Spring RestClient"),
			Map.entry("org.springframework.", "Spring (core, web, validation)"),
			Map.entry("org.hibernate.validator.", "Hibernate Validator"),
			Map.entry("com.fasterxml.jackson.", "Jackson"), Map.entry("tools.jackson.", "Jackson"),
			Map.entry("com.zaxxer.hikari.", "HikariCP"), Map.entry("org.postgresql.", "PostgreSQL JDBC"),
			Map.entry("ch.qos.logback.", "Logback and SLF4J"), Map.entry("org.slf4j.", "Logback and SLF4J"),
			Map.entry("com.example.", "the application"));

	private static final List<String> JDK_PACKAGES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

	/**
	 * Records a JFR profile of a running JVM while the load runs, with {@code jcmd}.
	 * @param pid the JVM
	 * @param recording where the recording goes
	 * @param load what to profile
	 * @return the profile
	 */
	static CpuProfile record(long pid, Path recording, Runnable load) {
		jcmd(pid, "JFR.start", "name=benchmark-profile", "settings=profile");
		try {
			load.run();
		}
		finally {
			jcmd(pid, "JFR.stop", "name=benchmark-profile", "filename=" + recording.toAbsolutePath());
		}
		return read(recording);
	}

	static CpuProfile read(Path recording) {
		List<List<String>> stacks = new ArrayList<>();
		try (RecordingFile file = new RecordingFile(recording)) {
			while (file.hasMoreEvents()) {
				RecordedEvent event = file.readEvent();
				if (event.getEventType().getName().equals("jdk.ExecutionSample") && event.getStackTrace() != null) {
					stacks.add(event.getStackTrace()
						.getFrames()
						.stream()
						.filter(RecordedFrame::isJavaFrame)
						.map((frame) -> frame.getMethod().getType().getName() + "." + frame.getMethod().getName())
						.toList());
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read " + recording, ex);
		}
		return of(stacks);
	}

	/**
	 * Counts stacks of {@code class.method} frames, innermost first.
	 * @param stacks one stack per sample
	 * @return the profile
	 */
	static CpuProfile of(List<List<String>> stacks) {
		List<List<String>> sampled = stacks.stream().filter((stack) -> !stack.isEmpty()).toList();
		return new CpuProfile(sampled.size(), shares(sampled, CpuProfile::library),
				shares(sampled, (stack) -> stack.getFirst()));
	}

	static String library(List<String> stack) {
		for (String frame : stack) {
			for (Map.Entry<String, String> library : LIBRARIES) {
				if (frame.startsWith(library.getKey())) {
					return library.getValue();
				}
			}
			if (JDK_PACKAGES.stream().noneMatch(frame::startsWith)) {
				return "other: " + frame.substring(0, frame.indexOf('.', frame.indexOf('.') + 1) + 1) + "*";
			}
		}
		return JDK;
	}

	private static List<Share> shares(List<List<String>> stacks, Function<List<String>, String> key) {
		Map<String, Long> counts = new HashMap<>();
		stacks.forEach((stack) -> counts.merge(key.apply(stack), 1L, Long::sum));
		return counts.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
				.thenComparing(Map.Entry.comparingByKey()))
			.limit(LISTED)
			.map((entry) -> new Share(entry.getKey(), entry.getValue(),
					Math.round(entry.getValue() * 1000.0 / stacks.size()) / 10.0))
			.toList();
	}

	private static void jcmd(long pid, String... command) {
		List<String> line = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(pid)));
		line.addAll(List.of(command));
		try {
			Process process = new ProcessBuilder(line).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				process.destroyForcibly();
				throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed for process " + pid);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while running jcmd", ex);
		}
	}

	/**
	 * Samples that fell in one library or method.
	 *
	 * @param name the library or method
	 * @param samples its samples
	 * @param percent its share of all samples
	 */
	record Share(String name, long samples, double percent) {
	}

}
