package com.example.meshtrace.localrun;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.example.meshtrace.localrun.otlp.LocalTraceConsole;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL, backend and front on one machine, each service in a JVM of its own and
 * wired together through the same variables the Kubernetes manifests set. The run
 * command's {@link #main(String[]) main}; the end-to-end tests and the benchmark start it
 * too.
 */
public final class LocalRun implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

	private final Settings settings;

	private final PostgresServer postgres;

	private final LocalTraceConsole traceConsole;

	private ServiceProcess backend;

	private ServiceProcess front;

	private LocalRun(Settings settings, PostgresServer postgres, LocalTraceConsole traceConsole) {
		this.settings = settings;
		this.postgres = postgres;
		this.traceConsole = traceConsole;
	}

	/**
	 * Starts PostgreSQL, then backend, then front, each once the one before is ready.
	 * @param settings where the jars are and how to run them
	 * @return the running stack
	 */
	public static LocalRun start(Settings settings) {
		return start(settings, null);
	}

	/**
	 * Starts the stack as the run command does: both services export to a
	 * {@link LocalTraceConsole}, which prints each request's trace as a tree.
	 * @param settings where the jars are and how to run them; their {@code OTEL_*}
	 * exporter variables are replaced
	 * @param console where the trees go
	 * @return the running stack
	 */
	public static LocalRun startPrintingTraces(Settings settings, PrintStream console) {
		LocalTraceConsole traceConsole = LocalTraceConsole.start(console);
		Map<String, String> environment = new HashMap<>(settings.environment());
		environment.putAll(traceConsole.exporterEnvironment());
		try {
			return start(settings.withEnvironment(environment), traceConsole);
		}
		catch (RuntimeException ex) {
			traceConsole.close();
			throw ex;
		}
	}

	private static LocalRun start(Settings settings, LocalTraceConsole traceConsole) {
		LocalRun stack = new LocalRun(settings, PostgresServer.start(settings.postgresPort()), traceConsole);
		try {
			stack.startBackend();
			stack.startFront();
			return stack;
		}
		catch (RuntimeException ex) {
			stack.close();
			throw ex;
		}
	}

	/**
	 * Starts backend, or starts it again after {@link ServiceProcess#kill()} or
	 * {@link ServiceProcess#terminate()}, on the same port.
	 * @return the running backend
	 */
	public ServiceProcess startBackend() {
		Map<String, String> environment = new HashMap<>(this.settings.environment());
		environment.putAll(this.postgres.libpqEnvironment());
		environment.putIfAbsent("OTEL_SERVICE_NAME", "backend");
		this.backend = ServiceProcess
			.start(new ServiceProcess.Spec("backend", this.settings.backendJar(), this.settings.backendPort(),
					environment, this.settings.jvmOptions(), this.settings.logDirectory().resolve("backend.log")))
			.awaitReady(START_TIMEOUT);
		return this.backend;
	}

	/**
	 * Starts front, or starts it again, on the same port.
	 * @return the running front
	 */
	public ServiceProcess startFront() {
		Map<String, String> environment = new HashMap<>(this.settings.environment());
		environment.put("BACKEND_URL", "http://127.0.0.1:" + this.settings.backendPort());
		environment.putIfAbsent("OTEL_SERVICE_NAME", "front");
		this.front = ServiceProcess
			.start(new ServiceProcess.Spec("front", this.settings.frontJar(), this.settings.frontPort(), environment,
					this.settings.jvmOptions(), this.settings.logDirectory().resolve("front.log")))
			.awaitReady(START_TIMEOUT);
		return this.front;
	}

	public PostgresServer postgres() {
		return this.postgres;
	}

	public ServiceProcess backend() {
		return this.backend;
	}

	public ServiceProcess front() {
		return this.front;
	}

	@Override
	public void close() {
		if (this.front != null) {
			this.front.close();
		}
		if (this.backend != null) {
			this.backend.close();
		}
		this.postgres.close();
		if (this.traceConsole != null) {
			this.traceConsole.close();
		}
	}

	/**
	 * Runs the whole app until Ctrl-C: backend on 8081, front on 8080, each request's
	 * trace printed as a tree; with {@code --otlp-endpoint <url>} (or
	 * {@code OTEL_EXPORTER_OTLP_ENDPOINT} set) the telemetry goes to that collector
	 * instead.
	 * @param args {@code --otlp-endpoint <url>}, optional
	 */
	public static void main(String[] args) throws InterruptedException {
		// Before the first logger: the launcher's own quiet logging, not the tests'
		System.setProperty("logback.configurationFile", "local-run-logback.xml");
		Logger logger = LoggerFactory.getLogger(LocalRun.class);
		String collector;
		try {
			collector = collectorEndpoint(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.exit(2);
			return;
		}
		Settings settings = Settings.defaults(Path.of("")).withPorts(0, 8081, 8080);
		for (int port : List.of(settings.backendPort(), settings.frontPort())) {
			if (!LoopbackPorts.isFree(port)) {
				throw new IllegalStateException("Port " + port + " is in use: stop what listens there and run again");
			}
		}
		LocalRun stack = (collector != null)
				? LocalRun.start(settings.withEnvironment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", collector)))
				: LocalRun.startPrintingTraces(settings, System.out);
		Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "local-run-shutdown"));
		logger.info("""

				mesh-trace-sample is running (Ctrl-C stops it):
				  front    {}   (log: {})
				  backend  {}   (log: {})
				  {} at {}, database {}, user {}
				  {}

				Try:
				  curl -i -X POST localhost:{}/items -H 'Content-Type: application/json' -d '{"name":"item-1"}'
				  curl -i localhost:{}/items
				""", stack.front().baseUrl(), stack.front().log(), stack.backend().baseUrl(), stack.backend().log(),
				stack.postgres().kind(), stack.postgres().jdbcUrl(), PostgresServer.DATABASE, PostgresServer.USERNAME,
				(collector != null) ? "telemetry to " + collector + " (OTLP)"
						: "each request's trace is printed here as a tree (--otlp-endpoint <url> sends it to a collector)",
				settings.frontPort(), settings.frontPort());
		Thread.currentThread().join();
	}

	/**
	 * The collector given by {@code --otlp-endpoint <url>} or
	 * {@code OTEL_EXPORTER_OTLP_ENDPOINT}.
	 * @param args the command's arguments
	 * @return the endpoint, or {@code null} to print the traces here
	 */
	private static String collectorEndpoint(String[] args) {
		if (args.length == 2 && args[0].equals("--otlp-endpoint")) {
			return args[1];
		}
		if (args.length != 0) {
			throw new IllegalArgumentException("Usage: ./run-local [--otlp-endpoint <url>], for example "
					+ "--otlp-endpoint http://localhost:4318 (add OTEL_EXPORTER_OTLP_PROTOCOL=grpc for port 4317)");
		}
		return System.getenv("OTEL_EXPORTER_OTLP_ENDPOINT");
	}

	/**
	 * Where the jars are and how to run them.
	 *
	 * @param backendJar backend's executable jar
	 * @param frontJar front's executable jar
	 * @param postgresPort the port for an embedded PostgreSQL, {@code 0} for a free one
	 * @param backendPort backend's port
	 * @param frontPort front's port
	 * @param environment variables for both services, such as {@code OTEL_*}
	 * @param jvmOptions JVM options for both services
	 * @param logDirectory where each service's output goes
	 */
	public record Settings(Path backendJar, Path frontJar, int postgresPort, int backendPort, int frontPort,
			Map<String, String> environment, List<String> jvmOptions, Path logDirectory) {

		public Settings {
			environment = Map.copyOf(environment);
			jvmOptions = List.copyOf(jvmOptions);
		}

		/**
		 * The jars as {@code ./mvnw package} builds them below the project directory,
		 * free ports, logs in {@code target/local-run}.
		 * @param projectDirectory the directory holding {@code backend/} and
		 * {@code front/}
		 * @return the settings
		 */
		public static Settings defaults(Path projectDirectory) {
			return new Settings(projectDirectory.resolve("backend/target/backend.jar"),
					projectDirectory.resolve("front/target/front.jar"), 0, LoopbackPorts.free(), LoopbackPorts.free(),
					Map.of(), List.of(), projectDirectory.resolve("target/local-run"));
		}

		public Settings withPorts(int postgresPort, int backendPort, int frontPort) {
			return new Settings(this.backendJar, this.frontJar, postgresPort, backendPort, frontPort, this.environment,
					this.jvmOptions, this.logDirectory);
		}

		public Settings withEnvironment(Map<String, String> environment) {
			return new Settings(this.backendJar, this.frontJar, this.postgresPort, this.backendPort, this.frontPort,
					environment, this.jvmOptions, this.logDirectory);
		}

		public Settings withJvmOptions(List<String> jvmOptions) {
			return new Settings(this.backendJar, this.frontJar, this.postgresPort, this.backendPort, this.frontPort,
					this.environment, jvmOptions, this.logDirectory);
		}

		public Settings withLogDirectory(Path logDirectory) {
			return new Settings(this.backendJar, this.frontJar, this.postgresPort, this.backendPort, this.frontPort,
					this.environment, this.jvmOptions, logDirectory);
		}

	}

}
