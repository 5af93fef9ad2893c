package com.example.meshtrace.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.example.meshtrace.benchmark.load.Client;
import com.example.meshtrace.benchmark.load.ClosedLoopLoad;
import com.example.meshtrace.benchmark.load.HttpClients;
import com.example.meshtrace.benchmark.load.JdbcInsertClient;
import com.example.meshtrace.benchmark.load.PhaseResult;
import com.example.meshtrace.localrun.PostgresServer;
import com.example.meshtrace.localrun.otlp.OtlpReceiver;
import com.example.meshtrace.localrun.otlp.OtlpTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The benchmark of issue #5: PostgreSQL, backend and front as separate processes started
 * as their images start them (JVM options, heap share of the memory limit, AOT cache),
 * loaded through front, directly on backend and straight on the database, with tracing
 * exported to a local OTLP receiver and with the SDK disabled.
 */
public final class Benchmark {

	static final String DATABASE_INSERT = "PostgreSQL INSERT (JDBC)";

	/** An upper bound per phase, far above what two cores can answer in the window. */
	private static final long MAX_REQUESTS_PER_PHASE = 10_000_000;

	private static final String POST_ITEMS = "POST /items";

	private static final int MAX_WARMUP_ROUNDS = 4;

	/** How often a measured window is run again while the JIT compilers are busy. */
	private static final int MAX_RERUNS = 2;

	private final BenchmarkOptions options;

	private final Logger logger = LoggerFactory.getLogger(Benchmark.class);

	private final Path workDirectory;

	private final List<Phase> phases = new ArrayList<>();

	private final List<Phase> warmups = new ArrayList<>();

	private final List<Phase> discarded = new ArrayList<>();

	private final List<ServiceFigures> services = new ArrayList<>();

	private long postmaster;

	private CpuProfile frontProfile;

	private Benchmark(BenchmarkOptions options) {
		this.options = options;
		this.workDirectory = options.projectDirectory().resolve("benchmark/target/run");
	}

	/**
	 * Runs the benchmark and writes {@code latest.json} and {@code latest.md}.
	 * @param args see {@link BenchmarkOptions#USAGE}
	 */
	public static void main(String[] args) {
		// Before the first logger: warnings only, apart from the benchmark's own progress
		System.setProperty("logback.configurationFile", "local-run-logback.xml");
		if (List.of(args).contains("--help")) {
			System.out.println(BenchmarkOptions.USAGE);
			return;
		}
		BenchmarkOptions options;
		try {
			options = BenchmarkOptions.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.exit(2);
			return;
		}
		String command = System.getenv()
			.getOrDefault("RUN_BENCHMARK_COMMAND",
					"java -jar benchmark/target/benchmark.jar" + (args.length > 0 ? " " + String.join(" ", args) : ""));
		if (options.startups() > 0) {
			Benchmark benchmark = new Benchmark(options);
			deleteRecursively(benchmark.workDirectory);
			String startup = new StartupComparison(options, benchmark.workDirectory).run(command);
			write(options.resultsDirectory().resolve("startup.md"), startup);
			System.out.println();
			System.out.println(startup);
			System.out.println("Written: " + options.resultsDirectory().resolve("startup.md"));
			return;
		}
		if (!options.frontClients().isEmpty() || !options.variants().isEmpty()) {
			Benchmark benchmark = new Benchmark(options);
			ComparisonReport comparison = options.variants().isEmpty() ? benchmark.compareFrontClients(command)
					: benchmark.compareVariants(command);
			comparison.write(options.resultsDirectory());
			System.out.println();
			System.out.println(comparison.markdown());
			System.out.println("Written: " + options.resultsDirectory().resolve(comparison.name() + ".json") + " and "
					+ options.resultsDirectory().resolve(comparison.name() + ".md"));
			return;
		}
		BenchmarkReport report = new Benchmark(options).run(command);
		report.write(options.resultsDirectory());
		System.out.println();
		System.out.println(report.markdown());
		System.out.println("Written: " + options.resultsDirectory().resolve("latest.json") + " and "
				+ options.resultsDirectory().resolve("latest.md"));
	}

