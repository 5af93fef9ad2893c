package com.example.meshtrace.benchmark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The seed's Node.js stack in {@code benchmark/node-seed}: express, pg and
 * {@code @opentelemetry/sdk-node}, as the source document's sample runs it, for a
 * comparison with the Java services on the same machine and load.
 */
final class NodeSeed {

	private static final long INSTALL_TIMEOUT_MINUTES = 10;

	private NodeSeed() {
	}

	/**
	 * Installs the stack's packages with {@code npm ci}: exactly the versions of its
	 * {@code package-lock.json}, whatever an earlier run left in {@code node_modules},
	 * from npm's cache where it has them.
	 * @param project the clone holding {@code benchmark/node-seed}
	 * @return the stack's directory, ready to run
	 */
	static Path install(Path project) {
		Path directory = project.resolve("benchmark/node-seed");
		try {
			Process npm = new ProcessBuilder("npm", "ci", "--prefer-offline", "--no-audit", "--no-fund")
				.directory(directory.toFile())
				.inheritIO()
				.start();
			if (!npm.waitFor(INSTALL_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
				npm.destroyForcibly();
				throw new IllegalStateException(
						"npm ci in " + directory + " took longer than " + INSTALL_TIMEOUT_MINUTES + " minutes");
			}
			if (npm.exitValue() != 0) {
				throw new IllegalStateException("npm ci in " + directory + " failed with " + npm.exitValue());
			}
			return directory;
		}
		catch (IOException ex) {
			throw new IllegalStateException("--node-seed needs node (20.6 or later) and npm on the PATH", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while installing " + directory, ex);
		}
	}

}
