package com.example.meshtrace.manifests;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static com.example.meshtrace.manifests.RenderedManifests.describe;
import static com.example.meshtrace.manifests.RenderedManifests.name;
import static com.example.meshtrace.manifests.RenderedManifests.stringMap;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment gives each service exactly the environment its own application.yml
 * reads, plus standard OpenTelemetry SDK variables, so renaming a placeholder on either
 * side fails.
 */
@TestInstance(Lifecycle.PER_CLASS)
class ConfigMapContractTests {

	private final Renders renders = new Renders();

	/** Standard OpenTelemetry SDK environment variables that the deployment may set. */
	private static final Set<String> standardOtelVariables = Set.of("OTEL_SERVICE_NAME", "OTEL_EXPORTER_OTLP_ENDPOINT",
			"OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_RESOURCE_ATTRIBUTES", "OTEL_TRACES_SAMPLER", "OTEL_TRACES_SAMPLER_ARG",
			"OTEL_SEMCONV_STABILITY_OPT_IN", "OTEL_PROPAGATORS", "OTEL_TRACES_EXPORTER", "OTEL_METRICS_EXPORTER",
			"OTEL_LOGS_EXPORTER", "OTEL_SDK_DISABLED");

	/** Downward-API helpers that only feed OTEL_RESOURCE_ATTRIBUTES. */
	private static final Set<String> resourceAttributeInputs = Set.of("K8S_POD_NAME", "K8S_NAMESPACE_NAME",
			"DEPLOYMENT_ENVIRONMENT_NAME");

	private static final Pattern reference = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

	@ParameterizedTest
	@EnumSource(Environment.class)
	void configMapKeysAreVariablesTheServiceReads(Environment environment) {
		RenderedManifests rendered = this.renders.overlay(environment);
		for (ObjectNode deployment : ManifestInvariantsTests.deployments(rendered)) {
			Set<String> placeholders = ServiceConfiguration.of(name(deployment)).placeholders();
			Set<String> keys = stringMap(ManifestInvariantsTests.configMapOf(rendered, deployment).path("data"))
				.keySet();
			assertThat(keys).as("ConfigMap keys of %s", name(deployment))
				.allSatisfy((key) -> assertThat(placeholders.contains(key) || standardOtelVariables.contains(key))
					.as("%s is neither a placeholder of %s/src/main/resources/application.yml %s nor a standard OTEL_* variable",
							key, name(deployment), placeholders)
					.isTrue());
		}
	}

	@ParameterizedTest
	@EnumSource(Environment.class)
	void everyPlaceholderOfTheServiceIsProvided(Environment environment) {
		RenderedManifests rendered = this.renders.overlay(environment);
		for (ObjectNode deployment : ManifestInvariantsTests.deployments(rendered)) {
			Set<String> provided = new LinkedHashSet<>(
					stringMap(ManifestInvariantsTests.configMapOf(rendered, deployment).path("data")).keySet());
			envNames(deployment).forEach(provided::add);
			Set<String> placeholders = ServiceConfiguration.of(name(deployment)).placeholders();
			assertThat(placeholders).as("placeholders of %s", name(deployment)).isNotEmpty();
			assertThat(provided).as("variables given to %s", name(deployment)).containsAll(placeholders);
		}
	}

	@ParameterizedTest
	@EnumSource(Environment.class)
	void configMapsHoldTheAgreedValues(Environment environment) {
		RenderedManifests rendered = this.renders.overlay(environment);
		Map<String, String> front = stringMap(
				ManifestInvariantsTests.configMapOf(rendered, rendered.get("Deployment", "front")).path("data"));
		Map<String, String> backend = stringMap(
				ManifestInvariantsTests.configMapOf(rendered, rendered.get("Deployment", "backend")).path("data"));
		assertThat(front).containsEntry("BACKEND_URL", "http://backend:8080").containsEntry("SERVER_PORT", "8080");
		assertThat(backend).containsEntry("PGHOST", "mt-pg-rw")
			.containsEntry("PGPORT", "5432")
			.containsEntry("PGDATABASE", "mesh_trace")
			.containsEntry("PGSSLMODE", "verify-full")
			.containsKey("PGSSLROOTCERT")
			.containsEntry("SERVER_PORT", "8080");
		for (Map<String, String> data : List.of(front, backend)) {
			assertThat(data).containsEntry("OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel-collector.istio-system.svc:4317")
				.containsEntry("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")
				.containsEntry("OTEL_SEMCONV_STABILITY_OPT_IN", "database")
				.doesNotContainKeys("PGUSER", "PGPASSWORD");
		}
	}

	@ParameterizedTest
	@EnumSource(Environment.class)
	void databaseCredentialsComeFromTheCloudNativePgAppSecret(Environment environment) {
		RenderedManifests rendered = this.renders.overlay(environment);
		JsonNode env = ManifestInvariantsTests.containers(rendered.get("Deployment", "backend")).get(0).path("env");
		String appSecret = name(rendered.ofKind("Cluster").get(0)) + "-app";
		assertThat(secretRef(env, "PGUSER")).isEqualTo(appSecret + "/username");
		assertThat(secretRef(env, "PGPASSWORD")).isEqualTo(appSecret + "/password");
		assertThat(rendered.ofKind("Secret")).as("no plaintext Secret in git").isEmpty();
	}

