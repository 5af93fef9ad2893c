package com.example.meshtrace.manifests;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static com.example.meshtrace.manifests.RenderedManifests.describe;
import static com.example.meshtrace.manifests.RenderedManifests.labels;
import static com.example.meshtrace.manifests.RenderedManifests.name;
import static com.example.meshtrace.manifests.RenderedManifests.stringMap;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Istio resources: only front's identity may call backend, only front accepts plain text
 * (the router), and a well-formed, observable waypoint.
 */
@TestInstance(Lifecycle.PER_CLASS)
class MeshPolicyTests {

	private final Renders renders = new Renders();

	@ParameterizedTest
	@EnumSource(Environment.class)
	void onlyFrontsServiceAccountMayCallBackendAtLayerFour(Environment environment) {
		RenderedManifests rendered = this.renders.overlay(environment);
		ObjectNode policy = rendered.get("AuthorizationPolicy", "backend-allow-front");
		assertThat(policy.path("apiVersion").asString()).isEqualTo("security.istio.io/v1");
		assertThat(policy.at("/spec/action").asString()).isEqualTo("ALLOW");
		assertThat(stringMap(policy.at("/spec/selector/matchLabels")))
			.containsExactlyEntriesOf(Map.of("app", "backend"));
		assertThat(principals(policy)).containsExactly(principal(environment, "front"));
		assertThat(policy.at("/spec/rules/0/to").isMissingNode()).as("L4 only: no HTTP attributes for ztunnel")
			.isTrue();
		ObjectNode frontDeployment = rendered.get("Deployment", "front");
		assertThat(frontDeployment.at("/spec/template/spec/serviceAccountName").asString()).isEqualTo("front");
		assertThat(rendered.get("ServiceAccount", "front")).isNotNull();
	}

	@ParameterizedTest
	@EnumSource(Environment.class)
	void everyPrincipalNamesTheOverlaysNamespace(Environment environment) {
		RenderedManifests rendered = this.renders.overlay(environment);
		for (ObjectNode policy : rendered.ofKind("AuthorizationPolicy")) {
			assertThat(principals(policy)).as(describe(policy))
				.isNotEmpty()
				.allSatisfy((principal) -> assertThat(principal)
					.startsWith("cluster.local/ns/" + environment.namespace() + "/sa/"));
		}
	}

	@ParameterizedTest
	@EnumSource(Environment.class)
	void onlyFrontIsPermissiveSoAMeshWideStrictPolicyCoversEverythingElse(Environment environment) {
		RenderedManifests rendered = this.renders.overlay(environment);
		List<ObjectNode> notStrict = rendered.ofKind("PeerAuthentication")
			.stream()
			.filter((policy) -> !"STRICT".equals(policy.at("/spec/mtls/mode").asString("UNSET")))
			.toList();
		assertThat(notStrict).as("the router has no mesh identity: front must accept plain text").hasSize(1);
		ObjectNode permissive = notStrict.get(0);
		assertThat(permissive.at("/spec/mtls/mode").asString()).isEqualTo("PERMISSIVE");
		assertThat(permissive.at("/spec/portLevelMtls").isMissingNode()).isTrue();
		Map<String, String> selector = stringMap(permissive.at("/spec/selector/matchLabels"));
		assertThat(selector).as("%s is workload-scoped", describe(permissive)).isNotEmpty();
		List<String> selected = new ArrayList<>();
		for (ObjectNode deployment : ManifestInvariantsTests.deployments(rendered)) {
			if (ManifestInvariantsTests.templateLabels(deployment).entrySet().containsAll(selector.entrySet())) {
				selected.add(name(deployment));
			}
		}
		assertThat(selected).as("workloads that %s makes permissive", describe(permissive)).containsExactly("front");
		Map<String, String> waypointPods = Map.of("gateway.networking.k8s.io/gateway-name", "waypoint");
		Map<String, String> postgresPods = Map.of("cnpg.io/cluster", "mt-pg");
		assertThat(List.of(waypointPods, postgresPods))
			.allSatisfy((labels) -> assertThat(labels.entrySet().containsAll(selector.entrySet())).isFalse());
		assertThat(rendered.ofKind("Sidecar")).isEmpty();
	}

