package com.example.meshtrace.manifests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Validates every rendered object against the strict JSON schema of its kind from
 * {@code ../shared/k8s-schemas} (Kubernetes 1.33 OpenAPI and the CRDs of the operators in
 * use), with {@code additionalProperties: false} wherever a schema lists properties.
 * Skipped when that folder is not beside the repository. CEL rules
 * ({@code x-kubernetes-validations}) are not evaluated.
 */
class SchemaValidationTests {

	private final JsonMapper json = JsonMapper.builder().build();

	private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);

	private final Map<String, Schema> schemas = new HashMap<>();

	/**
	 * Per test rather than in {@code @BeforeAll}, so that the report counts every check
	 * as skipped, with this message.
	 */
	private static void assumeSharedSchemas() {
		Path dir = RepositoryLayout.sharedSchemas();
		assumeTrue(Files.isDirectory(dir), () -> "Skipping JSON schema validation: " + dir
				+ " does not exist (CI clones shared/ beside the repository)");
	}

	static Stream<Arguments> renderedObjects() {
		return TypedModelTests.renderedObjects();
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("renderedObjects")
	void renderedObjectMatchesTheStrictSchemaOfItsKind(String source, ObjectNode object) {
		assumeSharedSchemas();
		List<Error> errors = schemaFor(object).validate(object);
		assertThat(errors).as("%s: %s against %s", source, RenderedManifests.describe(object), schemaFile(object))
			.isEmpty();
	}

	@Test
	void strictSchemaRejectsAnUnknownFieldInACustomResource() {
		assumeSharedSchemas();
		ObjectNode cluster = (ObjectNode) this.json.readTree("""
				{"apiVersion":"postgresql.cnpg.io/v1","kind":"Cluster","metadata":{"name":"x"},
				 "spec":{"instances":1,"inheritedMetadata":{"label":{"a":"b"}}}}
				""");
		assertThat(schemaFor(cluster).validate(cluster)).singleElement().satisfies((error) -> {
			assertThat(error.getMessage()).isEqualTo(
					"property 'label' is not defined in the schema and the schema does not allow additional properties");
			assertThat(error.getInstanceLocation()).hasToString("/spec/inheritedMetadata");
		});
	}

	@Test
	void strictSchemaRejectsAnUnknownFieldInACoreKind() {
		assumeSharedSchemas();
		ObjectNode service = (ObjectNode) this.json.readTree("""
				{"apiVersion":"v1","kind":"Service","metadata":{"name":"x","label":{}},
				 "spec":{"ports":[{"port":8080}]}}
				""");
		assertThat(schemaFor(service).validate(service)).singleElement().satisfies((error) -> {
			assertThat(error.getMessage()).isEqualTo(
					"property 'label' is not defined in the schema and the schema does not allow additional properties");
			assertThat(error.getInstanceLocation()).hasToString("/metadata");
		});
	}

	private Schema schemaFor(JsonNode object) {
		return this.schemas.computeIfAbsent(schemaFile(object), this::load);
	}

	private static String schemaFile(JsonNode object) {
		String apiVersion = object.path("apiVersion").asString();
		return apiVersion.replace('/', '-') + "-" + object.path("kind").asString() + ".json";
	}

	private Schema load(String fileName) {
		Path file = RepositoryLayout.sharedSchemas().resolve(fileName);
		assertThat(file).as("schema for this kind").exists();
		ObjectNode schema = (ObjectNode) this.json.readTree(RepositoryLayout.read(file));
		if ("crd".equals(schema.path("x-k8s-schema-origin").asString())) {
			addObjectMeta(schema);
		}
		return this.registry.getSchema(strict(schema));
	}

	/**
	 * CRD schemas say only {@code metadata: {type: object}} (and some omit apiVersion and
	 * kind): check metadata against Kubernetes' ObjectMeta like the API server does.
	 */
	private void addObjectMeta(ObjectNode schema) {
		ObjectNode objectMeta = (ObjectNode) this.json
			.readTree(RepositoryLayout.read(RepositoryLayout.sharedSchemas().resolve("_common/ObjectMeta.json")));
		ObjectNode definitions = schema.putObject("$defs");
		objectMeta.path("$defs").properties().forEach((entry) -> definitions.set(entry.getKey(), entry.getValue()));
		objectMeta.remove("$defs");
		objectMeta.remove("$schema");
		objectMeta.remove("$comment");
		ObjectNode properties = (ObjectNode) schema.path("properties");
		properties.set("metadata", objectMeta);
		properties.putObject("apiVersion").put("type", "string");
		properties.putObject("kind").put("type", "string");
	}

	/**
	 * What the shared validator does: no unlisted properties where a schema lists
	 * properties, unless it preserves unknown fields; int-or-string as integer or string;
	 * OpenAPI formats (int32, int-or-string, ...) are not JSON-schema formats.
	 */
	static JsonNode strict(JsonNode node) {
		if (node instanceof ObjectNode object) {
			object.remove("format");
			boolean preservesUnknown = object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)
					|| object.path("x-kubernetes-embedded-resource").asBoolean(false);
			if (object.has("properties") && !object.has("additionalProperties") && !preservesUnknown) {
				object.put("additionalProperties", false);
			}
			if (object.path("x-kubernetes-int-or-string").asBoolean(false)) {
				object.remove("type");
				if (!object.has("anyOf") && !object.has("oneOf")) {
					ArrayNode anyOf = object.putArray("anyOf");
					anyOf.addObject().put("type", "integer");
					anyOf.addObject().put("type", "string");
				}
			}
			List<JsonNode> children = new ArrayList<>();
			object.properties().forEach((entry) -> children.add(entry.getValue()));
			children.forEach(SchemaValidationTests::strict);
		}
		else if (node instanceof ArrayNode array) {
			array.forEach(SchemaValidationTests::strict);
		}
		return node;
	}

}
