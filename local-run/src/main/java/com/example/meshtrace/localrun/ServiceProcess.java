package com.example.meshtrace.localrun;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service ({@code backend} or {@code front}) running from its executable jar in a JVM
 * of its own, as it runs in a container.
 */
public final class ServiceProcess implements AutoCloseable {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

	private final String name;

	private final int port;

	private final Path log;

	private final Process process;

	private final long startedAt;

	private Duration timeToReady;

	private ServiceProcess(String name, int port, Path log, Process process, long startedAt) {
		this.name = name;
		this.port = port;
		this.log = log;
		this.process = process;
		this.startedAt = startedAt;
	}

	/**
	 * Starts the jar with {@code SERVER_PORT} and the given environment, logging to a
	 * file.
	 * @param spec what to start
	 * @return the started process, not yet ready
	 */
	public static ServiceProcess start(Spec spec) {
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse("java"));
		command.addAll(spec.jvmOptions());
		command.add("-jar");
		command.add(spec.jar().toAbsolutePath().toString());
		return start(spec.name(), command, spec.port(), spec.environment(), spec.log());
	}

	/**
	 * Starts another program that keeps the services' contract ({@code SERVER_PORT},
	 * {@code /actuator/health/readiness}), such as the seed's Node.js services, logging
	 * to a file.
	 * @param name the service name, for messages
	 * @param command the program and its arguments
	 * @param port the HTTP port, passed as {@code SERVER_PORT}
	 * @param environment further environment variables
	 * @param log the file that receives standard output and error
	 * @return the started process, not yet ready
	 */
	public static ServiceProcess start(String name, List<String> command, int port, Map<String, String> environment,
			Path log) {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
		builder.environment().putAll(environment);
		builder.environment().put("SERVER_PORT", String.valueOf(port));
		try {
			Files.createDirectories(log.toAbsolutePath().getParent());
			long startedAt = System.nanoTime();
			return new ServiceProcess(name, port, log, builder.start(), startedAt);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + name + " with " + command, ex);
		}
	}

	/**
	 * Waits until readiness answers 200.
	 * @param timeout how long to wait at most
	 * @return this process
	 */
	public ServiceProcess awaitReady(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(
						this.name + " exited with " + this.process.exitValue() + "; see " + this.log);
			}
			if (isReady()) {
				if (this.timeToReady == null) {
					this.timeToReady = Duration.ofNanos(System.nanoTime() - this.startedAt);
				}
				return this;
			}
			pause(Duration.ofMillis(20));
		}
		throw new IllegalStateException(this.name + " not ready within " + timeout + "; see " + this.log);
	}

	/**
	 * Tells whether {@code /actuator/health/readiness} answers 200 right now.
	 * @return {@code true} when ready
	 */
	public boolean isReady() {
		HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health/readiness"))
			.timeout(Duration.ofSeconds(2))
			.build();
		try {
			return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	public String name() {
		return this.name;
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	public int port() {
		return this.port;
	}

	public long pid() {
		return this.process.pid();
	}

	public Path log() {
		return this.log;
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * Time from starting the JVM to the first successful readiness answer.
	 * @return the time, or {@code null} before {@link #awaitReady(Duration)} succeeded
	 */
	public Duration timeToReady() {
		return this.timeToReady;
	}

	/**
	 * Sends SIGTERM, as the kubelet does when it stops a pod.
	 */
	public void terminate() {
		this.process.destroy();
	}

	/**
	 * Sends SIGKILL: the process gets no chance to finish anything.
	 */
	public void kill() {
		this.process.destroyForcibly();
	}

	/**
	 * Waits for the process to exit.
	 * @param timeout how long to wait at most
	 * @return the exit code, or {@code null} if it still runs
	 */
	public Integer awaitExit(Duration timeout) {
		try {
			return this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? this.process.exitValue() : null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	@Override
	public void close() {
		terminate();
		if (awaitExit(Duration.ofSeconds(30)) == null) {
			kill();
			awaitExit(Duration.ofSeconds(10));
		}
	}

	private static void pause(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting", ex);
		}
	}

	/**
	 * What to start.
	 *
	 * @param name the service name, for messages
	 * @param jar the executable jar
	 * @param port the HTTP port, passed as {@code SERVER_PORT}
	 * @param environment further environment variables
	 * @param jvmOptions options before {@code -jar}
	 * @param log the file that receives standard output and error
	 */
	public record Spec(String name, Path jar, int port, Map<String, String> environment, List<String> jvmOptions,
			Path log) {

		public Spec {
			environment = Map.copyOf(environment);
			jvmOptions = List.copyOf(jvmOptions);
		}

	}

}
