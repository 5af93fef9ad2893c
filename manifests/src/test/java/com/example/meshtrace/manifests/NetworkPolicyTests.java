package com.example.meshtrace.manifests;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static com.example.meshtrace.manifests.RenderedManifests.stringMap;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Evaluates the rendered NetworkPolicies like the cluster would (union of the policies
 * that select a pod) for the paths the sample needs and for paths it must not open.
 */
@TestInstance(Lifecycle.PER_CLASS)
class NetworkPolicyTests {

	private final Renders renders = new Renders();

	private static final Map<String, String> front = Map.of("app", "front", "app.kubernetes.io/name", "front");

	private static final Map<String, String> backend = Map.of("app", "backend", "app.kubernetes.io/name", "backend");

	private static final Map<String, String> postgres = Map.of("cnpg.io/cluster", "mt-pg");

	private static final Map<String, String> waypoint = Map.of("gateway.networking.k8s.io/gateway-name", "waypoint");

	private static final Map<String, String> routerNamespace = Map.of("policy-group.network.openshift.io/ingress", "");

	private static final Map<String, String> operatorNamespace = Map.of("kubernetes.io/metadata.name",
			"openshift-operators");

	private static final Map<String, String> operator = Map.of("app.kubernetes.io/name", "cloudnative-pg");

	private static final Map<String, String> istioSystem = Map.of("kubernetes.io/metadata.name", "istio-system");

	private static final Map<String, String> dns = Map.of("kubernetes.io/metadata.name", "openshift-dns");

	private static final Map<String, String> ownNamespace = Map.of("kubernetes.io/metadata.name", "own");

	@ParameterizedTest
	@EnumSource(Environment.class)
	void theRequestPathIsOpenIncludingHbone(Environment environment) {
		List<ObjectNode> policies = policies(environment);
		assertThat(allowsIngress(policies, front, Peer.in(routerNamespace, Map.of()), 8080)).isTrue();
		assertThat(allowsEgress(policies, front, Peer.local(backend), 8080)).isTrue();
		assertThat(allowsEgress(policies, front, Peer.local(backend), 15008)).isTrue();
		assertThat(allowsIngress(policies, backend, Peer.local(front), 8080)).isTrue();
		assertThat(allowsIngress(policies, backend, Peer.local(front), 15008)).isTrue();
		assertThat(allowsEgress(policies, backend, Peer.local(postgres), 5432)).isTrue();
		assertThat(allowsIngress(policies, postgres, Peer.local(backend), 5432)).isTrue();
	}

	@ParameterizedTest
	@EnumSource(Environment.class)
	void theOperatorReachesItsInstancesAndTheInstancesEachOther(Environment environment) {
		List<ObjectNode> policies = policies(environment);
		for (int port : new int[] { 8000, 5432 }) {
			assertThat(allowsIngress(policies, postgres, Peer.in(operatorNamespace, operator), port))
				.as("port %d", port)
				.isTrue();
			assertThat(allowsIngress(policies, postgres, Peer.local(postgres), port)).as("port %d", port).isTrue();
		}
	}

	@ParameterizedTest
	@EnumSource(Environment.class)
	void servicesReachTheCollectorAndDns(Environment environment) {
		List<ObjectNode> policies = policies(environment);
		for (Map<String, String> service : List.of(front, backend)) {
			assertThat(allowsEgress(policies, service, Peer.in(istioSystem, Map.of("app", "otel-collector")), 4317))
				.isTrue();
			assertThat(allowsEgress(policies, service,
					Peer.in(dns, Map.of("dns.operator.openshift.io/daemonset-dns", "default")), 5353))
				.isTrue();
		}
	}

	@ParameterizedTest
	@EnumSource(Environment.class)
	void nothingElseGetsThrough(Environment environment) {
		List<ObjectNode> policies = policies(environment);
		assertThat(allowsIngress(policies, backend, Peer.in(routerNamespace, Map.of()), 8080)).as("router -> backend")
			.isFalse();
		assertThat(allowsIngress(policies, postgres, Peer.local(front), 5432)).as("front -> mt-pg").isFalse();
		assertThat(allowsEgress(policies, front, Peer.local(postgres), 5432)).as("front -> mt-pg egress").isFalse();
		assertThat(allowsIngress(policies, front, Peer.local(Map.of("app", "other")), 8080)).as("other -> front")
			.isFalse();
		assertThat(allowsEgress(policies, backend,
				Peer.in(Map.of("kubernetes.io/metadata.name", "elsewhere"), Map.of()), 443))
			.as("backend -> anywhere")
			.isFalse();
		assertThat(allowsIngress(policies, Map.of("app", "anything"), Peer.local(front), 8080))
			.as("default deny for other pods")
			.isFalse();
	}