	private BenchmarkReport run(String command) {
		RunStart runStart = RunStart.now();
		this.logger.info("Load average before the run: {} on {} cores", runStart.loadAverage(),
				runStart.machine().cores());
		deleteRecursively(this.workDirectory);
		this.logger.info("Training runs for the AOT caches, as the Dockerfiles do");
		AotCachedJar backendJar = prepareBackendJar();
		AotCachedJar frontJar = AotCachedJar.prepare(this.options.projectDirectory().resolve("front/target/front.jar"),
				"front", this.workDirectory, List.of());
		this.logger.info("AOT caches ready: backend in {} s, front in {} s", backendJar.trainingTime().toSeconds(),
				frontJar.trainingTime().toSeconds());
		List<RowCheck> rowChecks = new ArrayList<>();
		long spans;
		String postgresKind;
		try (PostgresServer postgres = PostgresServer.start(); OtlpReceiver otlp = OtlpReceiver.startCounting()) {
			postgresKind = postgres.kind();
			this.postmaster = postmasterPid(postgres);
			Map<String, String> common = Map.of("OTEL_SEMCONV_STABILITY_OPT_IN", "database", "OTEL_RESOURCE_ATTRIBUTES",
					"service.namespace=mesh-trace-sample,deployment.environment.name=benchmark");
			Map<String, String> tracingOn = new HashMap<>(common);
			tracingOn.put("OTEL_EXPORTER_OTLP_ENDPOINT", otlp.endpoint(OtlpTransport.GRPC));
			tracingOn.put("OTEL_EXPORTER_OTLP_PROTOCOL", OtlpReceiver.protocol(OtlpTransport.GRPC));
			tracingOn.put("OTEL_TRACES_SAMPLER", "parentbased_always_on");
			Map<String, String> tracingOff = new HashMap<>(common);
			tracingOff.put("OTEL_SDK_DISABLED", "true");
			Map<String, Map<String, String>> environments = new LinkedHashMap<>();
			environments.put("on", tracingOn);
			environments.put("off", tracingOff);
			runConfigurations(environments, backendJar, frontJar, postgres);
			spans = otlp.spanCount();
			long created = Stream.concat(this.warmups.stream(), this.phases.stream())
				.mapToLong((phase) -> phase.result().created())
				.sum();
			rowChecks.add(new RowCheck("after the HTTP phases", created, countRows(postgres)));
			Phase insert = runPhase("n/a", DATABASE_INSERT,
					JdbcInsertClient.factory(postgres.jdbcUrl(), PostgresServer.USERNAME, PostgresServer.PASSWORD),
					Map.of(), this.options.warmup(), this.options.duration());
			this.phases.add(insert);
			rowChecks
				.add(new RowCheck("after the JDBC phase", created + insert.result().created(), countRows(postgres)));
		}
		String listTarget = listTarget();
		List<Ratio> ratios = Targets.ratios(this.phases, listTarget);
		List<TargetResult> targets = Targets.evaluate(ratios,
				Stream.concat(this.warmups.stream(), this.phases.stream()).toList(), this.services, rowChecks);
		BenchmarkReport.Settings settings = new BenchmarkReport.Settings(this.options.connections(),
				this.options.serviceWarmup().toMillis() / 1000.0, this.options.warmup().toMillis() / 1000.0,
				this.options.duration().toMillis() / 1000.0, this.options.listLimit(),
				"closed model (each connection sends its next request when the previous answer is complete); "
						+ "two rounds, each on services started for it, both configurations side by side: each "
						+ "request type is measured tracing on, then off in the first round and off, then on in the "
						+ "second (each figure below is one window; the ratios take the mean of a configuration's "
						+ "two windows, one per start of its services); "
						+ "latency percentiles corrected for coordinated omission with HdrHistogram, "
						+ "raw ones in latest.json",
				backendJar.jvmOptions(this.options.memoryLimitMiB(), Path.of("<service>-aot.log")),
				postgresKind + ", synchronous_commit=off (the embedded server's default)",
				"OTLP/gRPC to an in-process receiver on 127.0.0.1, 100 % sampling, metrics and logs exported too");
		return new BenchmarkReport(command, runStart.startedAt(), runStart.wallSeconds(), runStart.machine(),
				runStart.loadAverage(), Machine.loadAverage(), settings, List.copyOf(this.warmups),
				List.copyOf(this.phases), List.copyOf(this.discarded), List.copyOf(this.services), rowChecks, spans,
				ratios, targets, this.frontProfile);
	}

