package com.example.meshtrace.manifests;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
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
			PlatformSlots.base().get("cnpgOperatorNamespace"));

	private static final Map<String, String> userWorkloadMonitoring = Map.of("kubernetes.io/metadata.name",
			"openshift-user-workload-monitoring");

	private static final Map<String, String> collector = Map.of("app", "otel-collector");

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
			assertThat(allowsEgress(policies, service, Peer.in(istioSystem, collector), 4317)).isTrue();
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
		for (Map<String, String> pod : List.of(front, backend, waypoint)) {
			assertThat(allowsEgress(policies, pod, Peer.external("203.0.113.10"), 443)).as("%s -> internet", pod)
				.isFalse();
			assertThat(allowsIngress(policies, pod, Peer.external("203.0.113.10"), 8080)).as("internet -> %s", pod)
				.isFalse();
		}
		assertThat(allowsEgress(policies, backend, Peer.local(postgres), new Port(5432, "postgresql", "UDP")))
			.as("backend -> mt-pg over UDP")
			.isFalse();
		assertThat(allowsIngress(policies, postgres, Peer.in(userWorkloadMonitoring, Map.of()), 5432))
			.as("monitoring -> mt-pg 5432")
			.isFalse();
		assertThat(allowsIngress(policies, postgres, Peer.local(front), 9187)).as("front -> mt-pg metrics").isFalse();
	}

	@ParameterizedTest
	@EnumSource(Environment.class)
	void userWorkloadMonitoringScrapesTheWaypointAndPostgres(Environment environment) {
		List<ObjectNode> policies = policies(environment);
		Peer prometheus = Peer.in(userWorkloadMonitoring, Map.of("app.kubernetes.io/name", "prometheus"));
		assertThat(allowsIngress(policies, postgres, prometheus, new Port(9187, "metrics", "TCP"))).isTrue();
		assertThat(allowsIngress(policies, waypoint, prometheus, 15020)).isTrue();
	}

	@ParameterizedTest
	@EnumSource(Environment.class)
	void theWaypointSendsItsSpansToTheCollector(Environment environment) {
		assertThat(allowsEgress(policies(environment), waypoint, Peer.in(istioSystem, collector), 4317)).isTrue();
	}

	@Test
	void theEvaluatorHonoursIpBlocksProtocolsNamedPortsAndRanges() {
		List<ObjectNode> open = Kustomize.parse("""
				apiVersion: networking.k8s.io/v1
				kind: NetworkPolicy
				metadata: {name: open}
				spec:
				  podSelector: {matchLabels: {app: backend}}
				  policyTypes: [Egress]
				  egress:
				    - to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}]
				      ports: [{port: 443}]
				    - to: [{podSelector: {matchLabels: {cnpg.io/cluster: mt-pg}}}]
				      ports: [{port: postgresql, protocol: TCP}, {port: 9000, endPort: 9100, protocol: UDP}]
				""");
		assertThat(allowsEgress(open, backend, Peer.external("203.0.113.10"), 443)).isTrue();
		assertThat(allowsEgress(open, backend, Peer.external("203.0.113.10"), 80)).isFalse();
		assertThat(allowsEgress(open, backend, Peer.local(postgres), 443)).as("pod IP in except").isFalse();
		assertThat(allowsEgress(open, backend, Peer.local(postgres), new Port(5432, "postgresql", "TCP"))).isTrue();
		assertThat(allowsEgress(open, backend, Peer.local(postgres), new Port(5432, null, "TCP"))).isFalse();
		assertThat(allowsEgress(open, backend, Peer.local(postgres), new Port(9050, null, "UDP"))).isTrue();
		assertThat(allowsEgress(open, backend, Peer.local(postgres), new Port(9050, null, "TCP"))).isFalse();
		assertThat(allowsEgress(open, backend, Peer.local(postgres), new Port(9101, null, "UDP"))).isFalse();
		assertThat(inCidr("::/0", "203.0.113.10")).as("IPv6 block, IPv4 address").isFalse();
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

	/**
	 * The other end of a connection: a pod (its namespace's labels, its own labels, an IP
	 * of the pod network) or an address outside the cluster.
	 */
	record Peer(Map<String, String> namespaceLabels, Map<String, String> podLabels, boolean sameNamespace,
			boolean isPod, String ip) {

		static Peer local(Map<String, String> podLabels) {
			return new Peer(ownNamespace, podLabels, true, true, "10.128.2.15");
		}

		static Peer in(Map<String, String> namespaceLabels, Map<String, String> podLabels) {
			return new Peer(namespaceLabels, podLabels, false, true, "10.131.0.7");
		}

		static Peer external(String ip) {
			return new Peer(Map.of(), Map.of(), false, false, ip);
		}

	}

	/**
	 * A destination port: its number, its name on the destination pod's container (or
	 * null) and its protocol.
	 */
	record Port(int number, String name, String protocol) {

		static Port tcp(int number) {
			return new Port(number, null, "TCP");
		}

	}

	static boolean allowsIngress(List<ObjectNode> policies, Map<String, String> pod, Peer source, int port) {
		return allowsIngress(policies, pod, source, Port.tcp(port));
	}

	static boolean allowsEgress(List<ObjectNode> policies, Map<String, String> pod, Peer destination, int port) {
		return allowsEgress(policies, pod, destination, Port.tcp(port));
	}

	static boolean allowsIngress(List<ObjectNode> policies, Map<String, String> pod, Peer source, Port port) {
		return allows(policies, pod, "Ingress", "ingress", "from", source, port);
	}

	static boolean allowsEgress(List<ObjectNode> policies, Map<String, String> pod, Peer destination, Port port) {
		return allows(policies, pod, "Egress", "egress", "to", destination, port);
	}

	private static boolean allows(List<ObjectNode> policies, Map<String, String> pod, String type, String rulesField,
			String peersField, Peer peer, Port port) {
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
				if (inIpBlock(candidate.path("ipBlock"), peer.ip())) {
					return true;
				}
				continue;
			}
			if (!peer.isPod()) {
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

	/**
	 * Missing ports: every port; protocol defaults to TCP; a port by number, range or
	 * name.
	 */
	private static boolean portsMatch(JsonNode ports, Port port) {
		if (ports.isMissingNode() || ports.isEmpty()) {
			return true;
		}
		for (JsonNode candidate : ports) {
			if (!candidate.path("protocol").asString("TCP").equals(port.protocol())) {
				continue;
			}
			JsonNode number = candidate.path("port");
			boolean matches;
			if (number.isMissingNode()) {
				matches = true;
			}
			else if (number.isNumber()) {
				int endPort = candidate.path("endPort").asInt(number.asInt());
				matches = number.asInt() <= port.number() && port.number() <= endPort;
			}
			else {
				matches = number.asString().equals(port.name());
			}
			if (matches) {
				return true;
			}
		}
		return false;
	}

	private static boolean inIpBlock(JsonNode ipBlock, String ip) {
		if (!inCidr(ipBlock.path("cidr").asString(), ip)) {
			return false;
		}
		return ipBlock.path("except").valueStream().noneMatch((except) -> inCidr(except.asString(), ip));
	}

	static boolean inCidr(String cidr, String ip) {
		String[] parts = cidr.split("/");
		byte[] network = address(parts[0]);
		byte[] address = address(ip);
		if (network.length != address.length) {
			return false;
		}
		int prefix = Integer.parseInt(parts[1]);
		for (int bit = 0; bit < prefix; bit++) {
			int mask = 0x80 >> (bit % 8);
			if ((network[bit / 8] & mask) != (address[bit / 8] & mask)) {
				return false;
			}
		}
		return true;
	}

	private static byte[] address(String literal) {
		try {
			return InetAddress.ofLiteral(literal).getAddress();
		}
		catch (IllegalArgumentException ex) {
			throw new AssertionError("Not an IP address: " + literal, ex);
		}
	}

	private static boolean matches(JsonNode selector, Map<String, String> labels) {
		assertThat(selector.has("matchExpressions")).as("matchExpressions are not evaluated here").isFalse();
		return labels.entrySet().containsAll(stringMap(selector.path("matchLabels")).entrySet());
	}

}
