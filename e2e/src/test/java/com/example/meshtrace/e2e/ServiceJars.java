package com.example.meshtrace.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The services' executable jars, copied out of their modules' {@code target/} first: a
 * build that repackages a jar while a test's JVM runs from it breaks that JVM's class
 * loading half-way.
 */
final class ServiceJars {

	private ServiceJars() {
	}

	/**
	 * Copies a jar named by a system property (set by the build) to a directory of this
	 * module's own.
	 * @param property {@code backend.jar} or {@code front.jar}
	 * @return the copy
	 */
	static Path copyOf(String property) {
		String path = System.getProperty(property);
		if (path == null) {
			throw new IllegalStateException("System property " + property + " is not set; run the tests with Maven");
		}
		try {
			Path directory = Files.createDirectories(Path.of(System.getProperty("e2e.jars", "target/e2e-jars")));
			Path copy = Files.createTempFile(directory, property.replace(".jar", "-"), ".jar");
			Files.copy(Path.of(path), copy, StandardCopyOption.REPLACE_EXISTING);
			copy.toFile().deleteOnExit();
			return copy;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not copy " + path, ex);
		}
	}

}
