package com.example.meshtrace.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.example.meshtrace.localrun.LoopbackPorts;
import com.example.meshtrace.localrun.PostgresServer;
import com.example.meshtrace.localrun.ServiceProcess;
import com.example.meshtrace.support.api.ApiRequests;
import io.restassured.specification.RequestSpecification;

/**
 * PostgreSQL, backend and front, each service in a JVM of its own started from its
 * executable jar, exporting traces, logs and metrics to the given OTLP endpoint with
 * short export intervals.
 */
final class TracedStack implements AutoCloseable {

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

	private final PostgresServer postgres;

	private final ServiceProcess backend;

	private final ServiceProcess front;

	private TracedStack(PostgresServer postgres, ServiceProcess backend, ServiceProcess front) {
		this.postgres = postgres;
		this.backend = backend;
		this.front = front;
	}

	/**
	 * Starts the stack.
	 * @param run a name for the log files
	 * @param otlpEndpoint the value of {@code OTEL_EXPORTER_OTLP_ENDPOINT}
	 * @param otlpProtocol the value of {@code OTEL_EXPORTER_OTLP_PROTOCOL}
	 * @param backendResourceAttributes {@code OTEL_RESOURCE_ATTRIBUTES} for backend, as
	 * the Kubernetes manifests set it, or {@code null} to leave it unset
	 * @return the started, ready stack
	 */
	static TracedStack start(String run, String otlpEndpoint, String otlpProtocol, String backendResourceAttributes) {
		PostgresServer postgres = PostgresServer.start();
		ServiceProcess backend = null;
		try {
			Map<String, String> backendEnvironment = new HashMap<>(otelEnvironment(otlpEndpoint, otlpProtocol));
			backendEnvironment.putAll(postgres.libpqEnvironment());
			if (backendResourceAttributes != null) {
				backendEnvironment.put("OTEL_RESOURCE_ATTRIBUTES", backendResourceAttributes);
			}
			backend = ServiceProcess
				.start(new ServiceProcess.Spec("backend", ServiceJars.copyOf("backend.jar"), LoopbackPorts.free(),
						backendEnvironment, jvmOptions(), logFile(run, "backend")))
				.awaitReady(READY_TIMEOUT);
			Map<String, String> frontEnvironment = new HashMap<>(otelEnvironment(otlpEndpoint, otlpProtocol));
			frontEnvironment.put("BACKEND_URL", backend.baseUrl());
			ServiceProcess front = ServiceProcess
				.start(new ServiceProcess.Spec("front", ServiceJars.copyOf("front.jar"), LoopbackPorts.free(),
						frontEnvironment, jvmOptions(), logFile(run, "front")))
				.awaitReady(READY_TIMEOUT);
			return new TracedStack(postgres, backend, front);
		}
		catch (RuntimeException ex) {
			if (backend != null) {
				backend.close();
			}
			postgres.close();
			throw ex;
		}
	}

	private static Map<String, String> otelEnvironment(String endpoint, String protocol) {
		// Short export intervals so that the tests wait milliseconds, not the defaults'
		// 5 s (spans), 1 s (logs) and 60 s (metrics). The database semantic conventions
		// opt-in is deliberately not set here: application.yml must default to it.
		return Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint, "OTEL_EXPORTER_OTLP_PROTOCOL", protocol,
				"OTEL_BSP_SCHEDULE_DELAY", "200", "OTEL_BLRP_SCHEDULE_DELAY", "200", "OTEL_METRIC_EXPORT_INTERVAL",
				"1000");
	}

	private static List<String> jvmOptions() {
		return List.of("-Xmx256m", "-XX:TieredStopAtLevel=1");
	}

	private static Path logFile(String run, String service) {
		Path log = Path.of(System.getProperty("e2e.logs", "target/e2e-logs"), run + "-" + service + ".log");
		try {
			// ServiceProcess appends; the tests read this run's lines only
			Files.deleteIfExists(log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return log;
	}

	PostgresServer postgres() {
		return this.postgres;
	}

	ServiceProcess backend() {
		return this.backend;
	}

	ServiceProcess front() {
		return this.front;
	}

	/**
	 * A REST Assured specification for requests to front.
	 * @return a new specification
	 */
	RequestSpecification frontRequest() {
		return ApiRequests.to(this.front.baseUrl());
	}

	RequestSpecification backendRequest() {
		return ApiRequests.to(this.backend.baseUrl());
	}

	@Override
	public void close() {
		try {
			this.front.close();
			this.backend.close();
		}
		finally {
			this.postgres.close();
		}
	}

}