	@ParameterizedTest
	@EnumSource(Environment.class)
	void waypointIsAnIstioWaypointUsedByBackendWithMatchingPolicies(Environment environment) {
		RenderedManifests rendered = this.renders.overlay(environment);
		List<ObjectNode> gateways = rendered.ofKind("Gateway");
		if (gateways.isEmpty()) {
			assertThat(labels(rendered.get("Service", "backend"))).doesNotContainKey("istio.io/use-waypoint");
			return;
		}
		assertThat(gateways).hasSize(1);
		ObjectNode gateway = gateways.get(0);
		String waypoint = name(gateway);
		assertThat(gateway.at("/spec/gatewayClassName").asString()).isEqualTo("istio-waypoint");
		assertThat(gateway.at("/spec/listeners/0/port").asInt()).isEqualTo(15008);
		assertThat(gateway.at("/spec/listeners/0/protocol").asString()).isEqualTo("HBONE");
		assertThat(labels(rendered.get("Service", "backend"))).containsEntry("istio.io/use-waypoint", waypoint);
		List<String> allowedAtBackend = new ArrayList<>();
		rendered.ofKind("AuthorizationPolicy")
			.stream()
			.filter((policy) -> "backend".equals(policy.at("/spec/selector/matchLabels/app").asString()))
			.forEach((policy) -> allowedAtBackend.addAll(principals(policy)));
		assertThat(allowedAtBackend).as("backend's ztunnel sees the waypoint's identity")
			.contains(principal(environment, waypoint));
		ObjectNode atWaypoint = rendered.ofKind("AuthorizationPolicy")
			.stream()
			.filter((policy) -> policy.at("/spec/targetRefs")
				.valueStream()
				.anyMatch((ref) -> ref.path("kind").asString().equals("Service")
						&& ref.path("name").asString().equals("backend")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No AuthorizationPolicy attached to Service backend"));
		assertThat(principals(atWaypoint)).containsExactly(principal(environment, "front"));
	}

	@ParameterizedTest
	@EnumSource(Environment.class)
	void waypointPodsCarryOnlyStableLabelsSoAReleaseDoesNotRestartThem(Environment environment) {
		ObjectNode gateway = this.renders.overlay(environment).get("Gateway", "waypoint");
		assertThat(labels(gateway)).as("the overlay's release labels reach the Gateway").containsKey("version");
		Map<String, String> podLabels = stringMap(gateway.at("/spec/infrastructure/labels"));
		assertThat(podLabels).as("spec.infrastructure.labels replaces the Gateway's labels on the waypoint's pods")
			.containsEntry("app.kubernetes.io/part-of", "mesh-trace-sample")
			.doesNotContainKeys("version", "app.kubernetes.io/version");
	}

	@ParameterizedTest
	@EnumSource(Environment.class)
	void productionRunsTwoWaypointsWithADisruptionBudget(Environment environment) {
		RenderedManifests rendered = this.renders.overlay(environment);
		JsonNode parametersRef = rendered.get("Gateway", "waypoint").at("/spec/infrastructure/parametersRef");
		if (!environment.isProduction()) {
			assertThat(parametersRef.isMissingNode()).as("one waypoint replica outside prd").isTrue();
			return;
		}
		assertThat(parametersRef.path("kind").asString()).isEqualTo("ConfigMap");
		assertThat(parametersRef.path("group").asString()).isEmpty();
		Map<String, String> data = stringMap(
				rendered.get("ConfigMap", parametersRef.path("name").asString()).path("data"));
		assertThat(data).containsKeys("deployment", "podDisruptionBudget");
		Map<String, Object> deployment = new Yaml().load(data.get("deployment"));
		int replicas = (Integer) ((Map<?, ?>) deployment.get("spec")).get("replicas");
		assertThat(replicas).isGreaterThanOrEqualTo(2);
		Map<String, Object> budget = new Yaml().load(data.get("podDisruptionBudget"));
		int minAvailable = (Integer) ((Map<?, ?>) budget.get("spec")).get("minAvailable");
		assertThat(minAvailable).isBetween(1, replicas - 1);
	}

	@ParameterizedTest
	@EnumSource(Environment.class)
	void theWaypointSendsItsSpansToThePlatformsTracingProvider(Environment environment) {
		List<ObjectNode> telemetries = this.renders.overlay(environment).ofKind("Telemetry");
		assertThat(telemetries).hasSize(1);
		ObjectNode telemetry = telemetries.get(0);
		assertThat(telemetry.path("apiVersion").asString()).isEqualTo("telemetry.istio.io/v1");
		assertThat(telemetry.at("/spec/selector").isMissingNode() && telemetry.at("/spec/targetRefs").isMissingNode())
			.as("namespace-scoped, so it covers the waypoint")
			.isTrue();
		assertThat(telemetry.at("/spec/tracing/0/providers").valueStream().map((p) -> p.path("name").asString()))
			.containsExactly(PlatformSlots.base().get("tracingProvider"));
		assertThat(telemetry.at("/spec/tracing/0/disableSpanReporting").asBoolean(false)).isFalse();
	}

	@ParameterizedTest
	@EnumSource(Environment.class)
	void userWorkloadMonitoringScrapesTheWaypoint(Environment environment) {
		RenderedManifests rendered = this.renders.overlay(environment);
		ObjectNode monitor = rendered.get("PodMonitor", "waypoint");
		assertThat(stringMap(monitor.at("/spec/selector/matchLabels"))).containsExactlyEntriesOf(
				Map.of("gateway.networking.k8s.io/gateway-name", name(rendered.get("Gateway", "waypoint"))));
		JsonNode endpoint = monitor.at("/spec/podMetricsEndpoints/0");
		assertThat(endpoint.path("path").asString()).isEqualTo("/stats/prometheus");
		assertThat(endpoint.path("targetPort").asInt()).isEqualTo(15020);
	}

	@ParameterizedTest
	@EnumSource(Environment.class)
	void postgresInstancesOptOutOfTheMesh(Environment environment) {
		ObjectNode cluster = this.renders.overlay(environment).get("Cluster", "mt-pg");
		assertThat(stringMap(cluster.at("/spec/inheritedMetadata/labels"))).containsEntry("istio.io/dataplane-mode",
				"none");
	}

	private static String principal(Environment environment, String serviceAccount) {
		return "cluster.local/ns/" + environment.namespace() + "/sa/" + serviceAccount;
	}

	private static List<String> principals(JsonNode policy) {
		List<String> principals = new ArrayList<>();
		for (JsonNode rule : policy.at("/spec/rules")) {
			for (JsonNode from : rule.path("from")) {
				from.at("/source/principals").forEach((principal) -> principals.add(principal.asString()));
			}
		}
		return principals;
	}

}
