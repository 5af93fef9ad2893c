package com.example.meshtrace.manifests;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
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
 * The rules every overlay must keep: mesh and Kiali labels, stable selectors, pinned
 * images, one Route, hardened containers, consistent ports and production sizing.
 */
@TestInstance(Lifecycle.PER_CLASS)
class ManifestInvariantsTests {

	private final Renders renders = new Renders();

	private static final Set<String> services = Set.of("front", "backend");

	/** Labels whose value changes per release or per environment: never in a selector. */
	private static final Set<String> volatileLabels = Set.of("version", "app.kubernetes.io/version",
			"app.kubernetes.io/instance", "apps.platform/env", "istio.io/dataplane-mode");

	private static final Pattern pinnedImage = Pattern
		.compile("app-registry\\.apps\\.sub\\.comptech-lab\\.com/team-platform/mesh-trace-sample-(front|backend)"
				+ "@sha256:[0-9a-f]{64}");

	@ParameterizedTest
	@EnumSource(Environment.class)
	void everyObjectIsInTheEnvironmentNamespaceWithItsLabels(Environment environment) {
		RenderedManifests rendered = this.renders.overlay(environment);
		assertThat(rendered.objects()).hasSizeGreaterThan(10);
		for (ObjectNode object : rendered.objects()) {
			assertThat(object.path("metadata").path("namespace").asString()).as(describe(object))
				.isEqualTo(environment.namespace());
			assertThat(labels(object)).as(describe(object))
				.containsEntry("apps.platform/env", environment.directory())
				.containsEntry("apps.platform/division", "platform")
				.containsEntry("app.kubernetes.io/instance", "mesh-trace-sample-" + environment.directory())
				.containsEntry("app.kubernetes.io/part-of", "mesh-trace-sample");
		}
	}

	@ParameterizedTest
	@EnumSource(Environment.class)
	void podTemplatesCarryTheAmbientAndKialiLabels(Environment environment) {
		for (ObjectNode deployment : deployments(this.renders.overlay(environment))) {
			String app = name(deployment);
			Map<String, String> labels = templateLabels(deployment);
			assertThat(labels).as(app)
				.containsEntry("istio.io/dataplane-mode", "ambient")
				.containsEntry("app", app)
				.containsEntry("app.kubernetes.io/name", app)
				.containsEntry("app.kubernetes.io/part-of", "mesh-trace-sample")
				.containsKeys("version", "app.kubernetes.io/version");
			assertThat(labels.get("version")).as(app).isNotBlank().isEqualTo(labels.get("app.kubernetes.io/version"));
		}
	}

	@ParameterizedTest
	@EnumSource(Environment.class)
	void nothingAsksForSidecarInjection(Environment environment) {
		List<String> found = new ArrayList<>();
		collectInjectionMarkers(this.renders.overlay(environment).objects(), found);
		assertThat(found).isEmpty();
	}

	@ParameterizedTest
	@EnumSource(Environment.class)
	void selectorsUseOnlyStableLabelsThatThePodsCarry(Environment environment) {
		RenderedManifests rendered = this.renders.overlay(environment);
		for (ObjectNode deployment : deployments(rendered)) {
			Map<String, String> selector = stringMap(deployment.at("/spec/selector/matchLabels"));
			assertThat(selector).as(describe(deployment))
				.containsOnlyKeys("app", "app.kubernetes.io/name")
				.doesNotContainKeys(volatileLabels.toArray(String[]::new));
			assertThat(templateLabels(deployment)).containsAllEntriesOf(selector);
			ObjectNode service = rendered.get("Service", name(deployment));
			assertThat(stringMap(service.at("/spec/selector"))).as(describe(service)).isEqualTo(selector);
		}
		for (ObjectNode budget : rendered.ofKind("PodDisruptionBudget")) {
			assertThat(stringMap(budget.at("/spec/selector/matchLabels"))).as(describe(budget))
				.doesNotContainKeys(volatileLabels.toArray(String[]::new));
		}
	}

