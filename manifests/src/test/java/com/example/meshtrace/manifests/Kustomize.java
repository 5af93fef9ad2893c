package com.example.meshtrace.manifests;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Renders a kustomization with {@code kubectl kustomize}, the same renderer Argo CD's
 * kustomize uses, and parses the multi-document output.
 */
final class Kustomize {

	private static final YAMLMapper yaml = YAMLMapper.builder().build();

	private Kustomize() {
	}

	static RenderedManifests render(Path directory) {
		String output = run(List.of("kubectl", "kustomize", directory.toString()));
		return new RenderedManifests(directory, parse(output));
	}

	static List<ObjectNode> parse(String multiDocumentYaml) {
		List<ObjectNode> objects = new ArrayList<>();
		try (MappingIterator<JsonNode> documents = yaml.readerFor(JsonNode.class).readValues(multiDocumentYaml)) {
			while (documents.hasNext()) {
				JsonNode document = documents.next();
				if (document instanceof ObjectNode object && !object.isEmpty()) {
					objects.add(object);
				}
			}
		}
		return objects;
	}

	private static String run(List<String> command) {
		Process process;
		try {
			process = new ProcessBuilder(command).start();
		}
		catch (IOException ex) {
			throw new IllegalStateException(
					"Cannot run '" + String.join(" ", command)
							+ "': the manifest tests need kubectl (v1.27 or later, with kustomize v5) on the PATH. "
							+ "Install it, e.g. from https://kubernetes.io/docs/tasks/tools/, and run the build again.",
					ex);
		}
		CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
		String stdout = readAll(process.getInputStream());
		try {
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("'" + String.join(" ", command) + "' did not finish within 60 s");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while running " + command, ex);
		}
		if (process.exitValue() != 0) {
			throw new IllegalStateException("'" + String.join(" ", command) + "' failed with exit code "
					+ process.exitValue() + ":\n" + stderr.join());
		}
		return stdout;
	}

	private static String readAll(InputStream stream) {
		try (stream) {
			return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read the output of kubectl", ex);
		}
	}

}
