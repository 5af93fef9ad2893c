package com.example.meshtrace.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A service's executable jar laid out as its image holds it, {@code <name>.jar} beside
 * {@code lib/}, with the AOT cache of a training run as {@code Dockerfile.backend} and
 * {@code Dockerfile.front} build it: Spring's AOT-generated bean definitions
 * ({@code process-aot}, {@code -Dspring.aot.enabled=true}) in the training run and at run
 * time. Without Spring AOT, it is the images' start before Spring AOT, for comparison.
 *
 * @param name {@code backend} or {@code front}
 * @param jar the extracted jar to run with {@code -jar}
 * @param cache the AOT cache for {@code -XX:AOTCache}
 * @param trainingTime how long the training run took
 * @param springAot whether the training run and the service run with Spring AOT
 */
record AotCachedJar(String name, Path jar, Path cache, Duration trainingTime, boolean springAot) {

	/**
	 * {@code Dockerfile.backend}'s training options: no database at build time, and under
	 * Spring AOT {@code spring.flyway.enabled=false} would be ignored, so beans are
	 * initialised lazily and nothing asks for Flyway or the pool.
	 */
	static final List<String> BACKEND_TRAINING = List.of("-Dspring.main.lazy-initialization=true");

	/**
	 * The JVM options of the images' entry points before the cache's: Serial GC, the heap
	 * at 20 % of the memory limit, the code cache capped at 48 MiB and the C library's
	 * heap trimmed every 5 s.
	 */
	static final List<String> IMAGE_JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:MinRAMPercentage=20",
			"-XX:MaxRAMPercentage=20", "-XX:ReservedCodeCacheSize=48m", "-XX:TrimNativeHeapInterval=5000");

	/**
	 * The heap of the images' training runs: what {@link #IMAGE_JVM_OPTIONS} give under
	 * the Deployments' 512Mi limit, so that the cache's compressed-oops mode is the
	 * runtime's.
	 */
	private static final String TRAINING_HEAP = "-Xmx104m";

	private static final String SPRING_AOT = "-Dspring.aot.enabled=true";

	private static final Duration STEP_TIMEOUT = Duration.ofMinutes(5);

	/**
	 * Copies the jar (so that a rebuild during the run cannot change it), extracts it
	 * with Spring Boot's jar tools and runs the training run. The training run uses the
	 * Dockerfiles' options: Spring AOT on, the heap the runtime gets, the context
	 * refreshes and the JVM exits, exporters off.
	 * @param source the jar as {@code ./mvnw package} built it
	 * @param name the service's name
	 * @param directory where to put the copy, the extracted files and the cache
	 * @param trainingProperties the Dockerfile's {@code -D} options beyond the common
	 * ones
	 * @return the extracted jar and its cache
	 */
	static AotCachedJar prepare(Path source, String name, Path directory, List<String> trainingProperties) {
		return prepare(source, name, directory, trainingProperties, true);
	}

	/**
	 * As {@link #prepare(Path, String, Path, List)}, with or without Spring AOT.
	 * @param source the jar as {@code ./mvnw package} built it
	 * @param name the service's name
	 * @param directory where to put the copy, the extracted files and the cache
	 * @param trainingProperties the {@code -D} options of the training run beyond the
	 * common ones
	 * @param springAot whether the training run (and later the service) runs with Spring
	 * AOT
	 * @return the extracted jar and its cache
	 */
	static AotCachedJar prepare(Path source, String name, Path directory, List<String> trainingProperties,
			boolean springAot) {
		Path jar = extract(source, name, directory);
		Path extracted = jar.getParent();
		Path serviceDirectory = extracted.getParent();
		try {
			Path cache = serviceDirectory.resolve("app.aot");
			List<String> training = new ArrayList<>(List.of(java(), "-XX:+UseSerialGC", TRAINING_HEAP,
					"-XX:AOTCacheOutput=" + cache, "-Dspring.context.exit=onRefresh"));
			if (springAot) {
				training.add(SPRING_AOT);
			}
			training.addAll(trainingProperties);
			training.addAll(List.of("-Dotel.traces.exporter=none", "-Dotel.metrics.exporter=none",
					"-Dotel.logs.exporter=none", "-jar", jar.toString()));
			long start = System.nanoTime();
			run(training, extracted, serviceDirectory.resolve("training.log"));
			Duration trainingTime = Duration.ofNanos(System.nanoTime() - start);
			if (!Files.isRegularFile(cache)) {
				throw new IllegalStateException(
						"The training run wrote no AOT cache; see " + serviceDirectory.resolve("training.log"));
			}
			return new AotCachedJar(name, jar, cache, trainingTime, springAot);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not prepare " + name, ex);
		}
	}

	/**
	 * Copies the jar (so that a rebuild during the run cannot change it) and extracts it
	 * with Spring Boot's jar tools, as the Dockerfiles do.
	 * @param source the jar as {@code ./mvnw package} built it
	 * @param name the service's name
	 * @param directory where to put the copy and the extracted files
	 * @return the extracted jar
	 */
	static Path extract(Path source, String name, Path directory) {
		if (!Files.isRegularFile(source)) {
			throw new IllegalStateException(source + " is missing: build it with ./mvnw -pl " + name
					+ " -am package -DskipTests (run-benchmark does)");
		}
		try {
			Path serviceDirectory = Files.createDirectories(directory.resolve(name)).toAbsolutePath();
			Path copy = Files.copy(source, serviceDirectory.resolve(name + ".jar"),
					StandardCopyOption.REPLACE_EXISTING);
			Path extracted = serviceDirectory.resolve("app");
			// The Dockerfiles extract with --layers and copy the four layer directories
			// into
			// one; without --layers the tool writes that same merged layout directly
			run(List.of(java(), "-Djarmode=tools", "-jar", copy.toString(), "extract", "--destination",
					extracted.toString(), "--force"), serviceDirectory, serviceDirectory.resolve("extract.log"));
			return extracted.resolve(name + ".jar");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not extract " + name, ex);
		}
	}

	/**
	 * The JVM options of the image's entry point (with Spring AOT when this jar was
	 * trained with it), plus the container's memory limit that the heap percentages take
	 * their share of, plus a log of the AOT cache's use.
	 * @param memoryLimitMiB the Deployment's memory limit
	 * @param aotLog where the JVM writes how it used the cache
	 * @return the options
	 */
	List<String> jvmOptions(int memoryLimitMiB, Path aotLog) {
		List<String> options = new ArrayList<>(IMAGE_JVM_OPTIONS);
		options.addAll(List.of("-XX:MaxRAM=" + memoryLimitMiB + "m", "-XX:AOTCache=" + this.cache));
		if (this.springAot) {
			options.add(SPRING_AOT);
		}
		options.add("-Xlog:aot=info:file=" + aotLog.toAbsolutePath() + ":none");
		return List.copyOf(options);
	}

	/**
	 * Tells whether the JVM that wrote the log ran with the cache's AOT-linked classes.
	 * @param aotLog the log that {@link #jvmOptions(int, Path)} names
	 * @return {@code true} when the cache was used
	 */
	static boolean cacheWasUsed(Path aotLog) {
		try {
			return Files.isRegularFile(aotLog) && Files.readString(aotLog).contains("Using AOT-linked classes: true");
		}
		catch (IOException ex) {
			return false;
		}
	}

	static String java() {
		return ProcessHandle.current().info().command().orElse("java");
	}

	private static void run(List<String> command, Path directory, Path log) throws IOException {
		Process process = new ProcessBuilder(command).directory(directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		try {
			if (!process.waitFor(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(String.join(" ", command) + " did not finish within " + STEP_TIMEOUT);
			}
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
		if (process.exitValue() != 0) {
			throw new IllegalStateException(
					String.join(" ", command) + " failed with " + process.exitValue() + "; see " + log);
		}
	}

}