	@Test
	void selectorsAreIdenticalInEveryOverlay() {
		Map<Environment, Map<String, String>> selectorsByEnvironment = new LinkedHashMap<>();
		for (Environment environment : Environment.values()) {
			RenderedManifests rendered = this.renders.overlay(environment);
			Map<String, String> selectors = new LinkedHashMap<>();
			for (ObjectNode deployment : deployments(rendered)) {
				selectors.put("Deployment/" + name(deployment), deployment.at("/spec/selector").toString());
			}
			for (ObjectNode service : rendered.ofKind("Service")) {
				selectors.put("Service/" + name(service), service.at("/spec/selector").toString());
			}
			selectorsByEnvironment.put(environment, selectors);
		}
		assertThat(selectorsByEnvironment.get(Environment.DEV)).containsKeys("Deployment/front", "Deployment/backend",
				"Service/front", "Service/backend");
		assertThat(selectorsByEnvironment.get(Environment.STG)).isEqualTo(selectorsByEnvironment.get(Environment.DEV));
		assertThat(selectorsByEnvironment.get(Environment.PRD)).isEqualTo(selectorsByEnvironment.get(Environment.DEV));
	}

	@ParameterizedTest
	@EnumSource(Environment.class)
	void everyImageIsOurRegistryImagePinnedByDigest(Environment environment) {
		for (ObjectNode deployment : deployments(this.renders.overlay(environment))) {
			for (JsonNode container : containers(deployment)) {
				String image = container.path("image").asString();
				assertThat(image).as(describe(deployment)).matches(pinnedImage);
				assertThat(image).contains("mesh-trace-sample-" + name(deployment) + "@");
			}
		}
	}

	@ParameterizedTest
	@EnumSource(Environment.class)
	void onlyFrontHasARouteWithEdgeTlsRedirectAndNoHost(Environment environment) {
		RenderedManifests rendered = this.renders.overlay(environment);
		assertThat(rendered.ofKind("Route")).extracting(RenderedManifests::name).containsExactly("front");
		ObjectNode route = rendered.get("Route", "front");
		assertThat(route.at("/spec/to/kind").asString()).isEqualTo("Service");
		assertThat(route.at("/spec/to/name").asString()).isEqualTo("front");
		assertThat(route.at("/spec/tls/termination").asString()).isEqualTo("edge");
		assertThat(route.at("/spec/tls/insecureEdgeTerminationPolicy").asString()).isEqualTo("Redirect");
		assertThat(route.at("/spec/host").isMissingNode()).as("spec.host is set by OpenShift, not git").isTrue();
		ObjectNode service = rendered.get("Service", "front");
		assertThat(portNames(service.at("/spec/ports"))).contains(route.at("/spec/port/targetPort").asString());
	}

