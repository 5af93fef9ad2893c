package com.example.meshtrace.manifests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kustomization sources themselves: no deprecated or selector-changing fields, and
 * the overlays built from the shared components.
 */
class KustomizationFilesTests {

	static Stream<Path> kustomizationFiles() {
		try (Stream<Path> files = Files.walk(RepositoryLayout.k8s())) {
			List<Path> found = files.filter((file) -> file.getFileName().toString().equals("kustomization.yaml"))
				.toList();
			assertThat(found).hasSizeGreaterThanOrEqualTo(7);
			return found.stream();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@ParameterizedTest
	@MethodSource("kustomizationFiles")
	void usesNoDeprecatedOrSelectorChangingFields(Path file) {
		Map<String, Object> kustomization = new Yaml().load(RepositoryLayout.read(file));
		assertThat(kustomization).as(file.toString())
			.doesNotContainKeys("commonLabels", "patchesStrategicMerge", "patchesJson6902", "bases", "vars",
					"namePrefix", "nameSuffix", "commonAnnotations");
	}

	/** The kustomizations that add labels (the components add none). */
	static Stream<Path> kustomizationFilesWithLabels() {
		List<Path> withLabels = kustomizationFiles()
			.filter((file) -> new Yaml().<Map<String, Object>>load(RepositoryLayout.read(file)).containsKey("labels"))
			.toList();
		assertThat(withLabels).hasSizeGreaterThanOrEqualTo(5);
		return withLabels.stream();
	}

	@ParameterizedTest
	@MethodSource("kustomizationFilesWithLabels")
	void labelsNeverEnterSelectors(Path file) {
		Map<String, Object> kustomization = new Yaml().load(RepositoryLayout.read(file));
		assertThat((List<?>) kustomization.get("labels")).as(file.toString())
			.isNotEmpty()
			.allSatisfy((entry) -> assertThat(((Map<?, ?>) entry).get("includeSelectors")).isEqualTo(Boolean.FALSE));
	}

	@ParameterizedTest
	@EnumSource(Environment.class)
	@SuppressWarnings("unchecked")
	void overlayBuildsOnTheBaseWithTheAmbientComponent(Environment environment) {
		Map<String, Object> kustomization = new Yaml()
			.load(RepositoryLayout.read(RepositoryLayout.overlay(environment).resolve("kustomization.yaml")));
		assertThat(kustomization).containsEntry("namespace", environment.namespace());
		assertThat((List<Object>) kustomization.get("resources")).contains("../../base");
		assertThat((List<Object>) kustomization.get("components")).contains("../../components/ambient");
	}

	@Test
	void everyComponentIsAComponentWithAReadme() {
		try (Stream<Path> components = Files.list(RepositoryLayout.k8s().resolve("components"))) {
			List<Path> directories = components.filter(Files::isDirectory).toList();
			assertThat(directories).extracting((dir) -> dir.getFileName().toString()).contains("ambient", "waypoint");
			for (Path directory : directories) {
				Map<String, Object> kustomization = new Yaml()
					.load(RepositoryLayout.read(directory.resolve("kustomization.yaml")));
				assertThat(kustomization).containsEntry("kind", "Component");
				assertThat(directory.resolve("README.md")).isNotEmptyFile();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
