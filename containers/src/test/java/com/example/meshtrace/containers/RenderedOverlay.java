package com.example.meshtrace.containers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The resources of an overlay as {@code kubectl kustomize} renders it: what the cluster
 * would get, so that the containers run from the same values.
 */
final class RenderedOverlay {

	private final List<JsonNode> resources;

	private RenderedOverlay(List<JsonNode> resources) {
		this.resources = resources;
	}

	static RenderedOverlay render(Path overlay) {
		try {
			Process process = new ProcessBuilder("kubectl", "kustomize", overlay.toString()).start();
			process.getOutputStream().close();
			String yaml = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
				throw new IllegalStateException("kubectl kustomize " + overlay + " failed: " + errors);
			}
			List<JsonNode> resources = new ArrayList<>();
			try (MappingIterator<JsonNode> documents = new YAMLMapper().readerFor(JsonNode.class).readValues(yaml)) {
				documents.forEachRemaining(resources::add);
			}
			return new RenderedOverlay(resources);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	JsonNode resource(String kind, String name) {
		return this.resources.stream()
			.filter((resource) -> resource.path("kind").asString().equals(kind)
					&& resource.path("metadata").path("name").asString().equals(name))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No " + kind + " " + name + " in the rendered overlay"));
	}

	RenderedDeployment deployment(String name) {
		return new RenderedDeployment(resource("Deployment", name), this);
	}

}
