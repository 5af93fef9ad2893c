package com.example.meshtrace.reliability;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.example.meshtrace.localrun.LocalRun;
import com.example.meshtrace.localrun.LoopbackPorts;

/**
 * Starts PostgreSQL, backend and front from the packaged jars, as separate processes, for
 * one test class; by default with telemetry export off, so that only the case under test
 * costs CPU.
 */
final class ReliabilityStack {

	private static final Map<String, String> NO_EXPORT = Map.of("OTEL_TRACES_EXPORTER", "none", "OTEL_METRICS_EXPORTER",
			"none", "OTEL_LOGS_EXPORTER", "none");

	private ReliabilityStack() {
	}

	/**
	 * Starts the stack without telemetry export.
	 * @param run a name for the log directory
	 * @return the started, ready stack
	 */
	static LocalRun start(String run) {
		return start(run, NO_EXPORT);
	}

	/**
	 * Starts the stack with the given environment for both services.
	 * @param run a name for the log directory
	 * @param environment for example the {@code OTEL_*} variables
	 * @return the started, ready stack
	 */
	static LocalRun start(String run, Map<String, String> environment) {
		Map<String, String> env = new HashMap<>(environment);
		LocalRun.Settings settings = new LocalRun.Settings(jar("backend.jar"), jar("front.jar"), 0,
				LoopbackPorts.free(), LoopbackPorts.free(), env,
				// The heap the manifests give; C1 only, for a quicker start on a shared
				// 2-core machine
				List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"),
				Path.of(System.getProperty("reliability.logs", "target/reliability-logs"), run));
		return LocalRun.start(settings);
	}

	/**
	 * An HTTP/1.1 client, as the services' clients use, with a short connect timeout.
	 * @return a new client
	 */
	static HttpClient httpClient() {
		return HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
	}

	private static Path jar(String property) {
		String path = System.getProperty(property);
		if (path == null) {
			throw new IllegalStateException("System property " + property + " is not set; run the tests with Maven");
		}
		return Path.of(path);
	}

}
