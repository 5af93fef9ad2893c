package com.example.meshtrace.manifests;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static com.example.meshtrace.manifests.RenderedManifests.describe;
import static com.example.meshtrace.manifests.RenderedManifests.labels;
import static com.example.meshtrace.manifests.RenderedManifests.name;
import static com.example.meshtrace.manifests.RenderedManifests.stringMap;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Istio resources: only front's identity may call backend, no STRICT mTLS that would cut
 * off the router, and a well-formed waypoint where an overlay includes one.
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
	void noPeerAuthenticationOrSidecarResources(Environment environment) {
		RenderedManifests rendered = this.renders.overlay(environment);
		assertThat(rendered.ofKind("PeerAuthentication")).as("STRICT mTLS would break the Route").isEmpty();
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