	@ParameterizedTest
	@EnumSource(Environment.class)
	void backendVerifiesPostgresAgainstTheClustersCaMountedReadOnly(Environment environment) {
		RenderedManifests rendered = this.renders.overlay(environment);
		ObjectNode deployment = rendered.get("Deployment", "backend");
		Map<String, String> config = stringMap(ManifestInvariantsTests.configMapOf(rendered, deployment).path("data"));
		assertThat(config).as("pgjdbc's default, prefer, verifies nothing").containsEntry("PGSSLMODE", "verify-full");
		Path rootCertificate = Path.of(config.get("PGSSLROOTCERT"));
		JsonNode mount = ManifestInvariantsTests.containers(deployment)
			.get(0)
			.path("volumeMounts")
			.valueStream()
			.filter((
					candidate) -> rootCertificate.getParent().toString().equals(candidate.path("mountPath").asString()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("Nothing is mounted at the directory of " + rootCertificate));
		assertThat(mount.path("readOnly").asBoolean(false)).as("mounted read-only").isTrue();
		JsonNode volume = deployment.at("/spec/template/spec/volumes")
			.valueStream()
			.filter((candidate) -> mount.path("name").asString().equals(candidate.path("name").asString()))
			.findFirst()
			.orElseThrow();
		String clusterCa = name(rendered.ofKind("Cluster").get(0)) + "-ca";
		assertThat(volume.at("/secret/secretName").asString()).isEqualTo(clusterCa);
		assertThat(volume.at("/secret/items")
			.valueStream()
			.map((item) -> item.path("key").asString() + " -> " + item.path("path").asString()))
			.as("only the CA certificate, never its private key (ca.key)")
			.containsExactly("ca.crt -> " + rootCertificate.getFileName());
		assertThat(ServiceConfiguration.of("backend").placeholders()).contains("PGSSLMODE", "PGSSLROOTCERT");
	}

	@ParameterizedTest
	@EnumSource(Environment.class)
	void resourceAttributesReferenceOnlyVariablesDefinedBeforeThem(Environment environment) {
		for (ObjectNode deployment : ManifestInvariantsTests.deployments(this.renders.overlay(environment))) {
			JsonNode env = ManifestInvariantsTests.containers(deployment).get(0).path("env");
			Set<String> definedBefore = new LinkedHashSet<>();
			String attributes = null;
			for (JsonNode variable : env) {
				String variableName = variable.path("name").asString();
				if (variableName.equals("OTEL_RESOURCE_ATTRIBUTES")) {
					attributes = variable.path("value").asString();
					break;
				}
				definedBefore.add(variableName);
			}
			assertThat(attributes).as("OTEL_RESOURCE_ATTRIBUTES of %s", describe(deployment)).isNotNull();
			Matcher matcher = reference.matcher(attributes);
			Set<String> referenced = new LinkedHashSet<>();
			while (matcher.find()) {
				referenced.add(matcher.group(1));
			}
			assertThat(referenced).containsExactlyInAnyOrderElementsOf(resourceAttributeInputs);
			assertThat(definedBefore).containsAll(referenced);
			assertThat(attributes).contains("service.namespace=mesh-trace-sample",
					"deployment.environment.name=$(DEPLOYMENT_ENVIRONMENT_NAME)",
					"k8s.namespace.name=$(K8S_NAMESPACE_NAME)", "k8s.pod.name=$(K8S_POD_NAME)");
			assertThat(fieldRef(env, "K8S_POD_NAME")).isEqualTo("metadata.name");
			assertThat(fieldRef(env, "K8S_NAMESPACE_NAME")).isEqualTo("metadata.namespace");
			String environmentLabel = fieldRef(env, "DEPLOYMENT_ENVIRONMENT_NAME");
			assertThat(environmentLabel).isEqualTo("metadata.labels['apps.platform/env']");
			assertThat(ManifestInvariantsTests.templateLabels(deployment))
				.as("the label the environment name is read from")
				.containsEntry("apps.platform/env", environment.directory());
		}
	}

	private static List<String> envNames(JsonNode deployment) {
		return ManifestInvariantsTests.containers(deployment)
			.get(0)
			.path("env")
			.valueStream()
			.map((variable) -> variable.path("name").asString())
			.toList();
	}

	private static String secretRef(JsonNode env, String variableName) {
		for (JsonNode variable : env) {
			if (variableName.equals(variable.path("name").asString())) {
				JsonNode ref = variable.at("/valueFrom/secretKeyRef");
				return ref.path("name").asString() + "/" + ref.path("key").asString();
			}
		}
		throw new AssertionError(variableName + " is not set from a secret");
	}

	private static String fieldRef(JsonNode env, String variableName) {
		for (JsonNode variable : env) {
			if (variableName.equals(variable.path("name").asString())) {
				return variable.at("/valueFrom/fieldRef/fieldPath").asString();
			}
		}
		throw new AssertionError(variableName + " is not set from the downward API");
	}

}
