package com.example.meshtrace.containers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The podman (or docker) command line, with the project's {@code containers.conf}.
 */
final class ContainerEngine {

	private final String command;

	private final Path containersConf;

	private ContainerEngine(String command, Path containersConf) {
		this.command = command;
		this.containersConf = containersConf;
	}

	/**
	 * The engine named by {@code ENGINE} (podman by default), if it answers.
	 * @param repository the repository root, for {@code containers/containers.conf}
	 * @return the engine, or empty where none is installed or running
	 */
	static Optional<ContainerEngine> find(Path repository) {
		String command = System.getenv().getOrDefault("ENGINE", "podman");
		ContainerEngine engine = new ContainerEngine(command,
				repository.resolve("containers").resolve("containers.conf"));
		try {
			return (engine.execute(List.of("info")).exitCode() == 0) ? Optional.of(engine) : Optional.empty();
		}
		catch (UncheckedIOException ex) {
			return Optional.empty();
		}
	}

	String name() {
		return this.command;
	}

	/**
	 * Runs an engine command and fails unless it succeeds.
	 * @param arguments the arguments after the engine's name
	 * @return its standard output, stripped
	 */
	String run(String... arguments) {
		Result result = execute(List.of(arguments));
		if (result.exitCode() != 0) {
			throw new IllegalStateException(this.command + " " + String.join(" ", arguments) + " failed ("
					+ result.exitCode() + "): " + result.output());
		}
		return result.output();
	}

	Result execute(List<String> arguments) {
		List<String> command = new ArrayList<>();
		command.add(this.command);
		command.addAll(arguments);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		if (System.getenv("CONTAINERS_CONF") == null) {
			builder.environment().put("CONTAINERS_CONF", this.containersConf.toString());
		}
		try {
			Process process = builder.start();
			process.getOutputStream().close();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(5, TimeUnit.MINUTES)) {
				process.destroyForcibly();
			}
			return new Result(process.exitValue(), output.strip());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** What an engine command printed and how it ended. */
	record Result(int exitCode, String output) {
	}

}
