package com.example.meshtrace.manifests;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

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
 * The Argo CD Applications (one per environment) and the sync waves they rely on.
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

	private ObjectNode application(Environment environment) {
		return this.renders.argocd().get("Application", "team-platform-mesh-trace-sample-" + environment.directory());
	}

	private static int wave(ObjectNode object) {
		Map<String, String> annotations = annotations(object);
		return Integer.parseInt(annotations.getOrDefault("argocd.argoproj.io/sync-wave", "0"));
	}

}
