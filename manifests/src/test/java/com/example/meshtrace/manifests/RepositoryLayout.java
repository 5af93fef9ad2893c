package com.example.meshtrace.manifests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Paths of the repository that the manifest tests read, found from the working directory.
 */
final class RepositoryLayout {

	private RepositoryLayout() {
	}

	static Path root() {
		Path dir = Path.of("").toAbsolutePath();
		while (dir != null) {
			if (Files.isDirectory(dir.resolve("k8s")) && Files.isRegularFile(dir.resolve("mvnw"))) {
				return dir;
			}
			dir = dir.getParent();
		}
		throw new IllegalStateException(
				"No repository root (a directory with k8s/ and mvnw) above " + Path.of("").toAbsolutePath());
	}

	static Path k8s() {
		return root().resolve("k8s");
	}

	static Path overlay(Environment environment) {
		return k8s().resolve("overlays").resolve(environment.directory());
	}

	static Path argocd() {
		return k8s().resolve("argocd");
	}

	/**
	 * The shared JSON schemas that CI clones beside the repository
	 * ({@code ../shared/k8s-schemas}).
	 */
	static Path sharedSchemas() {
		return root().resolveSibling("shared").resolve("k8s-schemas");
	}

	static String read(Path path) {
		try {
			return Files.readString(path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + path, ex);
		}
	}

}
