package com.example.meshtrace.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The benchmark's settings, from its command line.
 *
 * @param projectDirectory the clone holding {@code backend/target/backend.jar} and
 * {@code front/target/front.jar}
 * @param resultsDirectory where {@code latest.json} and {@code latest.md} go
 * @param connections concurrent connections (and JDBC connections) per phase
 * @param serviceWarmup load of each request type after the services started, before the
 * first phase: time for the JIT compilers
 * @param warmup load before each measured window
 * @param duration each measured window
 * @param listLimit the page size of {@code GET /items}
 * @param memoryLimitMiB the Deployments' memory limit, which the heap takes 20 % of
 * @param quick whether this is a short development run
 * @param frontClients the HTTP clients to compare front with
 * ({@code spring.http.clients.imperative.factory} values), or none for the usual run
 * @param variants JVM options (and {@code -D} properties) by variant name, added to both
 * services' options to compare the variants side by side, or none for the usual run
 * @param variantProjects the project directories whose jars some variants run instead of
 * {@code projectDirectory}'s, by variant name
 * @param nodeSeedVariants the variants that run the seed's Node.js stack
 * ({@code benchmark/node-seed}) instead of the jars
 * @param startups how many times to start each service per start-up variant, or {@code 0}
 * for the usual run
 */
record BenchmarkOptions(Path projectDirectory, Path resultsDirectory, int connections, Duration serviceWarmup,
		Duration warmup, Duration duration, int listLimit, int memoryLimitMiB, boolean quick, List<String> frontClients,
		Map<String, List<String>> variants, Map<String, Path> variantProjects, Set<String> nodeSeedVariants,
		int startups) {

	static final List<String> FRONT_CLIENTS = List.of("jdk", "http-components", "jetty", "reactor");

	private static final Pattern ENVIRONMENT_VARIABLE = Pattern.compile("[A-Z_][A-Z0-9_]*=.*");

	static final String USAGE = """
			Usage: ./run-benchmark [options]   (or java -jar benchmark/target/benchmark.jar [options])
			  --quick              3 s warm-ups and 5 s per phase, for development
			  --service-warmup=SECONDS  at least this much load of each request type after the services
			                            start, more while the JIT still compiles (default 20)
			  --warmup=SECONDS     warm-up before each measured window (default 10)
			  --duration=SECONDS   measured time per window (default 20); each request type is measured
			                       in two windows per configuration, one per start of its services,
			                       the configurations in opposite orders (A B, then B A)
			  --connections=N      concurrent connections (default 32)
			  --list-limit=N       page size of GET /items (default 20)
			  --front-clients[=jdk,http-components,jetty,reactor]
			                       instead of the usual run, compare front's HTTP clients to backend
			                       (spring.http.clients.imperative.factory): one backend, one front per
			                       client, phases interleaved; writes clients.json and clients.md
			  --variant=NAME=OPTIONS
			                       instead of the usual run, compare variants (repeat the option, at least
			                       two): one backend and one front per variant, each with the images' JVM
			                       options plus OPTIONS (space-separated, -XX:... or -Dspring...=...; a word
			                       NAME=VALUE with an upper-case NAME, such as MALLOC_ARENA_MAX=2, is an
			                       environment variable of both services instead), phases
			                       interleaved; writes variants.json and variants.md. With
			                       -XX:NativeMemoryTracking=summary, writes each service's summary after the
			                       phases to benchmark/target/run/logs/nmt-<service>-<NAME>.txt. The images
			                       run with Spring AOT, which fixes conditions at build time: a -D property
			                       that decides whether a bean exists (spring.threads.virtual.enabled, any
			                       *.enabled) changes nothing unless every variant adds
			                       -Dspring.aot.enabled=false
			  --variant-project=NAME=PATH
			                       the variant NAME runs the jars of the project at PATH (its
			                       backend/target/backend.jar and front/target/front.jar) instead of this
			                       project's: a before/after comparison of two commits in one run
			  --node-seed=NAME     the variant NAME runs the seed's Node.js stack instead of the jars
			                       (benchmark/node-seed: express, pg, @opentelemetry/sdk-node; needs node
			                       20.6 or later and npm; npm ci installs its locked packages first);
			                       its OPTIONS may only be environment variables
			  --startups=N         instead of the usual run, start backend and front N times each as the
			                       images start them (AOT cache and Spring AOT) and as they started before
			                       Spring AOT (AOT cache only), in turn, tracing on: start to first success,
			                       CPU seconds until then and the phases from the logs; writes startup.md
			  --project-dir=PATH   directory with backend/target/backend.jar and front/target/front.jar (default .)
			  --results=PATH       where latest.json and latest.md go (default benchmark/results)
			  --help               this text
			""";

	static BenchmarkOptions parse(String... args) {
		Path project = Path.of("");
		Path results = null;
		int connections = 32;
		Integer serviceWarmup = null;
		Integer warmup = null;
		Integer duration = null;
		int listLimit = 20;
		boolean quick = false;
		List<String> frontClients = List.of();
		Map<String, List<String>> variants = new LinkedHashMap<>();
		Map<String, Path> variantProjects = new LinkedHashMap<>();
		Set<String> nodeSeedVariants = new LinkedHashSet<>();
		int startups = 0;
		for (String arg : args) {
			String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : "";
			switch (arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg) {
				case "--quick" -> quick = true;
				case "--service-warmup" -> serviceWarmup = positive(arg, value, 0);
				case "--warmup" -> warmup = positive(arg, value, 0);
				case "--duration" -> duration = positive(arg, value, 1);
				case "--connections" -> connections = positive(arg, value, 1);
				case "--list-limit" -> listLimit = positive(arg, value, 1);
				case "--project-dir" -> project = Path.of(value);
				case "--results" -> results = Path.of(value);
				case "--front-clients" -> frontClients = clients(value);
				case "--variant" -> variant(variants, value);
				case "--variant-project" -> variantProject(variantProjects, value);
				case "--node-seed" -> nodeSeedVariants.add(value);
				case "--startups" -> startups = positive(arg, value, 1);
				default -> throw new IllegalArgumentException("Unknown option " + arg + "\n" + USAGE);
			}
		}
		if (variants.size() == 1 || (!variants.isEmpty() && !frontClients.isEmpty())) {
			throw new IllegalArgumentException(
					"--variant: give at least two, and not together with --front-clients\n" + USAGE);
		}
		if (!variants.keySet().containsAll(variantProjects.keySet())) {
			throw new IllegalArgumentException("--variant-project: no --variant named "
					+ variantProjects.keySet().stream().filter((name) -> !variants.containsKey(name)).toList() + "\n"
					+ USAGE);
		}
		for (String name : nodeSeedVariants) {
			if (!variants.containsKey(name) || variantProjects.containsKey(name)
					|| !jvmOptionsOf(variants.get(name)).isEmpty()) {
				throw new IllegalArgumentException("--node-seed=" + name
						+ ": expected the name of a --variant whose options are only environment variables, "
						+ "without --variant-project\n" + USAGE);
			}
		}
		int serviceWarmupSeconds = (serviceWarmup != null) ? serviceWarmup : (quick ? 3 : 20);
		int warmupSeconds = (warmup != null) ? warmup : (quick ? 3 : 10);
		int durationSeconds = (duration != null) ? duration : (quick ? 5 : 20);
		return new BenchmarkOptions(project.toAbsolutePath().normalize(),
				(results != null) ? results.toAbsolutePath() : project.resolve("benchmark/results").toAbsolutePath(),
				connections, Duration.ofSeconds(serviceWarmupSeconds), Duration.ofSeconds(warmupSeconds),
				Duration.ofSeconds(durationSeconds), listLimit, 512, quick, frontClients,
				Collections.unmodifiableMap(variants), Collections.unmodifiableMap(variantProjects),
				Collections.unmodifiableSet(nodeSeedVariants), startups);
	}

	private static List<String> clients(String value) {
		if (value.isEmpty()) {
			return FRONT_CLIENTS;
		}
		List<String> clients = List.of(value.split(","));
		for (String client : clients) {
			if (!FRONT_CLIENTS.contains(client)) {
				throw new IllegalArgumentException("--front-clients: " + client + " is not one of " + FRONT_CLIENTS);
			}
		}
		return clients;
	}

	private static void variant(Map<String, List<String>> variants, String value) {
		int equals = value.indexOf('=');
		String name = (equals > 0) ? value.substring(0, equals) : "";
		if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*") || variants.containsKey(name)) {
			throw new IllegalArgumentException(
					"--variant: expected NAME=OPTIONS with a new NAME: a letter or digit, then letters, digits, '.', '_' or '-'\n"
							+ USAGE);
		}
		String options = value.substring(equals + 1).trim();
		variants.put(name, options.isEmpty() ? List.of() : List.of(options.split("\\s+")));
	}

	private static void variantProject(Map<String, Path> variantProjects, String value) {
		int equals = value.indexOf('=');
		if (equals <= 0 || equals == value.length() - 1) {
			throw new IllegalArgumentException("--variant-project: expected NAME=PATH\n" + USAGE);
		}
		variantProjects.put(value.substring(0, equals),
				Path.of(value.substring(equals + 1)).toAbsolutePath().normalize());
	}

	/**
	 * The environment variables among a variant's words: those of the form
	 * {@code NAME=VALUE} with an upper-case {@code NAME}, such as
	 * {@code MALLOC_ARENA_MAX=2}.
	 * @param variantOptions the words of one {@code --variant}
	 * @return the variables, in the order given
	 */
	static Map<String, String> environmentOf(List<String> variantOptions) {
		Map<String, String> environment = new LinkedHashMap<>();
		for (String word : variantOptions) {
			if (ENVIRONMENT_VARIABLE.matcher(word).matches()) {
				environment.put(word.substring(0, word.indexOf('=')), word.substring(word.indexOf('=') + 1));
			}
		}
		return environment;
	}

	/**
	 * The JVM options among a variant's words: all but the environment variables.
	 * @param variantOptions the words of one {@code --variant}
	 * @return the options, in the order given
	 */
	static List<String> jvmOptionsOf(List<String> variantOptions) {
		return variantOptions.stream().filter((word) -> !ENVIRONMENT_VARIABLE.matcher(word).matches()).toList();
	}

	private static int positive(String arg, String value, int min) {
		try {
			int number = Integer.parseInt(value);
			if (number >= min) {
				return number;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new IllegalArgumentException(arg + ": expected a whole number of at least " + min + "\n" + USAGE);
	}

}
