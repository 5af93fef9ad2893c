package com.example.meshtrace.manifests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment documentation names only files and tests that exist, so it cannot drift
 * from the repository unnoticed.
 */
class DeployDocTests {

	/**
	 * Repository paths the deployment docs may name: k8s/, docs/, manifests/,
	 * Dockerfiles.
	 */
	private static final Pattern repositoryPath = Pattern
		.compile("`((?:k8s|docs|manifests)/[^`\\s$]*|Dockerfile\\.[a-z]+|\\.dockerignore)`");

	private static final Pattern testReference = Pattern
		.compile("`?([A-Z][A-Za-z]+Tests)(?:\\.([a-z][A-Za-z0-9]+))?`?");

	@Test
	void deployDocNamesOnlyRepositoryFilesThatExist() {
		String doc = deployDoc();
		List<String> missing = new ArrayList<>();
		Matcher matcher = repositoryPath.matcher(doc);
		int checked = 0;
		while (matcher.find()) {
			for (String path : expand(matcher.group(1))) {
				checked++;
				if (!exists(path)) {
					missing.add(path);
				}
			}
		}
		assertThat(checked).isGreaterThan(10);
		assertThat(missing).as("paths named in docs/deploy.md that do not exist").isEmpty();
	}

	@Test
	void deployDocNamesOnlyTestsThatExist() {
		Matcher matcher = testReference.matcher(deployDoc());
		List<String> missing = new ArrayList<>();
		int checked = 0;
		while (matcher.find()) {
			checked++;
			String className = getClass().getPackageName() + "." + matcher.group(1);
			try {
				Class<?> testClass = Class.forName(className);
				String method = matcher.group(2);
				if (method != null && Arrays.stream(testClass.getDeclaredMethods())
					.map(Method::getName)
					.noneMatch(method::equals)) {
					missing.add(matcher.group(0));
				}
			}
			catch (ClassNotFoundException ex) {
				if (!existsInAnotherModule(matcher.group(1), matcher.group(2))) {
					missing.add(matcher.group(0));
				}
			}
		}
		assertThat(checked).isGreaterThan(5);
		assertThat(missing).as("tests named in docs/deploy.md that do not exist").isEmpty();
	}

	@Test
	void prerequisitesStateTheKubernetesVersionThatThePreStopSleepNeeds() {
		boolean sleeps = Stream.of(Environment.values())
			.flatMap((environment) -> Kustomize.render(RepositoryLayout.overlay(environment))
				.ofKind("Deployment")
				.stream())
			.anyMatch((deployment) -> deployment.at("/spec/template/spec/containers")
				.valueStream()
				.anyMatch((container) -> container.at("/lifecycle/preStop/sleep").isObject()));
		assertThat(sleeps).as("a Deployment uses the native lifecycle.preStop.sleep action").isTrue();
		String prerequisites = deployDoc().substring(deployDoc().indexOf("Prerequisites"));
		assertThat(prerequisites.substring(0, prerequisites.indexOf("\n\n"))).contains("Kubernetes 1.30")
			.contains("OpenShift 4.17")
			.contains("preStop");
	}

	/**
	 * A test class of another module (backend, e2e, ...), by its source file.
	 */
	private static boolean existsInAnotherModule(String className, String method) {
		try (Stream<Path> files = Files.walk(RepositoryLayout.root(), 12)) {
			return files.filter((file) -> file.toString().contains("/src/test/java/"))
				.filter((file) -> file.getFileName().toString().equals(className + ".java"))
				.anyMatch((file) -> method == null || RepositoryLayout.read(file).contains(" " + method + "("));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The deployment documentation, {@code docs/deploy.md}.
	 */
	private static String deployDoc() {
		Path doc = RepositoryLayout.root().resolve("docs/deploy.md");
		assertThat(doc).as("the deployment documentation").isRegularFile();
		return RepositoryLayout.read(doc);
	}

	/**
	 * {@code <env>} stands for each environment, {@code {a,b}} and {@code *} are globs.
	 */
	private static Set<String> expand(String path) {
		Set<String> paths = new LinkedHashSet<>();
		if (path.contains("<env>")) {
			for (Environment environment : Environment.values()) {
				paths.add(path.replace("<env>", environment.directory()));
			}
		}
		else {
			paths.add(path);
		}
		return paths;
	}

	private static boolean exists(String path) {
		Path root = RepositoryLayout.root();
		if (!path.contains("*") && !path.contains("{")) {
			return Files.exists(root.resolve(path));
		}
		PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + path);
		try (Stream<Path> files = Files.walk(root.resolve(path.substring(0, path.indexOf('/'))))) {
			return files.map(root::relativize).anyMatch(matcher::matches);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
