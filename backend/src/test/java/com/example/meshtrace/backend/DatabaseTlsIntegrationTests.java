package com.example.meshtrace.backend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import com.example.meshtrace.support.api.ApiRequests;
import com.example.meshtrace.localrun.LoopbackPorts;
import com.example.meshtrace.localrun.TestCertificateAuthority;
import com.zaxxer.hikari.HikariDataSource;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * backend -> PostgreSQL over TLS with {@code sslmode=verify-full}, configured only
 * through the libpq variables the deployment sets ({@code PGSSLMODE},
 * {@code PGSSLROOTCERT}), against a PostgreSQL with TLS on and a CA made for the test. A
 * server certificate from another CA, or for another host, is refused: backend answers
 * 503 problem+json and reports not ready, and recovers once the certificate is right.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@DirtiesContext
class DatabaseTlsIntegrationTests {

	@TempDir
	static Path certificates;

	private static TestCertificateAuthority clusterCa;

	private static EmbeddedPostgres postgres;

	/** What PGSSLROOTCERT names: the mounted ca.crt of the cluster's CA secret. */
	private static Path rootCertificate;

	@LocalServerPort
	private int port;

	@Autowired
	private DataSource dataSource;

	private RequestSpecification api;

	@DynamicPropertySource
	static void libpqVariables(DynamicPropertyRegistry registry) throws IOException {
		clusterCa = TestCertificateAuthority.create(certificates, "cluster-ca");
		installServerCertificate(clusterCa.issueServerCertificate("server", "dns:localhost"));
		rootCertificate = Files.copy(clusterCa.certificate(), certificates.resolve("ca.crt"));
		postgres = EmbeddedPostgres.builder()
			.setPort(LoopbackPorts.free())
			.setServerConfig("ssl", "on")
			.setServerConfig("ssl_cert_file", certificates.resolve("live.crt").toString())
			.setServerConfig("ssl_key_file", certificates.resolve("live.key").toString())
			.setPGStartupWait(Duration.ofSeconds(60))
			.start();
		superuser("CREATE ROLE mesh_trace LOGIN PASSWORD 'mesh_trace'");
		superuser("CREATE DATABASE mesh_trace OWNER mesh_trace");
		registry.add("PGHOST", () -> "localhost");
		registry.add("PGPORT", () -> String.valueOf(postgres.getPort()));
		registry.add("PGDATABASE", () -> "mesh_trace");
		registry.add("PGUSER", () -> "mesh_trace");
		registry.add("PGPASSWORD", () -> "mesh_trace");
		registry.add("PGSSLMODE", () -> "verify-full");
		registry.add("PGSSLROOTCERT", rootCertificate::toString);
	}

	@AfterAll
	static void stopPostgres() throws IOException {
		if (postgres != null) {
			postgres.close();
		}
	}

	@BeforeEach
	void setUp() {
		this.api = ApiRequests.toLocalPort(this.port);
	}

	@AfterEach
	void restoreTheClusterCertificates() throws IOException {
		Files.copy(clusterCa.certificate(), rootCertificate, StandardCopyOption.REPLACE_EXISTING);
		installServerCertificate(certificates.resolve("server.crt"));
		superuser("SELECT pg_reload_conf()");
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> given(this.api).get("/actuator/health/readiness").then().statusCode(200));
	}

	@Test
	void verifyFullWithTheClusterCaStoresItemsOverTls() {
		given(this.api).get("/actuator/health/readiness").then().statusCode(200);
		long before = rows();

		given(this.api).contentType(ContentType.JSON)
			.header("Idempotency-Key", "tls-1")
			.body("{\"name\":\"over-tls\"}")
			.post("/items")
			.then()
			.statusCode(201)
			.body("name", equalTo("over-tls"));

		assertThat(rows()).isEqualTo(before + 1);
		JdbcClient app = JdbcClient.create(this.dataSource);
		assertThat(app.sql("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").query(Boolean.class).single())
			.as("backend's own connection is encrypted")
			.isTrue();
		assertThat(app.sql("SHOW ssl").query(String.class).single()).isEqualTo("on");
	}

	@Test
	void aServerCertificateFromAnotherCaIsRefusedWithAPrompt503() throws IOException {
		TestCertificateAuthority otherCa = TestCertificateAuthority.create(certificates, "other-ca");
		Files.copy(otherCa.certificate(), rootCertificate, StandardCopyOption.REPLACE_EXISTING);

		assertRefusedAndNotReady("tls-wrong-ca");
	}

	@Test
	void aServerCertificateForAnotherHostIsRefusedWithAPrompt503() throws IOException {
		installServerCertificate(clusterCa.issueServerCertificate("elsewhere", "dns:db.elsewhere.example"));
		superuser("SELECT pg_reload_conf()");

		assertRefusedAndNotReady("tls-wrong-host");
	}

	/**
	 * Closes the pool's open connections, so every request needs a new TLS handshake.
	 */
	private void assertRefusedAndNotReady(String key) {
		long before = rows();
		try {
			this.dataSource.unwrap(HikariDataSource.class).getHikariPoolMXBean().softEvictConnections();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}

		given(this.api).contentType(ContentType.JSON)
			.header("Idempotency-Key", key)
			.body("{\"name\":\"refused\"}")
			.post("/items")
			.then()
			.statusCode(503)
			.contentType("application/problem+json")
			.header("Retry-After", "1")
			.body("title", equalTo("Database unavailable"));
		given(this.api).get("/actuator/health/readiness").then().statusCode(503).body("status", equalTo("DOWN"));
		given(this.api).get("/actuator/health/liveness").then().statusCode(200);
		assertThat(rows()).as("nothing written").isEqualTo(before);
	}

	/** Counted by the superuser, whose connection does not verify certificates. */
	private static long rows() {
		try (Connection connection = postgres.getDatabase("postgres", "mesh_trace").getConnection();
				Statement statement = connection.createStatement();
				var result = statement.executeQuery("SELECT count(*) FROM items")) {
			result.next();
			return result.getLong(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void superuser(String sql) {
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(sql, ex);
		}
	}

	/** What the server presents: PostgreSQL reads these files again on reload. */
	private static void installServerCertificate(Path certificate) {
		String name = certificate.getFileName().toString().replace(".crt", "");
		try {
			Files.copy(certificate, certificates.resolve("live.crt"), StandardCopyOption.REPLACE_EXISTING);
			Files.copy(certificates.resolve(name + ".key"), certificates.resolve("live.key"),
					StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
