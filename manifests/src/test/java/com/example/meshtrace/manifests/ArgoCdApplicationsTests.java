package com.example.meshtrace.manifests;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static com.example.meshtrace.manifests.RenderedManifests.annotations;
import static com.example.meshtrace.manifests.RenderedManifests.describe;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Argo CD Applications (one per environment), their AppProject and the sync waves and
 * sync options they rely on.
 */
@TestInstance(Lifecycle.PER_CLASS)
class ArgoCdApplicationsTests {

	private final Renders renders = new Renders();

	@ParameterizedTest
	@EnumSource(Environment.class)
	void applicationSyncsItsOverlayAutomaticallyWithServerSideApply(Environment environment) {
		ObjectNode application = application(environment);
		assertThat(application.at("/metadata/namespace").asString()).isEqualTo("openshift-gitops");
		assertThat(application.at("/spec/destination/namespace").asString()).isEqualTo(environment.namespace());
		String path = application.at("/spec/source/path").asString();
		String overlay = "k8s/overlays/" + environment.directory();
		assertThat(path).endsWith("/" + overlay);
		assertThat(Files.isDirectory(RepositoryLayout.root().resolve(overlay))).isTrue();
		assertThat(application.at("/spec/syncPolicy/automated/prune").asBoolean()).isTrue();
		assertThat(application.at("/spec/syncPolicy/automated/selfHeal").asBoolean()).isTrue();
		assertThat(application.at("/spec/syncPolicy/syncOptions").valueStream().map(JsonNode::asString).toList())
			.contains("ServerSideApply=true", "RespectIgnoreDifferences=true");
	}

	@ParameterizedTest
	@EnumSource(Environment.class)
	void applicationIgnoresTheRouteHostThatOpenShiftFillsIn(Environment environment) {
		JsonNode ignored = application(environment).at("/spec/ignoreDifferences");
		assertThat(ignored.valueStream()
			.anyMatch((entry) -> entry.path("kind").asString().equals("Route")
					&& entry.path("group").asString().equals("route.openshift.io")
					&& entry.path("jsonPointers").valueStream().anyMatch((p) -> p.asString().equals("/spec/host"))))
			.isTrue();
	}

	@ParameterizedTest
	@EnumSource(Environment.class)
	void syncWavesPutSecretsAndDatabaseBeforeBackendAndBackendBeforeFront(Environment environment) {
		RenderedManifests rendered = this.renders.overlay(environment);
		int s3Secret = wave(rendered.get("ExternalSecret", "mt-pg-backup-s3"));
		int objectStore = wave(rendered.get("ObjectStore", "mt-pg-backup"));
		int cluster = wave(rendered.get("Cluster", "mt-pg"));
		int backend = wave(rendered.get("Deployment", "backend"));
		int front = wave(rendered.get("Deployment", "front"));
		int route = wave(rendered.get("Route", "front"));
		assertThat(s3Secret).isLessThanOrEqualTo(objectStore);
		assertThat(objectStore).isLessThan(cluster);
		assertThat(cluster).isLessThan(backend);
		assertThat(backend).isLessThan(front);
		assertThat(route).isGreaterThanOrEqualTo(front);
		for (String kind : List.of("NetworkPolicy", "AuthorizationPolicy", "ConfigMap", "ServiceAccount")) {
			for (ObjectNode object : rendered.ofKind(kind)) {
				assertThat(wave(object)).as("%s before the pods", describe(object)).isLessThan(backend);
			}
		}
	}

	@Test
	void theApplicationsOwnProjectAllowsOnlyThisRepositoryTheThreeNamespacesAndNoClusterScopedKind() {
		RenderedManifests argocd = this.renders.argocd();
		List<ObjectNode> projects = argocd.ofKind("AppProject");
		assertThat(projects).hasSize(1);
		ObjectNode project = projects.get(0);
		assertThat(project.at("/metadata/namespace").asString()).isEqualTo("openshift-gitops");
		String repository = PlatformSlots.argocd().get("repoURL");
		assertThat(strings(project.at("/spec/sourceRepos"))).containsExactly(repository);
		assertThat(project.at("/spec/destinations")
			.valueStream()
			.map((destination) -> destination.path("server").asString() + " "
					+ destination.path("namespace").asString()))
			.containsExactlyInAnyOrderElementsOf(Stream.of(Environment.values())
				.map((environment) -> "https://kubernetes.default.svc " + environment.namespace())
				.toList());
		assertThat(project.at("/spec/clusterResourceWhitelist")).as("no cluster-scoped kinds").isEmpty();
		assertThat(project.at("/spec/clusterResourceBlacklist").isMissingNode()).isTrue();
		Set<String> whitelisted = project.at("/spec/namespaceResourceWhitelist")
			.valueStream()
			.map((entry) -> entry.path("group").asString() + "/" + entry.path("kind").asString())
			.collect(Collectors.toSet());
		for (Environment environment : Environment.values()) {
			for (ObjectNode object : this.renders.overlay(environment).objects()) {
				String apiVersion = object.path("apiVersion").asString();
				String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
				assertThat(whitelisted).as("%s renders %s", environment.directory(), describe(object))
					.contains(group + "/" + object.path("kind").asString());
			}
			ObjectNode application = application(environment);
			assertThat(application.at("/spec/project").asString()).isEqualTo(RenderedManifests.name(project));
			assertThat(application.at("/spec/source/repoURL").asString()).isEqualTo(repository);
		}
	}

	@ParameterizedTest
	@EnumSource(Environment.class)
	void applicationPathIsTheMonorepoSlotFollowedByTheOverlay(Environment environment) {
		String path = application(environment).at("/spec/source/path").asString();
		assertThat(path)
			.isEqualTo(PlatformSlots.argocd().get("monorepoPath") + "/k8s/overlays/" + environment.directory());
		assertThat(RepositoryLayout
			.read(RepositoryLayout.argocd().resolve("application-" + environment.directory() + ".yaml")))
			.as("the path prefix is written only in argocd-slots.yaml")
			.doesNotContain(PlatformSlots.argocd().get("monorepoPath"));
	}

	@ParameterizedTest
	@EnumSource(Environment.class)
	void argoCdNeverDeletesOrPrunesTheProductionDatabase(Environment environment) {
		RenderedManifests rendered = this.renders.overlay(environment);
		for (ObjectNode object : List.of(rendered.get("Cluster", "mt-pg"),
				rendered.get("ObjectStore", "mt-pg-backup"))) {
			String options = annotations(object).get("argocd.argoproj.io/sync-options");
			if (environment.isProduction()) {
				assertThat(options).as(describe(object)).isNotNull();
				assertThat(options.split(",")).as(describe(object)).contains("Delete=false", "Prune=false");
			}
			else {
				assertThat(options).as("%s: dev and stg may be rebuilt", describe(object)).isNull();
			}
		}
	}

	private static List<String> strings(JsonNode array) {
		return array.valueStream().map(JsonNode::asString).toList();
	}

	private ObjectNode application(Environment environment) {
		return this.renders.argocd().get("Application", "team-platform-mesh-trace-sample-" + environment.directory());
	}

	static int wave(ObjectNode object) {
		Map<String, String> annotations = annotations(object);
		return Integer.parseInt(annotations.getOrDefault("argocd.argoproj.io/sync-wave", "0"));
	}

}