	/**
	 * Runs one backend and one front per HTTP client, all at once, and loads the fronts
	 * in turn: each request type once in the clients' order and once in the reverse
	 * order, so that a machine getting busier or quieter favours no client.
	 */
	private ComparisonReport compareFrontClients(String command) {
		RunStart runStart = RunStart.now();
		deleteRecursively(this.workDirectory);
		AotCachedJar backendJar = prepareBackendJar();
		Path frontJar = AotCachedJar.extract(this.options.projectDirectory().resolve("front/target/front.jar"), "front",
				this.workDirectory);
		Path logs = this.workDirectory.resolve("logs");
		Map<String, Double> peakRss = new LinkedHashMap<>();
		Map<String, Double> backendPeakRss = new LinkedHashMap<>();
		try (PostgresServer postgres = PostgresServer.start(); OtlpReceiver otlp = OtlpReceiver.startCounting()) {
			this.postmaster = postmasterPid(postgres);
			Map<String, String> environment = new HashMap<>(postgres.libpqEnvironment());
			environment.putAll(tracedExport(otlp));
			environment.put("OTEL_SERVICE_NAME", "backend");
			StartedService backend = start(backendJar, "clients", List.of(), environment, logs);
			List<Configuration> fronts = new ArrayList<>();
			try {
				for (String client : this.options.frontClients()) {
					fronts.add(startFront(client, frontJar, backend, environment, logs));
				}
				warmUpAndMeasureInTurn(fronts);
				for (Configuration front : fronts) {
					peakRss.put(front.tracing(), front.front().memory().peakRss());
					backendPeakRss.put(front.tracing(), backend.memory().peakRss());
				}
			}
			finally {
				fronts.reversed().forEach((front) -> front.front().process().close());
				backend.process().close();
			}
		}
		return new ComparisonReport("clients",
				"One backend (tracing on, as front), one front per client (spring.http.clients.imperative.factory),",
				command, runStart.startedAt(), runStart.wallSeconds(), runStart.machine(), runStart.loadAverage(),
				Machine.loadAverage(), this.options.connections(), this.options.warmup().toMillis() / 1000.0,
				this.options.duration().toMillis() / 1000.0, List.copyOf(this.phases), List.copyOf(this.discarded),
				peakRss, backendPeakRss);
	}

	/**
	 * A front and the backend behind it, loaded through front: both services' CPU is
	 * measured, and the requests are front's {@code POST /items} and list.
	 */
	private Configuration loadedThroughFront(String name, StartedService backend, StartedService front) {
		Map<String, Long> pids = new LinkedHashMap<>();
		pids.put("front", front.process().pid());
		pids.put("backend", backend.process().pid());
		Map<String, Client.Factory> requests = new LinkedHashMap<>();
		requests.put(Targets.FRONT + POST_ITEMS, HttpClients.createItems(front.process().port()));
		requests.put(Targets.FRONT + listTarget(),
				HttpClients.listItems(front.process().port(), this.options.listLimit()));
		return new Configuration(name, backend, front, pids, requests);
	}

	/**
	 * Backend's jar with its AOT cache, trained as the image trains it (no database at
	 * build time, so beans are initialised lazily and nothing connects).
	 */
	private AotCachedJar prepareBackendJar() {
		return prepareBackendJar(this.options.projectDirectory(), this.workDirectory);
	}

	private static AotCachedJar prepareBackendJar(Path project, Path directory) {
		return AotCachedJar.prepare(project.resolve("backend/target/backend.jar"), "backend", directory,
				AotCachedJar.BACKEND_TRAINING);
	}

	/** The project whose jars a {@code --variant} runs. */
	private Path variantProject(String variant) {
		return this.options.variantProjects().getOrDefault(variant, this.options.projectDirectory());
	}

	/** One project's services, ready to start. */
	private record ServiceJars(AotCachedJar backend, AotCachedJar front) {

		AotCachedJar of(String service) {
			return service.equals("backend") ? this.backend : this.front;
		}

	}

	/** Starts {@code backend} or {@code front} with the given environment, ready. */
	@FunctionalInterface
	private interface ServiceStarter {

		StartedService start(String service, Map<String, String> environment);

	}

