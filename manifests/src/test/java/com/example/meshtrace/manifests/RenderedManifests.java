package com.example.meshtrace.manifests;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The objects that one kustomization renders, with lookups by kind and name.
 */
record RenderedManifests(Path source, List<ObjectNode> objects) {

	List<ObjectNode> ofKind(String kind) {
		return this.objects.stream().filter((object) -> kind.equals(object.path("kind").asString())).toList();
	}

	ObjectNode get(String kind, String name) {
		return ofKind(kind).stream()
			.filter((object) -> name.equals(name(object)))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No " + kind + " '" + name + "' in " + this.source));
	}

	static String name(JsonNode object) {
		return object.path("metadata").path("name").asString();
	}

	static String describe(JsonNode object) {
		return object.path("kind").asString() + "/" + name(object);
	}

	/**
	 * A string map (labels, annotations, matchLabels, ConfigMap data) as a Java map;
	 * empty when the node is missing.
	 */
	static Map<String, String> stringMap(JsonNode node) {
		Map<String, String> map = new LinkedHashMap<>();
		if (node != null && node.isObject()) {
			node.properties().forEach((entry) -> map.put(entry.getKey(), entry.getValue().asString()));
		}
		return map;
	}

	static Map<String, String> labels(JsonNode object) {
		return stringMap(object.path("metadata").path("labels"));
	}

	static Map<String, String> annotations(JsonNode object) {
		return stringMap(object.path("metadata").path("annotations"));
	}

}
