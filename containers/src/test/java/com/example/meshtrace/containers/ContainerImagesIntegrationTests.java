package com.example.meshtrace.containers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.example.meshtrace.localrun.LoopbackPorts;
import com.example.meshtrace.localrun.TestCertificateAuthority;
import com.example.meshtrace.localrun.otlp.OtlpReceiver;
import com.example.meshtrace.localrun.otlp.OtlpTransport;
import com.example.meshtrace.localrun.otlp.ReceivedSpan;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The service images run as the rendered dev overlay says: env from its ConfigMaps, a
 * stand-in {@code mt-pg-app} Secret, an arbitrary UID in group 0, its security context,
 * memory limit, {@code /tmp} emptyDir, the {@code mt-pg-ca} Secret volume (a CA made for
 * the run, which also signs the stand-in PostgreSQL's server certificate, so backend
 * connects with {@code PGSSLMODE=verify-full} as in the cluster) and container port. Only
 * the addresses of PostgreSQL, backend and the OTLP collector are substituted (the
 * containers reach the host's loopback through slirp4netns; PostgreSQL's host name
 * resolves to it). Images come from {@code MESH_TRACE_FRONT_IMAGE} and
 * {@code MESH_TRACE_BACKEND_IMAGE} ({@code containers/run-overlay} builds and passes
 * them); without them or without a container engine the class is skipped.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContainerImagesIntegrationTests {

	private static final Path REPOSITORY = Path.of(System.getProperty("user.dir")).getParent();

	private static final String OPENSHIFT_UID = "1000650000:0";

	private static final String HOST_LOOPBACK = "10.0.2.2";

	private static final String NETWORK = "slirp4netns:allow_host_loopback=true";

	/** Where the stand-in PostgreSQL finds its server certificate and key. */
	private static final String SERVER_TLS = "/etc/mt-pg-server-tls";

	private static final List<String> containers = new ArrayList<>();

	@TempDir
	private static Path files;

	private static ContainerEngine engine;

	private static OtlpReceiver receiver;

	private static RenderedDeployment backend;

	private static RenderedDeployment front;

	private static Started postgres;

	private static Started backendContainer;

	private static Started frontContainer;

	private static Map<String, String> databaseSecret;

	private static Map<String, Map<String, String>> secrets;

	private static String database;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@BeforeAll
	static void runOverlay() {
		String frontImage = System.getenv("MESH_TRACE_FRONT_IMAGE");
		String backendImage = System.getenv("MESH_TRACE_BACKEND_IMAGE");
		Optional<ContainerEngine> found = ContainerEngine.find(REPOSITORY);
		skipUnless(found.isPresent(), "no container engine (podman, or ENGINE=docker)");
		skipUnless(frontImage != null && backendImage != null,
				"no images given (containers/run-overlay builds them and passes MESH_TRACE_*_IMAGE)");
		engine = found.get();

		RenderedOverlay overlay = RenderedOverlay.render(REPOSITORY.resolve("k8s/overlays/dev"));
		backend = overlay.deployment("backend");
		front = overlay.deployment("front");
		JsonNode initdb = overlay.resource("Cluster", "mt-pg").path("spec").path("bootstrap").path("initdb");
		database = initdb.path("database").asString();
		databaseSecret = Map.of("username", initdb.path("owner").asString(), "password",
				"stand-in-" + UUID.randomUUID());
		// What backend's PGHOST names (mt-pg-rw), among the names of CloudNativePG's
		// server certificate
		String databaseHost = backend.environment(Map.of("mt-pg-app", databaseSecret), backend.name()).get("PGHOST");
		TestCertificateAuthority clusterCa = TestCertificateAuthority.create(files, "mt-pg-ca");
		Path serverCertificate = clusterCa.issueServerCertificate(databaseHost, "dns:" + databaseHost);
		secrets = Map.of("mt-pg-app", databaseSecret, "mt-pg-ca", Map.of("ca.crt", read(clusterCa.certificate())));
		receiver = OtlpReceiver.start();

		postgres = startPostgres(serverCertificate);
		backendContainer = start(backend, backendImage, Map.of("PGPORT", String.valueOf(postgres.hostPort())),
				Map.of(databaseHost, HOST_LOOPBACK));
		frontContainer = start(front, frontImage,
				Map.of("BACKEND_URL", "http://" + HOST_LOOPBACK + ":" + backendContainer.hostPort()), Map.of());
	}

	/** Skips the class, saying why in one line of the build's output. */
	private static void skipUnless(boolean condition, String reason) {
		if (!condition) {
			System.out.println("[containers] Skipping container image tests: " + reason);
		}
		assumeTrue(condition, reason);
	}

	/**
	 * PostgreSQL with TLS on, as CloudNativePG serves it: the server certificate and its
	 * key, readable by the container's postgres user (its entrypoint copies the key with
	 * mode 0600).
	 */
	private static Started startPostgres(Path serverCertificate) {
		String image = Optional.ofNullable(System.getenv("MESH_TRACE_POSTGRES_IMAGE"))
			.orElse("localhost/standin/postgres:17-trixie");
		Path serverTls = files.resolve("server-tls");
		writeReadable(serverTls.resolve("tls.crt"), read(serverCertificate));
		writeReadable(serverTls.resolve("tls.key"),
				read(Path.of(serverCertificate.toString().replace(".crt", ".key"))));
		int hostPort = LoopbackPorts.free();
		String id = engine.run("run", "-d", "--name", "mt-pg-rw-" + hostPort, "-p", "127.0.0.1:" + hostPort + ":5432",
				"--volume", serverTls + ":" + SERVER_TLS + ":ro", "-e",
				"POSTGRES_SSL_CERT_FILE=" + SERVER_TLS + "/tls.crt", "-e",
				"POSTGRES_SSL_KEY_FILE=" + SERVER_TLS + "/tls.key", "-e",
				"POSTGRES_USER=" + databaseSecret.get("username"), "-e",
				"POSTGRES_PASSWORD=" + databaseSecret.get("password"), "-e", "POSTGRES_DB=" + database, image);
		containers.add(id);
		Started started = new Started(id, hostPort);
		await().atMost(Duration.ofMinutes(2)).ignoreExceptions().until(() -> {
			try (Connection connection = connectToDatabase(started)) {
				return connection.isValid(5);
			}
		});
		return started;
	}

	/**
	 * Runs a service's container from its rendered Deployment.
	 * @param addresses variables substituted because the cluster's addresses do not exist
	 * here
	 * @param hosts cluster host names and the address they resolve to here
	 */
	private static Started start(RenderedDeployment deployment, String image, Map<String, String> addresses,
			Map<String, String> hosts) {
		int hostPort = LoopbackPorts.free();
		String name = deployment.name() + "-" + hostPort;
		Map<String, String> environment = new LinkedHashMap<>(deployment.environment(secrets, name));
		environment.putAll(addresses);
		environment.put("OTEL_EXPORTER_OTLP_ENDPOINT",
				receiver.endpoint(OtlpTransport.GRPC).replace("127.0.0.1", HOST_LOOPBACK));
		environment.put("OTEL_EXPORTER_OTLP_PROTOCOL", OtlpReceiver.protocol(OtlpTransport.GRPC));
		// The JVM logs whether it maps the image's AOT cache (and exits if it cannot use
		// it)
		environment.put("JDK_JAVA_OPTIONS", "-XX:AOTMode=on -Xlog:aot");
		List<String> command = new ArrayList<>(List.of("run", "-d", "--name", name, "--user", OPENSHIFT_UID,
				"--network", NETWORK, "-p", "127.0.0.1:" + hostPort + ":" + deployment.httpPort()));
		command.addAll(deployment.runOptions(secrets, files.resolve("volumes")));
		hosts.forEach((host, address) -> command.addAll(List.of("--add-host", host + ":" + address)));
		environment.forEach((key, value) -> command.addAll(List.of("-e", key + "=" + value)));
		command.add(image);
		String id = engine.run(command.toArray(String[]::new));
		containers.add(id);
		return new Started(id, hostPort);
	}

	@AfterAll
	static void removeContainers() {
		for (String id : containers) {
			engine.execute(List.of("rm", "-f", "-t", "0", id));
		}
		if (receiver != null) {
			receiver.close();
		}
	}

	@Test
	@Order(1)
	void readinessAndLivenessAreUpOnTheManifestsProbePathsAndPorts() {
		for (var service : List.of(Map.entry(backend, backendContainer), Map.entry(front, frontContainer))) {
			for (String kind : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
				RenderedDeployment.Probe probe = service.getKey().probe(kind);
				assertThat(probe.port()).isEqualTo(service.getKey().httpPort());
				URI uri = URI.create("http://127.0.0.1:" + service.getValue().hostPort() + probe.path());
				HttpResponse<String> response = await().atMost(Duration.ofMinutes(3))
					.failFast("the container exited", () -> exited(service.getValue()))
					.ignoreExceptions()
					.until(() -> get(uri), (answer) -> answer.statusCode() == 200);
				assertThat(response.body()).as("%s %s", service.getKey().name(), kind).contains("\"status\":\"UP\"");
			}
			System.out.printf("[containers] %s: %s%n", service.getKey().name(),
					startedLine(service.getValue()).orElse("no start line"));
		}
	}

	@Test
	@Order(2)
	void backendConnectsToPostgresqlOverTls() throws SQLException {
		awaitReady(backendContainer, backend);
		List<String> sessions = new ArrayList<>();
		try (Connection connection = connectToDatabase(postgres);
				PreparedStatement query = connection.prepareStatement("""
						SELECT s.ssl, s.version FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid)
						WHERE a.datname = ? AND a.usename = ? AND a.pid <> pg_backend_pid()""")) {
			query.setString(1, database);
			query.setString(2, databaseSecret.get("username"));
			try (ResultSet rows = query.executeQuery()) {
				while (rows.next()) {
					sessions.add(rows.getBoolean("ssl") ? rows.getString("version") : "no TLS");
				}
			}
		}
		System.out.printf("[containers] backend -> PostgreSQL: %d connections, %s%n", sessions.size(),
				new TreeSet<>(sessions));
		assertThat(sessions).as("backend's connections to PostgreSQL (TLS version)")
			.isNotEmpty()
			.doesNotContain("no TLS");
	}

	@Test
	@Order(3)
	void postAndGetThroughFrontStoreTheRowAndExportOneTraceOfFourSpans() throws Exception {
		awaitReady(frontContainer, front);
		awaitReady(backendContainer, backend);
		String name = "container-item-" + UUID.randomUUID();
		String traceId = HexFormat.of().formatHex(randomBytes(16));
		String traceparent = "00-" + traceId + "-" + HexFormat.of().formatHex(randomBytes(8)) + "-01";

		HttpResponse<String> created = this.http.send(HttpRequest.newBuilder(frontUri("/items"))
			.header("Content-Type", "application/json")
			.header("traceparent", traceparent)
			.POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(created.statusCode()).isEqualTo(201);
		assertThat(created.body()).contains("\"name\":\"" + name + "\"");

		HttpResponse<String> listed = get(frontUri("/items?limit=1000"));
		assertThat(listed.statusCode()).isEqualTo(200);
		assertThat(listed.body()).contains(name);

		try (Connection connection = connectToDatabase(postgres);
				PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM items WHERE name = ?")) {
			count.setString(1, name);
			try (ResultSet rows = count.executeQuery()) {
				rows.next();
				assertThat(rows.getLong(1)).isOne();
			}
		}

		List<ReceivedSpan> trace = await().atMost(Duration.ofSeconds(60))
			.until(() -> spansOf(traceId), (spans) -> spans.size() >= 4);
		assertThat(trace).extracting((span) -> span.serviceName() + " " + span.kind())
			.containsExactlyInAnyOrder("front SPAN_KIND_SERVER", "front SPAN_KIND_CLIENT", "backend SPAN_KIND_SERVER",
					"backend SPAN_KIND_CLIENT");
		assertThat(trace).filteredOn((span) -> span.kind() == SpanKind.SPAN_KIND_SERVER)
			.allSatisfy((span) -> assertThat(span.resource()).containsEntry("deployment.environment.name", "dev"));
	}

	@Test
	@Order(4)
	void bothJvmsRunWithTheAotCacheOfTheirImage() {
		for (Started started : List.of(backendContainer, frontContainer)) {
			String log = engine.run("logs", started.id());
			assertThat(log).as("JVM log of %s", started.id())
				.contains("Opened AOT cache app.aot.")
				.as("archived heap objects mapped: the cache's compressed-oops mode is the runtime's")
				.containsPattern("Loaded heap +region");
		}
	}

	@Test
	@Order(5)
	void peakMemoryUnderABoundedLoadStaysBelowTheLimit() throws Exception {
		awaitReady(frontContainer, front);
		for (int i = 0; i < 300; i++) {
			this.http.send(HttpRequest.newBuilder(frontUri("/items"))
				.header("Content-Type", "application/json")
				.timeout(Duration.ofSeconds(10))
				.POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"load-" + i + "\"}"))
				.build(), HttpResponse.BodyHandlers.discarding());
			this.http.send(HttpRequest.newBuilder(frontUri("/items?limit=50")).timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.discarding());
		}
		for (var service : List.of(Map.entry(backend, backendContainer), Map.entry(front, frontContainer))) {
			long peak = peakMemory(service.getValue());
			System.out.printf("[containers] %s peak memory %d MiB of the %s limit (after 300 POST + 300 GET)%n",
					service.getKey().name(), peak / (1024 * 1024), service.getKey().memoryLimit());
			assertThat(peak).isPositive().isLessThan(service.getKey().memoryLimitBytes());
		}
	}

	@Test
	@Order(6)
	void sigtermEndsBothJvmsWith143WithinTheGracePeriod() {
		for (var service : List.of(Map.entry(front, frontContainer), Map.entry(backend, backendContainer))) {
			int grace = service.getKey().terminationGracePeriodSeconds();
			long started = System.nanoTime();
			// SIGTERM, then SIGKILL (exit 137) once the grace period is over, as the
			// kubelet
			engine.run("stop", "-t", String.valueOf(grace), service.getValue().id());
			long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
			String exitCode = engine.run("inspect", "--format", "{{.State.ExitCode}}", service.getValue().id());
			System.out.printf("[containers] %s: SIGTERM -> exit %s after %d ms (grace period %d s)%n",
					service.getKey().name(), exitCode, millis, grace);
			assertThat(exitCode).isEqualTo("143");
		}
	}

	private long peakMemory(Started started) {
		// cgroup v2 names it memory.peak, v1 memory.max_usage_in_bytes
		for (String file : List.of("/sys/fs/cgroup/memory.peak", "/sys/fs/cgroup/memory/memory.max_usage_in_bytes")) {
			ContainerEngine.Result result = engine.execute(List.of("exec", started.id(), "cat", file));
			if (result.exitCode() == 0) {
				return Long.parseLong(result.output().strip());
			}
		}
		throw new IllegalStateException("No memory.peak or memory.max_usage_in_bytes in " + started.id());
	}

	private Optional<String> startedLine(Started started) {
		return engine.run("logs", started.id())
			.lines()
			.filter((line) -> line.contains("Started ") && line.contains(" seconds"))
			.findFirst()
			.map((line) -> line.substring(line.indexOf("Started ")));
	}

	private void awaitReady(Started started, RenderedDeployment deployment) {
		URI uri = URI.create("http://127.0.0.1:" + started.hostPort() + deployment.probe("readinessProbe").path());
		await().atMost(Duration.ofMinutes(3))
			.failFast("the container exited", () -> exited(started))
			.ignoreExceptions()
			.until(() -> get(uri).statusCode() == 200);
	}

	/** Whether a container exited, printing its last log lines if so. */
	private static boolean exited(Started started) {
		if (engine.run("inspect", "--format", "{{.State.Running}}", started.id()).equals("true")) {
			return false;
		}
		System.out
			.println("[containers] " + started.id() + " exited:\n" + engine.run("logs", "--tail", "15", started.id()));
		return true;
	}

	private List<ReceivedSpan> spansOf(String traceId) {
		return receiver.spans().stream().filter((span) -> span.traceId().equals(traceId)).toList();
	}

	private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static URI frontUri(String path) {
		return URI.create("http://127.0.0.1:" + frontContainer.hostPort() + path);
	}

	private static Connection connectToDatabase(Started started) throws SQLException {
		return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + started.hostPort() + "/" + database,
				databaseSecret.get("username"), databaseSecret.get("password"));
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A file the containers' users can read (the key is a test CA's, in a temp dir). */
	private static void writeReadable(Path file, String content) {
		try {
			Files.createDirectories(file.getParent());
			Files.setPosixFilePermissions(file.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
			Files.writeString(file, content);
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static byte[] randomBytes(int count) {
		byte[] bytes = new byte[count];
		ThreadLocalRandom.current().nextBytes(bytes);
		return bytes;
	}

	/** A started container and the loopback port its container port is published on. */
	record Started(String id, int hostPort) {
	}

}
