package com.example.meshtrace.manifests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static com.example.meshtrace.manifests.RenderedManifests.name;
import static com.example.meshtrace.manifests.RenderedManifests.stringMap;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database: a CloudNativePG Cluster backed up through the Barman Cloud plugin, with
 * S3 credentials from an ExternalSecret. Field by field, since there is no typed model.
 */
@TestInstance(Lifecycle.PER_CLASS)
class CloudNativePgTests {

	private final Renders renders = new Renders();

	private static final String barmanPlugin = "barman-cloud.cloudnative-pg.io";

	@ParameterizedTest
	@EnumSource(Environment.class)
	void clusterBootstrapsTheAppDatabaseWithTheEnvironmentsSize(Environment environment) {
		RenderedManifests rendered = this.renders.overlay(environment);
		assertThat(rendered.ofKind("Cluster")).hasSize(1);
		ObjectNode cluster = rendered.get("Cluster", "mt-pg");
		assertThat(cluster.path("apiVersion").asString()).isEqualTo("postgresql.cnpg.io/v1");
		assertThat(cluster.at("/spec/instances").asInt()).isEqualTo(environment.postgresInstances());
		assertThat(cluster.at("/spec/bootstrap/initdb/database").asString()).isEqualTo("mesh_trace");
		assertThat(cluster.at("/spec/bootstrap/initdb/owner").asString()).isNotBlank();
		assertThat(cluster.at("/spec/bootstrap/initdb/secret").isMissingNode())
			.as("CloudNativePG generates mt-pg-app, which backend reads")
			.isTrue();
		assertThat(cluster.at("/spec/storage/size").asString()).isNotBlank();
		assertThat(cluster.at("/spec/resources/limits/memory").asString()).isNotBlank();
	}

	@ParameterizedTest
	@EnumSource(Environment.class)
	void walArchivingAndBackupsUseTheBarmanCloudPluginNotTheDeprecatedInTreeStore(Environment environment) {
		RenderedManifests rendered = this.renders.overlay(environment);
		ObjectNode cluster = rendered.get("Cluster", "mt-pg");
		assertThat(cluster.at("/spec/backup").isMissingNode()).as("spec.backup.barmanObjectStore is deprecated")
			.isTrue();
		JsonNode plugin = cluster.at("/spec/plugins/0");
		assertThat(cluster.at("/spec/plugins")).hasSize(1);
		assertThat(plugin.path("name").asString()).isEqualTo(barmanPlugin);
		assertThat(plugin.path("isWALArchiver").asBoolean()).isTrue();
		String objectStoreName = plugin.at("/parameters/barmanObjectName").asString();
		ObjectNode objectStore = rendered.get("ObjectStore", objectStoreName);
		assertThat(objectStore.path("apiVersion").asString()).isEqualTo("barmancloud.cnpg.io/v1");
		assertThat(objectStore.at("/spec/configuration/destinationPath").asString()).startsWith("s3://")
			.endsWith("/" + environment.directory());
		assertThat(objectStore.at("/spec/retentionPolicy").asString()).matches("\\d+[dwm]");
		ObjectNode backup = rendered.ofKind("ScheduledBackup").get(0);
		assertThat(rendered.ofKind("ScheduledBackup")).hasSize(1);
		assertThat(backup.at("/spec/cluster/name").asString()).isEqualTo(name(cluster));
		assertThat(backup.at("/spec/method").asString()).isEqualTo("plugin");
		assertThat(backup.at("/spec/pluginConfiguration/name").asString()).isEqualTo(barmanPlugin);
		assertThat(backup.at("/spec/schedule").asString().split(" ")).as("six-field cron, seconds first, daily")
			.hasSize(6)
			.endsWith("*", "*", "*");
	}