	/**
	 * The OpenTelemetry variables of a comparison run: every request traced, exported
	 * over OTLP/gRPC to the benchmark's counting receiver.
	 */
	static Map<String, String> tracedExport(OtlpReceiver otlp) {
		return Map.of("OTEL_SEMCONV_STABILITY_OPT_IN", "database", "OTEL_EXPORTER_OTLP_ENDPOINT",
				otlp.endpoint(OtlpTransport.GRPC), "OTEL_EXPORTER_OTLP_PROTOCOL",
				OtlpReceiver.protocol(OtlpTransport.GRPC), "OTEL_TRACES_SAMPLER", "parentbased_always_on");
	}

	/**
	 * Warms every configuration up, then measures each request type on every
	 * configuration in turn, once in the given order and once in reverse (A B B A), so
	 * that a machine getting busier or quieter favours none of them. A window's name says
	 * its round, {@code on (1)}.
	 */
	private void warmUpAndMeasureInTurn(List<Configuration> configurations) {
		for (Configuration configuration : configurations) {
			warmUp(configuration);
		}
		for (String target : configurations.getFirst().requests().keySet()) {
			measureEach(configurations, target, " (1)");
			measureEach(configurations.reversed(), target, " (2)");
		}
	}

	/**
	 * Measures one request type on each configuration, in the given order.
	 * @param configurations the started configurations
	 * @param target the request type
	 * @param round what follows the configuration's name in the window's, such as
	 * {@code " (1)"}
	 */
	private void measureEach(List<Configuration> configurations, String target, String round) {
		for (Configuration configuration : configurations) {
			this.phases.add(measure(configuration.tracing() + round, target, configuration.requests().get(target),
					configuration.pids()));
		}
	}

	/**
	 * Runs one backend and one front per {@code --variant}, all at once, each started as
	 * its image starts it (JVM options, AOT cache, tracing on) plus the variant's
	 * options, and loads the fronts in turn as {@link #compareFrontClients} does. With
	 * {@code -XX:NativeMemoryTracking=summary} among a variant's options, writes
	 * {@code jcmd <pid> VM.native_memory summary} of its services after the phases.
	 */
	private ComparisonReport compareVariants(String command) {
		RunStart runStart = RunStart.now();
		deleteRecursively(this.workDirectory);
		Map<Path, ServiceJars> jarsByProject = new HashMap<>();
		for (String variant : this.options.variants().keySet()) {
			if (this.options.nodeSeedVariants().contains(variant)) {
				continue;
			}
			Path project = variantProject(variant);
			if (!jarsByProject.containsKey(project)) {
				Path directory = this.options.projectDirectory().equals(project) ? this.workDirectory
						: this.workDirectory.resolve("project-" + variant);
				jarsByProject.put(project, new ServiceJars(prepareBackendJar(project, directory), AotCachedJar
					.prepare(project.resolve("front/target/front.jar"), "front", directory, List.of())));
			}
		}
		Path nodeSeed = this.options.nodeSeedVariants().isEmpty() ? null
				: NodeSeed.install(this.options.projectDirectory());
		Path logs = this.workDirectory.resolve("logs");
		Map<String, Double> frontPeakRss = new LinkedHashMap<>();
		Map<String, Double> backendPeakRss = new LinkedHashMap<>();
		try (PostgresServer postgres = PostgresServer.start(); OtlpReceiver otlp = OtlpReceiver.startCounting()) {
			this.postmaster = postmasterPid(postgres);
			Map<String, String> environment = new HashMap<>();
			environment.putAll(tracedExport(otlp));
			List<Configuration> variants = new ArrayList<>();
			try {
				this.options.variants().forEach((variant, words) -> {
					ServiceStarter starter;
					if (this.options.nodeSeedVariants().contains(variant)) {
						starter = (service, serviceEnvironment) -> startNode(nodeSeed, service, variant,
								serviceEnvironment, logs);
					}
					else {
						ServiceJars jars = jarsByProject.get(variantProject(variant));
						starter = (service, serviceEnvironment) -> start(jars.of(service), variant,
								BenchmarkOptions.jvmOptionsOf(words), serviceEnvironment, logs);
					}
					variants.add(startThroughFront(variant, starter, environment, BenchmarkOptions.environmentOf(words),
							postgres));
				});
				warmUpAndMeasureInTurn(variants);
				for (Configuration variant : variants) {
					frontPeakRss.put(variant.tracing(), variant.front().memory().peakRss());
					backendPeakRss.put(variant.tracing(), variant.backend().memory().peakRss());
					if (String.join(" ", this.options.variants().get(variant.tracing()))
						.contains("NativeMemoryTracking")) {
						nativeMemorySummary(variant.front(), variant.tracing());
						nativeMemorySummary(variant.backend(), variant.tracing());
					}
				}
			}
			finally {
				variants.reversed().forEach(Configuration::close);
			}
		}
		return new ComparisonReport("variants",
				"One backend and one front per variant (the images' JVM options and AOT caches, tracing on, "
						+ "plus the variant's options: " + this.options.variants()
						+ (this.options.variantProjects().isEmpty() ? ""
								: "; the jars of other projects: " + this.options.variantProjects())
						+ (this.options.nodeSeedVariants().isEmpty() ? ""
								: "; the seed's Node.js stack instead of the jars: " + this.options.nodeSeedVariants())
						+ "),",
				command, runStart.startedAt(), runStart.wallSeconds(), runStart.machine(), runStart.loadAverage(),
				Machine.loadAverage(), this.options.connections(), this.options.warmup().toMillis() / 1000.0,
				this.options.duration().toMillis() / 1000.0, List.copyOf(this.phases), List.copyOf(this.discarded),
				frontPeakRss, backendPeakRss);
	}

