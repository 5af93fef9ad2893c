package com.example.meshtrace.benchmark;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * A jar that holds only a manifest: it runs front's main class with front's extracted jar
 * and the jars of one HTTP client on the class path, so that front can be measured with a
 * client its own jar does not include.
 */
final class FrontLauncher {

	private FrontLauncher() {
	}

	/**
	 * Writes the launcher.
	 * @param front front's extracted jar (its manifest lists {@code lib/})
	 * @param clientJars a directory with the client's jars, or one that does not exist
	 * when front's jar holds the client already
	 * @param launcher the jar to write
	 * @return the launcher
	 */
	static Path write(Path front, Path clientJars, Path launcher) {
		try {
			String mainClass;
			try (JarFile jar = new JarFile(front.toFile())) {
				mainClass = jar.getManifest().getMainAttributes().getValue(Attributes.Name.MAIN_CLASS);
			}
			List<String> classPath = new ArrayList<>();
			classPath.add(relative(launcher, front));
			if (Files.isDirectory(clientJars)) {
				try (Stream<Path> jars = Files.list(clientJars)) {
					jars.filter((path) -> path.toString().endsWith(".jar"))
						.sorted()
						.forEach((path) -> classPath.add(relative(launcher, path)));
				}
			}
			Manifest manifest = new Manifest();
			manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
			manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
			manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", classPath));
			Files.createDirectories(launcher.getParent());
			try (OutputStream out = Files.newOutputStream(launcher);
					JarOutputStream jar = new JarOutputStream(out, manifest)) {
				jar.flush();
			}
			return launcher;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write " + launcher, ex);
		}
	}

	/** Class-Path entries are URLs relative to the jar that names them. */
	private static String relative(Path launcher, Path jar) {
		Path from = launcher.toAbsolutePath().getParent();
		return from.relativize(jar.toAbsolutePath()).toString().replace('\\', '/');
	}

}