	@ParameterizedTest
	@EnumSource(Environment.class)
	void containersHaveProbesResourcesAndTheRestrictedSecurityContext(Environment environment) {
		for (ObjectNode deployment : deployments(this.renders.overlay(environment))) {
			JsonNode pod = deployment.at("/spec/template/spec");
			String where = describe(deployment);
			assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).as(where).isTrue();
			assertThat(pod.at("/securityContext/seccompProfile/type").asString()).as(where).isEqualTo("RuntimeDefault");
			assertThat(pod.path("securityContext").has("runAsUser")).as("%s: OpenShift assigns the UID", where)
				.isFalse();
			assertThat(pod.path("securityContext").has("fsGroup")).as(where).isFalse();
			assertThat(pod.path("hostNetwork").asBoolean(false)).as(where).isFalse();
			for (JsonNode container : containers(deployment)) {
				assertThat(container.path("name").asString()).isEqualTo("app");
				JsonNode security = container.path("securityContext");
				assertThat(security.path("allowPrivilegeEscalation").isBoolean()
						&& !security.path("allowPrivilegeEscalation").asBoolean())
					.as("%s: allowPrivilegeEscalation false", where)
					.isTrue();
				assertThat(security.path("readOnlyRootFilesystem").asBoolean()).as(where).isTrue();
				assertThat(security.path("privileged").asBoolean(false)).as(where).isFalse();
				assertThat(security.has("runAsUser")).as(where).isFalse();
				assertThat(security.at("/capabilities/drop").toString()).as(where).isEqualTo("[\"ALL\"]");
				assertThat(security.at("/capabilities/add").isMissingNode()).as(where).isTrue();
				for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
					assertThat(container.at("/" + probe + "/httpGet/path").asString()).as("%s %s", where, probe)
						.startsWith("/actuator/health/");
				}
				assertThat(container.at("/livenessProbe/httpGet/path").asString())
					.isEqualTo("/actuator/health/liveness");
				assertThat(container.at("/readinessProbe/httpGet/path").asString())
					.isEqualTo("/actuator/health/readiness");
				for (String resource : List.of("requests/cpu", "requests/memory", "limits/memory")) {
					assertThat(container.at("/resources/" + resource).asString()).as("%s %s", where, resource)
						.isNotBlank();
				}
				assertThat(mebibytes(container.at("/resources/limits/memory").asString()))
					.isGreaterThanOrEqualTo(mebibytes(container.at("/resources/requests/memory").asString()));
				assertThat(tmpIsAnEmptyDir(pod, container)).as("%s: /tmp on an emptyDir", where).isTrue();
			}
		}
	}

	@ParameterizedTest
	@EnumSource(Environment.class)
	void containerPortServiceTargetPortAndProbePortsAgree(Environment environment) {
		RenderedManifests rendered = this.renders.overlay(environment);
		for (ObjectNode deployment : deployments(rendered)) {
			JsonNode container = containers(deployment).get(0);
			JsonNode port = container.path("ports").get(0);
			assertThat(container.path("ports")).hasSize(1);
			assertThat(port.path("name").asString()).isEqualTo("http");
			int containerPort = port.path("containerPort").asInt();
			assertThat(containerPort).isEqualTo(8080);
			for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
				JsonNode probePort = container.at("/" + probe + "/httpGet/port");
				assertThat(probePort.isNumber() ? probePort.asInt() : portByName(container, probePort.asString()))
					.as("%s %s port", describe(deployment), probe)
					.isEqualTo(containerPort);
			}
			ObjectNode service = rendered.get("Service", name(deployment));
			JsonNode servicePort = service.at("/spec/ports/0");
			assertThat(service.at("/spec/ports")).hasSize(1);
			assertThat(servicePort.path("name").asString()).isEqualTo("http");
			assertThat(servicePort.path("appProtocol").asString()).isEqualTo("http");
			assertThat(servicePort.path("port").asInt()).isEqualTo(8080);
			JsonNode targetPort = servicePort.path("targetPort");
			assertThat(targetPort.isNumber() ? targetPort.asInt() : portByName(container, targetPort.asString()))
				.isEqualTo(containerPort);
			ObjectNode config = configMapOf(rendered, deployment);
			assertThat(config.at("/data/SERVER_PORT").asString()).isEqualTo(String.valueOf(containerPort));
		}
		ObjectNode frontConfig = configMapOf(rendered, rendered.get("Deployment", "front"));
		ObjectNode backendService = rendered.get("Service", "backend");
		assertThat(frontConfig.at("/data/BACKEND_URL").asString())
			.isEqualTo("http://" + name(backendService) + ":" + backendService.at("/spec/ports/0/port").asInt());
		ObjectNode backendConfig = configMapOf(rendered, rendered.get("Deployment", "backend"));
		assertThat(backendConfig.at("/data/PGHOST").asString())
			.isEqualTo(name(rendered.ofKind("Cluster").get(0)) + "-rw");
		assertThat(backendConfig.at("/data/PGPORT").asString()).isEqualTo("5432");
	}

	@ParameterizedTest
	@EnumSource(Environment.class)
	void replicasMatchTheEnvironmentAndProductionHasBudgetsAndSpread(Environment environment) {
		RenderedManifests rendered = this.renders.overlay(environment);
		for (ObjectNode deployment : deployments(rendered)) {
			int replicas = deployment.at("/spec/replicas").asInt(1);
			if (!environment.isProduction()) {
				assertThat(replicas).as(describe(deployment)).isEqualTo(1);
				continue;
			}
			assertThat(replicas).as(describe(deployment)).isGreaterThanOrEqualTo(2);
			Map<String, String> podLabels = templateLabels(deployment);
			List<ObjectNode> budgets = rendered.ofKind("PodDisruptionBudget")
				.stream()
				.filter((budget) -> podLabels.entrySet()
					.containsAll(stringMap(budget.at("/spec/selector/matchLabels")).entrySet()))
				.toList();
			assertThat(budgets).as("PodDisruptionBudget for %s", describe(deployment)).hasSize(1);
			assertThat(budgets.get(0).at("/spec/minAvailable").asInt()).isBetween(1, replicas - 1);
			JsonNode spread = deployment.at("/spec/template/spec/topologySpreadConstraints");
			assertThat(spread).as("topology spread of %s", describe(deployment)).isNotEmpty();
			for (JsonNode constraint : spread) {
				assertThat(podLabels.entrySet())
					.containsAll(stringMap(constraint.at("/labelSelector/matchLabels")).entrySet());
			}
			assertThat(spread).anySatisfy((constraint) -> assertThat(constraint.path("topologyKey").asString())
				.isEqualTo("kubernetes.io/hostname"));
		}
		if (!environment.isProduction()) {
			assertThat(rendered.ofKind("PodDisruptionBudget")).isEmpty();
		}
	}

	@ParameterizedTest
	@EnumSource(Environment.class)
	void shutdownGraceCoversThePreStopPauseAndTheAppsShutdownPhase(Environment environment) {
		for (ObjectNode deployment : deployments(this.renders.overlay(environment))) {
			ServiceConfiguration configuration = ServiceConfiguration.of(name(deployment));
			assertThat(configuration.gracefulShutdown()).as("%s uses server.shutdown=graceful", name(deployment))
				.isTrue();
			JsonNode container = containers(deployment).get(0);
			int preStop = container.at("/lifecycle/preStop/sleep/seconds").asInt(0);
			assertThat(preStop).as("%s preStop sleep", describe(deployment)).isPositive();
			long grace = deployment.at("/spec/template/spec/terminationGracePeriodSeconds").asLong(30);
			assertThat(grace).as("%s terminationGracePeriodSeconds", describe(deployment))
				.isGreaterThan(preStop + configuration.shutdownPhaseTimeout().toSeconds());
		}
	}

	static List<ObjectNode> deployments(RenderedManifests rendered) {
		List<ObjectNode> deployments = rendered.ofKind("Deployment");
		assertThat(deployments).extracting(RenderedManifests::name).containsExactlyInAnyOrderElementsOf(services);
		return deployments;
	}

	static Map<String, String> templateLabels(JsonNode deployment) {
		return stringMap(deployment.at("/spec/template/metadata/labels"));
	}

	static JsonNode containers(JsonNode deployment) {
		JsonNode containers = deployment.at("/spec/template/spec/containers");
		assertThat(containers).as(describe(deployment)).hasSize(1);
		return containers;
	}

	static ObjectNode configMapOf(RenderedManifests rendered, JsonNode deployment) {
		JsonNode envFrom = containers(deployment).get(0).path("envFrom");
		assertThat(envFrom).as("envFrom of %s", describe(deployment)).hasSize(1);
		return rendered.get("ConfigMap", envFrom.get(0).at("/configMapRef/name").asString());
	}

	private static int portByName(JsonNode container, String portName) {
		for (JsonNode port : container.path("ports")) {
			if (portName.equals(port.path("name").asString())) {
				return port.path("containerPort").asInt();
			}
		}
		throw new AssertionError("No container port named " + portName);
	}

	private static List<String> portNames(JsonNode ports) {
		List<String> names = new ArrayList<>();
		ports.forEach((port) -> names.add(port.path("name").asString()));
		return names;
	}

	private static boolean tmpIsAnEmptyDir(JsonNode pod, JsonNode container) {
		for (JsonNode mount : container.path("volumeMounts")) {
			if ("/tmp".equals(mount.path("mountPath").asString())) {
				for (JsonNode volume : pod.path("volumes")) {
					if (volume.path("name").asString().equals(mount.path("name").asString())) {
						return volume.has("emptyDir");
					}
				}
			}
		}
		return false;
	}

	private static long mebibytes(String quantity) {
		if (quantity.endsWith("Gi")) {
			return Long.parseLong(quantity.substring(0, quantity.length() - 2)) * 1024;
		}
		assertThat(quantity).endsWith("Mi");
		return Long.parseLong(quantity.substring(0, quantity.length() - 2));
	}

	private static void collectInjectionMarkers(Iterable<? extends JsonNode> nodes, List<String> found) {
		for (JsonNode node : nodes) {
			collectInjectionMarkers(node, "", found);
		}
	}

	private static void collectInjectionMarkers(JsonNode node, String path, List<String> found) {
		if (node.isObject()) {
			node.properties().forEach((entry) -> {
				String key = entry.getKey();
				if (key.equals("istio-injection") || key.startsWith("sidecar.istio.io/") || key.equals("istio.io/rev")
						|| key.equals("proxy.istio.io/config")) {
					found.add(path + "/" + key);
				}
				collectInjectionMarkers(entry.getValue(), path + "/" + key, found);
			});
		}
		else if (node.isArray()) {
			int index = 0;
			for (JsonNode element : node) {
				collectInjectionMarkers(element, path + "/" + index++, found);
			}
		}
	}

}