	@ParameterizedTest
	@EnumSource(Environment.class)
	void s3CredentialsComeFromAnExternalSecretWithTheKeysTheObjectStoreReads(Environment environment) {
		RenderedManifests rendered = this.renders.overlay(environment);
		JsonNode credentials = rendered.get("ObjectStore", "mt-pg-backup").at("/spec/configuration/s3Credentials");
		String secretName = credentials.at("/accessKeyId/name").asString();
		assertThat(credentials.at("/secretAccessKey/name").asString()).isEqualTo(secretName);
		ObjectNode externalSecret = rendered.ofKind("ExternalSecret")
			.stream()
			.filter((candidate) -> secretName.equals(candidate.at("/spec/target/name").asString()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No ExternalSecret creates " + secretName));
		assertThat(externalSecret.path("apiVersion").asString()).isEqualTo("external-secrets.io/v1");
		assertThat(externalSecret.at("/spec/secretStoreRef/name").asString()).isNotBlank();
		Set<String> keys = new HashSet<>();
		externalSecret.at("/spec/data").forEach((entry) -> {
			keys.add(entry.path("secretKey").asString());
			assertThat(entry.at("/remoteRef/key").asString()).contains("/" + environment.directory() + "/");
		});
		assertThat(keys).contains(credentials.at("/accessKeyId/key").asString(),
				credentials.at("/secretAccessKey/key").asString());
		assertThat(rendered.ofKind("Secret")).isEmpty();
	}

	@Test
	void everyEnvironmentBacksUpToItsOwnPrefix() {
		Set<String> paths = new HashSet<>();
		for (Environment environment : Environment.values()) {
			paths.add(this.renders.overlay(environment)
				.get("ObjectStore", "mt-pg-backup")
				.at("/spec/configuration/destinationPath")
				.asString());
		}
		assertThat(paths).hasSize(Environment.values().length);
	}

	@ParameterizedTest
	@EnumSource(Environment.class)
	void postgresImageIsACurrentTagFromTheImageCatalog(Environment environment) {
		RenderedManifests rendered = this.renders.overlay(environment);
		ObjectNode cluster = rendered.get("Cluster", "mt-pg");
		assertThat(cluster.at("/spec/imageName").isMissingNode()).as("the image is named in the catalog only").isTrue();
		JsonNode ref = cluster.at("/spec/imageCatalogRef");
		assertThat(ref.path("apiGroup").asString()).isEqualTo("postgresql.cnpg.io");
		assertThat(ref.path("kind").asString()).isEqualTo("ImageCatalog");
		ObjectNode catalog = rendered.get("ImageCatalog", ref.path("name").asString());
		JsonNode image = catalog.at("/spec/images")
			.valueStream()
			.filter((entry) -> entry.path("major").asInt() == ref.path("major").asInt())
			.findFirst()
			.orElseThrow(() -> new AssertionError("No image for major " + ref.path("major") + " in the catalog"));
		assertThat(ref.path("major").asInt()).as("the major version of the tests' embedded PostgreSQL").isEqualTo(18);
		assertThat(image.path("image").asString()).as("not the deprecated rolling tag :18 of the bullseye image")
			.matches("ghcr\\.io/cloudnative-pg/postgresql:18(\\.\\d+)?(-\\d{12})?-(minimal|standard)-trixie"
					+ "(@sha256:[0-9a-f]{64})?");
		assertThat(ArgoCdApplicationsTests.wave(catalog)).as("catalog before the Cluster")
			.isLessThan(ArgoCdApplicationsTests.wave(cluster));
	}

	@ParameterizedTest
	@EnumSource(Environment.class)
	void aReCreatedClusterArchivesIntoAFreshFolder(Environment environment) {
		ObjectNode cluster = this.renders.overlay(environment).get("Cluster", "mt-pg");
		String serverName = cluster.at("/spec/plugins/0/parameters/serverName").asString();
		assertThat(serverName).as("a per-generation folder, not the default (the cluster name)")
			.matches(name(cluster) + "-gen\\d+");
		String skipCheck = RenderedManifests.annotations(cluster).get("cnpg.io/skipEmptyWalArchiveCheck");
		if (environment == Environment.DEV) {
			assertThat(skipCheck).as("a rebuilt dev cluster never blocks on old WAL").isEqualTo("enabled");
		}
		else {
			assertThat(skipCheck).as("stg and prd keep the empty-WAL-archive check").isNull();
		}
	}

	@ParameterizedTest
	@EnumSource(Environment.class)
	void userWorkloadMonitoringScrapesPostgres(Environment environment) {
		RenderedManifests rendered = this.renders.overlay(environment);
		ObjectNode monitor = rendered.get("PodMonitor", "mt-pg");
		assertThat(stringMap(monitor.at("/spec/selector/matchLabels"))).containsEntry("cnpg.io/cluster",
				name(rendered.get("Cluster", "mt-pg")));
		assertThat(monitor.at("/spec/podMetricsEndpoints").valueStream().map((e) -> e.path("port").asString()))
			.containsExactly("metrics");
		assertThat(rendered.get("Cluster", "mt-pg").at("/spec/monitoring/enablePodMonitor").asBoolean(false))
			.as("one PodMonitor, not two")
			.isFalse();
	}

	@ParameterizedTest
	@EnumSource(Environment.class)
	void anS3EndpointWithAPrivateCaIsOneComponentAway(Environment environment) throws IOException {
		Path target = RepositoryLayout.root().resolve("manifests/target");
		Files.createDirectories(target);
		Path wrapper = Files.createTempDirectory(target, "s3-private-ca-");
		String overlay = wrapper.relativize(RepositoryLayout.overlay(environment)).toString();
		String component = wrapper.relativize(RepositoryLayout.k8s().resolve("components/s3-private-ca")).toString();
		Files.writeString(wrapper.resolve("kustomization.yaml"), """
				apiVersion: kustomize.config.k8s.io/v1beta1
				kind: Kustomization
				resources:
				  - %s
				components:
				  - %s
				""".formatted(overlay, component));
		RenderedManifests rendered = Kustomize.render(wrapper);
		JsonNode endpointCa = rendered.get("ObjectStore", "mt-pg-backup").at("/spec/configuration/endpointCA");
		ObjectNode caSecret = rendered.ofKind("ExternalSecret")
			.stream()
			.filter((candidate) -> endpointCa.path("name")
				.asString()
				.equals(candidate.at("/spec/target/name").asString()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No ExternalSecret creates " + endpointCa));
		assertThat(caSecret.at("/spec/data").valueStream().map((entry) -> entry.path("secretKey").asString()))
			.containsExactly(endpointCa.path("key").asString());
		assertThat(this.renders.overlay(environment)
			.get("ObjectStore", "mt-pg-backup")
			.at("/spec/configuration/endpointCA")
			.isMissingNode()).as("the platform's endpoint has a public certificate").isTrue();
	}

	@Test
	void theOperatorsNamespaceIsWrittenOnlyInThePlatformSlots() {
		String operatorNamespace = PlatformSlots.base().get("cnpgOperatorNamespace");
		for (Environment environment : Environment.values()) {
			ObjectNode policy = this.renders.overlay(environment).get("NetworkPolicy", "mt-pg");
			assertThat(policy.at("/spec/ingress")
				.valueStream()
				.flatMap((rule) -> rule.path("from").valueStream())
				.map((peer) -> peer.at("/namespaceSelector/matchLabels/kubernetes.io~1metadata.name").asString(""))
				.filter((namespace) -> !namespace.isEmpty())).containsExactly(operatorNamespace);
		}
		try (Stream<Path> files = Files.walk(RepositoryLayout.k8s())) {
			assertThat(files.filter(Files::isRegularFile)
				.filter((file) -> !file.endsWith("platform-slots.yaml") && !file.toString().endsWith(".md"))
				.filter((file) -> RepositoryLayout.read(file).contains(operatorNamespace))
				.toList()).as("files other than platform-slots.yaml that name %s", operatorNamespace).isEmpty();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