	@ParameterizedTest
	@EnumSource(Environment.class)
	void theWaypointHopsAreOpenWhenAWaypointIsDeployed(Environment environment) {
		RenderedManifests rendered = this.renders.overlay(environment);
		if (rendered.ofKind("Gateway").isEmpty()) {
			return;
		}
		List<ObjectNode> policies = rendered.ofKind("NetworkPolicy");
		assertThat(allowsEgress(policies, front, Peer.local(waypoint), 15008)).isTrue();
		assertThat(allowsIngress(policies, waypoint, Peer.local(front), 15008)).isTrue();
		assertThat(allowsEgress(policies, waypoint, Peer.local(backend), 15008)).isTrue();
		assertThat(allowsIngress(policies, backend, Peer.local(waypoint), 15008)).isTrue();
		assertThat(allowsIngress(policies, waypoint, Peer.in(routerNamespace, Map.of()), 15008)).isFalse();
	}

	private List<ObjectNode> policies(Environment environment) {
		List<ObjectNode> policies = this.renders.overlay(environment).ofKind("NetworkPolicy");
		assertThat(policies).isNotEmpty();
		return policies;
	}

	/** A pod on the other end of a connection: its namespace's labels and its own. */
	record Peer(Map<String, String> namespaceLabels, Map<String, String> podLabels, boolean sameNamespace) {

		static Peer local(Map<String, String> podLabels) {
			return new Peer(ownNamespace, podLabels, true);
		}

		static Peer in(Map<String, String> namespaceLabels, Map<String, String> podLabels) {
			return new Peer(namespaceLabels, podLabels, false);
		}

	}

	static boolean allowsIngress(List<ObjectNode> policies, Map<String, String> pod, Peer source, int port) {
		return allows(policies, pod, "Ingress", "ingress", "from", source, port);
	}

	static boolean allowsEgress(List<ObjectNode> policies, Map<String, String> pod, Peer destination, int port) {
		return allows(policies, pod, "Egress", "egress", "to", destination, port);
	}

	private static boolean allows(List<ObjectNode> policies, Map<String, String> pod, String type, String rulesField,
			String peersField, Peer peer, int port) {
		List<ObjectNode> selecting = policies.stream()
			.filter((policy) -> matches(policy.at("/spec/podSelector"), pod))
			.filter((policy) -> policy.at("/spec/policyTypes").valueStream().anyMatch((t) -> t.asString().equals(type)))
			.toList();
		if (selecting.isEmpty()) {
			return true;
		}
		for (ObjectNode policy : selecting) {
			for (JsonNode rule : policy.at("/spec/" + rulesField)) {
				if (peersMatch(rule.path(peersField), peer) && portsMatch(rule.path("ports"), port)) {
					return true;
				}
			}
		}
		return false;
	}

	private static boolean peersMatch(JsonNode peers, Peer peer) {
		if (peers.isMissingNode() || peers.isEmpty()) {
			return true;
		}
		for (JsonNode candidate : peers) {
			if (candidate.has("ipBlock")) {
				continue;
			}
			boolean namespaceOk = candidate.has("namespaceSelector")
					? matches(candidate.path("namespaceSelector"), peer.namespaceLabels()) : peer.sameNamespace();
			boolean podOk = !candidate.has("podSelector") || matches(candidate.path("podSelector"), peer.podLabels());
			if (namespaceOk && podOk) {
				return true;
			}
		}
		return false;
	}

	private static boolean portsMatch(JsonNode ports, int port) {
		if (ports.isMissingNode() || ports.isEmpty()) {
			return true;
		}
		return ports.valueStream().anyMatch((candidate) -> candidate.path("port").asInt() == port);
	}

	private static boolean matches(JsonNode selector, Map<String, String> labels) {
		assertThat(selector.has("matchExpressions")).as("matchExpressions are not evaluated here").isFalse();
		return labels.entrySet().containsAll(stringMap(selector.path("matchLabels")).entrySet());
	}

}
