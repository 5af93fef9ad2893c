package com.example.meshtrace.manifests;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Renders each kustomization at most once for the test class that owns this instance.
 */
final class Renders {

	private final Map<Path, RenderedManifests> rendered = new HashMap<>();

	RenderedManifests overlay(Environment environment) {
		return of(RepositoryLayout.overlay(environment));
	}

	RenderedManifests argocd() {
		return of(RepositoryLayout.argocd());
	}

	private RenderedManifests of(Path directory) {
		return this.rendered.computeIfAbsent(directory, Kustomize::render);
	}

}
