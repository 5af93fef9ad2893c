package com.example.meshtrace.manifests;

import java.nio.file.Path;
import java.util.Map;

import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The platform-specific names written once in a local-config ConfigMap
 * ({@code k8s/base/platform-slots.yaml}, {@code k8s/argocd/argocd-slots.yaml}) and copied
 * into the manifests by kustomize {@code replacements}.
 */
record PlatformSlots(Path file, Map<String, String> values) {

	static PlatformSlots base() {
		return of(RepositoryLayout.k8s().resolve("base/platform-slots.yaml"));
	}

	static PlatformSlots argocd() {
		return of(RepositoryLayout.argocd().resolve("argocd-slots.yaml"));
	}

	@SuppressWarnings("unchecked")
	private static PlatformSlots of(Path file) {
		Map<String, Object> configMap = new Yaml().load(RepositoryLayout.read(file));
		Map<String, Object> metadata = (Map<String, Object>) configMap.get("metadata");
		assertThat((Map<String, Object>) metadata.get("annotations")).as("%s is never applied", file)
			.containsEntry("config.kubernetes.io/local-config", "true");
		return new PlatformSlots(file, (Map<String, String>) configMap.get("data"));
	}

	String get(String key) {
		String value = this.values.get(key);
		assertThat(value).as("%s in %s", key, this.file).isNotBlank();
		return value;
	}

}
