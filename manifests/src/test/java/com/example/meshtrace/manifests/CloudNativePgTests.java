package com.example.meshtrace.manifests;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static com.example.meshtrace.manifests.RenderedManifests.name;
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

}