	/**
	 * Starts backend, then front in front of it, and loads them through front.
	 * @param name the configuration's name in the results
	 * @param starter starts each service
	 * @param environment the variables of both services, before each service's own
	 * @param overrides variables of both services that win over all others
	 */
	private Configuration startThroughFront(String name, ServiceStarter starter, Map<String, String> environment,
			Map<String, String> overrides, PostgresServer postgres) {
		Map<String, String> backendEnvironment = new HashMap<>(environment);
		backendEnvironment.putAll(postgres.libpqEnvironment());
		backendEnvironment.put("OTEL_SERVICE_NAME", "backend");
		backendEnvironment.putAll(overrides);
		StartedService backend = starter.start("backend", backendEnvironment);
		try {
			Map<String, String> frontEnvironment = new HashMap<>(environment);
			frontEnvironment.put("BACKEND_URL", backend.process().baseUrl());
			frontEnvironment.put("OTEL_SERVICE_NAME", "front");
			frontEnvironment.putAll(overrides);
			StartedService front = starter.start("front", frontEnvironment);
			return loadedThroughFront(name, backend, front);
		}
		catch (RuntimeException ex) {
			backend.process().close();
			throw ex;
		}
	}

	private void nativeMemorySummary(StartedService service, String variant) {
		Path summary = this.workDirectory.resolve("logs")
			.resolve("nmt-" + service.process().name() + "-" + variant + ".txt");
		Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
		try {
			Process process = new ProcessBuilder(jcmd.toString(), String.valueOf(service.process().pid()),
					"VM.native_memory", "summary", "scale=MB")
				.redirectErrorStream(true)
				.redirectOutput(summary.toFile())
				.start();
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroy();
			}
			this.logger.info("Native Memory Tracking summary of {} ({}): {}", service.process().name(), variant,
					summary);
		}
		catch (IOException ex) {
			this.logger.warn("Could not run {}: {}", jcmd, ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Starts front with one HTTP client: {@code spring.http.clients.imperative.factory}
	 * picks it, and a {@link FrontLauncher} adds its jars
	 * ({@code benchmark/target/front-clients/<client>}) when front's jar lacks them. No
	 * AOT cache: its class path would not match, and the phases measure a warmed-up JVM.
	 */
	private Configuration startFront(String client, Path frontJar, StartedService backend,
			Map<String, String> backendEnvironment, Path logs) {
		Map<String, String> environment = new HashMap<>(backendEnvironment);
		environment.put("OTEL_SERVICE_NAME", "front");
		environment.put("BACKEND_URL", backend.process().baseUrl());
		environment.put("SPRING_HTTP_CLIENTS_IMPERATIVE_FACTORY", client);
		Path launcher = FrontLauncher.write(frontJar,
				this.options.projectDirectory().resolve("benchmark/target/front-clients").resolve(client),
				frontJar.getParent().resolve("front-" + client + ".jar"));
		List<String> jvmOptions = new ArrayList<>(AotCachedJar.IMAGE_JVM_OPTIONS);
		jvmOptions.add("-XX:MaxRAM=" + this.options.memoryLimitMiB() + "m");
		if (client.equals("reactor")) {
			// Reactor Netty pools 16 connections on 2 cores; the others 64 or more
			jvmOptions.add("-Dreactor.netty.pool.maxConnections=200");
		}
		StartedService front = start("front", launcher, jvmOptions, client, environment, logs);
		return loadedThroughFront(client, backend, front);
	}

	/**
	 * Measures both configurations in two rounds, each on services started for it: the
	 * first starts them side by side, warms both up and measures each request type in the
	 * configurations' order, the second starts them again and measures in reverse (A B,
	 * then B A). Both see the same state of a shared, busy machine, neither is always
	 * measured first, and each configuration's figures come from two starts of its JVMs,
	 * whose steady-state costs differ by more than two windows of one start do.
	 */
	private void runConfigurations(Map<String, Map<String, String>> environments, AotCachedJar backendJar,
			AotCachedJar frontJar, PostgresServer postgres) {
		List<String> first = List.copyOf(environments.keySet());
		for (List<String> round : List.of(first, first.reversed())) {
			List<Configuration> started = new ArrayList<>();
			try {
				for (String tracing : round) {
					started.add(startConfiguration(tracing, environments.get(tracing), backendJar, frontJar, postgres));
				}
				if (this.options.serviceWarmup().isPositive()) {
					for (Configuration configuration : started) {
						warmUp(configuration);
					}
				}
				for (String target : started.getFirst().requests().keySet()) {
					measureEach(started, target, "");
				}
				for (Configuration configuration : started) {
					for (StartedService service : List.of(configuration.backend(), configuration.front())) {
						this.services.add(new ServiceFigures(service.process().name(), configuration.tracing(),
								service.timeToFirstRequest().toMillis() / 1000.0, service.cpuSecondsToFirstRequest(),
								service.memory(), service.aotCacheUsed()));
					}
				}
				if (round == first) {
					// After the memory figures: the recording's buffers would count in
					// front's peak RSS
					this.frontProfile = profileFront(started.getFirst());
				}
			}
			finally {
				started.reversed().forEach(Configuration::close);
			}
		}
	}

	/**
	 * One more window of {@code POST /items} through front, under a JFR recording of
	 * front: where front's CPU goes. Its requests count for rows and errors like a
	 * warm-up; its figures are not in the tables, since the recording costs CPU too.
	 */
	private CpuProfile profileFront(Configuration configuration) {
		String target = Targets.FRONT + POST_ITEMS;
		Path recording = this.workDirectory.resolve("front-profile.jfr");
		this.logger.info("Profiling front with JFR in one more window of {} (tracing {}), recorded to {}", target,
				configuration.tracing(), recording);
		List<Phase> profiled = new ArrayList<>();
		try {
			CpuProfile profile = CpuProfile.record(configuration.front().process().pid(), recording,
					() -> profiled.add(runPhase(configuration.tracing(), target, configuration.requests().get(target),
							configuration.pids(), this.options.warmup(), this.options.duration())));
			this.logger.info("  {} execution samples; by library: {}", profile.samples(), profile.libraries());
			return profile;
		}
		catch (IllegalStateException | UncheckedIOException ex) {
			// The measured phases stand without it; the report says it is missing
			this.logger.warn("  No profile of front: {}", ex.getMessage());
			return CpuProfile.of(List.of());
		}
		finally {
			this.warmups.addAll(profiled);
		}
	}

	/**
	 * Loads each request type in rounds until the services' JIT compilers have settled:
	 * at least {@code --service-warmup} seconds of each, then further rounds while the
	 * compiler threads kept more than a tenth of a core busy, at most four rounds.
	 */
	private void warmUp(Configuration configuration) {
		Duration round = this.options.serviceWarmup().dividedBy(2);
		for (int i = 1; i <= MAX_WARMUP_ROUNDS; i++) {
			double jit = 0;
			for (Map.Entry<String, Client.Factory> request : configuration.requests().entrySet()) {
				Phase warmup = runPhase(configuration.tracing(), request.getKey(), request.getValue(),
						configuration.pids(), Duration.ZERO, round);
				this.warmups.add(warmup);
				jit = Math.max(jit, JitSettling.DEFAULT.jitCores(warmup.cpuCores()));
			}
			if (i >= 2 && jit <= JitSettling.DEFAULT.maxCores()) {
				return;
			}
		}
		this.logger.warn("The JIT compilers of the tracing-{} services had not settled after {} warm-up rounds",
				configuration.tracing(), MAX_WARMUP_ROUNDS);
	}

	private Configuration startConfiguration(String tracing, Map<String, String> environment, AotCachedJar backendJar,
			AotCachedJar frontJar, PostgresServer postgres) {
		ServiceJars jars = new ServiceJars(backendJar, frontJar);
		ServiceStarter starter = (service, serviceEnvironment) -> start(jars.of(service), "tracing-" + tracing,
				List.of(), serviceEnvironment, this.workDirectory.resolve("logs"));
		Configuration throughFront = startThroughFront(tracing, starter, environment, Map.of(), postgres);
		int backendPort = throughFront.backend().process().port();
		Map<String, Client.Factory> requests = new LinkedHashMap<>(throughFront.requests());
		requests.put(Targets.BACKEND + POST_ITEMS, HttpClients.createItems(backendPort));
		requests.put(Targets.BACKEND + listTarget(), HttpClients.listItems(backendPort, this.options.listLimit()));
		return new Configuration(tracing, throughFront.backend(), throughFront.front(), throughFront.pids(), requests);
	}

	/**
	 * One configuration's running services and the requests to load them with.
	 *
	 * @param tracing {@code on} or {@code off}
	 * @param backend backend
	 * @param front front, calling this backend
	 * @param pids the services' process ids, for CPU accounting
	 * @param requests the request types by phase name
	 */
	private record Configuration(String tracing, StartedService backend, StartedService front, Map<String, Long> pids,
			Map<String, Client.Factory> requests) implements AutoCloseable {

		@Override
		public void close() {
			this.front.process().close();
			this.backend.process().close();
		}

	}

	/**
	 * Starts a service as its image starts it, then {@code extraJvmOptions}: a later
	 * {@code -XX} option wins.
	 */
	private StartedService start(AotCachedJar jar, String label, List<String> extraJvmOptions,
			Map<String, String> environment, Path logs) {
		List<String> jvmOptions = new ArrayList<>(
				jar.jvmOptions(this.options.memoryLimitMiB(), StartedService.aotLog(logs, jar.name(), label)));
		jvmOptions.addAll(extraJvmOptions);
		return start(jar.name(), jar.jar(), jvmOptions, label, environment, logs);
	}

	private StartedService startNode(Path nodeSeed, String name, String label, Map<String, String> environment,
			Path logs) {
		StartedService service = StartedService.startNode(nodeSeed, name, label, environment, logs);
		this.logger.info("{} ({}, Node.js): first successful request {} ms after the start, {} CPU seconds", name,
				label, service.timeToFirstRequest().toMillis(), service.cpuSecondsToFirstRequest());
		return service;
	}

	private StartedService start(String name, Path jar, List<String> jvmOptions, String label,
			Map<String, String> environment, Path logs) {
		StartedService service = StartedService.start(name, jar, jvmOptions, label, environment, logs);
		this.logger.info("{} ({}): first successful request {} ms after the JVM started, {} CPU seconds{}", name, label,
				service.timeToFirstRequest().toMillis(), service.cpuSecondsToFirstRequest(),
				service.aotCacheUsed() ? "" : " (AOT cache NOT used)");
		return service;
	}

	/**
	 * Runs a measured window and keeps it only once the services' JIT compilers have
	 * settled ({@link JitSettling}): a window in which they were still busy is discarded
	 * (counted for rows and errors like a warm-up, listed in the report) and run again,
	 * at most {@value #MAX_RERUNS} times; the last one counts, with a warning.
	 */
	private Phase measure(String tracing, String target, Client.Factory clients, Map<String, Long> processes) {
		for (int run = 0;; run++) {
			Phase phase = runPhase(tracing, target, clients, processes, this.options.warmup(), this.options.duration());
			double jit = JitSettling.DEFAULT.jitCores(phase.cpuCores());
			if (JitSettling.DEFAULT.settled(phase.cpuCores())) {
				return phase;
			}
			if (run == MAX_RERUNS) {
				this.logger.warn("  Window counted although the JIT compilers kept {} cores busy after {} re-runs",
						cores(jit), MAX_RERUNS);
				return phase;
			}
			this.logger.warn(
					"  Window discarded: the JIT compilers kept {} cores busy (more than {}); running it again",
					cores(jit), cores(JitSettling.DEFAULT.maxCores()));
			this.discarded.add(phase);
			this.warmups.add(phase);
		}
	}

	private Phase runPhase(String tracing, String target, Client.Factory clients, Map<String, Long> processes,
			Duration warmup, Duration duration) {
		String loadAverage = Machine.loadAverage();
		Map<String, Long> measured = new LinkedHashMap<>(processes);
		measured.put(Phase.LOAD_GENERATOR, ProcessHandle.current().pid());
		CpuUsage cpu = new CpuUsage(measured, this.postmaster);
		CpuWindow window = new CpuWindow(cpu);
		ClosedLoopLoad.Plan plan = new ClosedLoopLoad.Plan(target, this.options.connections(), warmup, duration,
				MAX_REQUESTS_PER_PHASE);
		this.logger.info("{} (tracing {}): {} s warm-up + {} s, {} connections; load average {}", target, tracing,
				plan.warmup().toSeconds(), plan.duration().toSeconds(), plan.connections(), loadAverage);
		PhaseResult result = ClosedLoopLoad.run(plan, clients, window);
		Map<String, Double> cores = window.cores(plan.duration().toNanos() / 1e9);
		this.logger.info("  {} req/s, p50 {} ms, p99 {} ms, max {} ms, {} non-2xx, {} socket errors{}",
				result.requestsPerSecond(), result.latency().p50(), result.latency().p99(), result.latency().max(),
				result.non2xx(), result.socketErrors(),
				(result.firstError() != null) ? " (first: " + result.firstError() + ")" : "");
		this.logger.info("  CPU cores busy: {}", cores);
		return new Phase(tracing, target, loadAverage, cores, result);
	}

	/**
	 * CPU snapshots at the start and end of a measured window.
	 */
	private static final class CpuWindow implements ClosedLoopLoad.WindowObserver {

		private final CpuUsage cpu;

		private Map<String, Double> start = Map.of();

		private Map<String, Double> end = Map.of();

		CpuWindow(CpuUsage cpu) {
			this.cpu = cpu;
		}

		@Override
		public void started() {
			this.start = this.cpu.snapshot();
		}

		@Override
		public void ended() {
			this.end = this.cpu.snapshot();
		}

		Map<String, Double> cores(double seconds) {
			Map<String, Double> cores = new LinkedHashMap<>();
			double ours = 0;
			for (Map.Entry<String, Double> entry : this.end.entrySet()) {
				double used = (entry.getValue() - this.start.getOrDefault(entry.getKey(), entry.getValue())) / seconds;
				cores.put(entry.getKey(), Math.round(used * 100) / 100.0);
				if (!entry.getKey().equals(Phase.MACHINE) && !entry.getKey().endsWith(CpuUsage.JIT)) {
					ours += used;
				}
			}
			double machine = cores.getOrDefault(Phase.MACHINE, 0.0);
			cores.put(Phase.OTHERS, Math.round(Math.max(0, machine - ours) * 100) / 100.0);
			return cores;
		}

	}

	private static String cores(double cores) {
		return String.format(Locale.ROOT, "%.2f", cores);
	}

	private String listTarget() {
		return "GET /items?limit=" + this.options.listLimit();
	}

	private static long countRows(PostgresServer postgres) {
		try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), PostgresServer.USERNAME,
				PostgresServer.PASSWORD);
				Statement statement = connection.createStatement();
				ResultSet count = statement.executeQuery("select count(*) from items")) {
			count.next();
			return count.getLong(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not count the rows", ex);
		}
	}

	/**
	 * Finds the postmaster as the parent of this connection's server process, read while
	 * the connection (and so the process) is still open.
	 */
	private static long postmasterPid(PostgresServer postgres) {
		try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), PostgresServer.USERNAME,
				PostgresServer.PASSWORD);
				Statement statement = connection.createStatement();
				ResultSet pid = statement.executeQuery("select pg_backend_pid()")) {
			pid.next();
			return CpuUsage.postmasterOf(pid.getLong(1));
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not ask PostgreSQL for its pid", ex);
		}
	}

	private static void write(Path file, String text) {
		try {
			Files.createDirectories(file.getParent());
			Files.writeString(file, text);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write " + file, ex);
		}
	}

	private static void deleteRecursively(Path directory) {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not clear " + directory, ex);
		}
	}

}
