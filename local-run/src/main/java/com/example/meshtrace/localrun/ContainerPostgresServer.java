package com.example.meshtrace.localrun;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.DockerClient;
import org.rnorth.ducttape.unreliables.Unreliables;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * PostgreSQL in a Testcontainers container, used where a Docker engine answers.
 * <p>
 * The image is the official {@code postgres:18-alpine} unless
 * {@code MESH_TRACE_POSTGRES_IMAGE} names another one that keeps its contract (the
 * {@code POSTGRES_*} variables and its readiness log lines), such as the Debian stand-in
 * that {@code containers/with-podman-api} builds where no registry is reachable.
 */
final class ContainerPostgresServer implements PostgresServer {

	static final String IMAGE_VARIABLE = "MESH_TRACE_POSTGRES_IMAGE";

	private static final String DEFAULT_IMAGE = "postgres:18-alpine";

	private final PostgreSQLContainer container;

	private final String image;

	private final int port;

	private ContainerPostgresServer(PostgreSQLContainer container, String image, int port) {
		this.container = container;
		this.image = image;
		this.port = port;
	}

	static ContainerPostgresServer start(int port) {
		String image = System.getenv().getOrDefault(IMAGE_VARIABLE, DEFAULT_IMAGE);
		int hostPort = (port != 0) ? port : LoopbackPorts.free();
		PostgreSQLContainer container = new PostgreSQLContainer(
				DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"))
			.withDatabaseName(DATABASE)
			.withUsername(USERNAME)
			.withPassword(PASSWORD);
		// A fixed host port, so that a container stopped and started again (an outage) is
		// reached where it was: a port the engine picks would change on every start
		container.setPortBindings(List.of("127.0.0.1:" + hostPort + ":" + PostgreSQLContainer.POSTGRESQL_PORT));
		container.start();
		return new ContainerPostgresServer(container, image, hostPort);
	}

	@Override
	public String kind() {
		return "Testcontainers PostgreSQL (" + this.image + ")";
	}

	@Override
	public int port() {
		return this.port;
	}

	@Override
	public synchronized void stop() {
		if (running()) {
			// The server shuts down: clients are refused, not left hanging, and the data
			// stays in the container
			docker().stopContainerCmd(this.container.getContainerId()).withTimeout(30).exec();
		}
	}

	@Override
	public synchronized void restart() {
		if (!running()) {
			docker().startContainerCmd(this.container.getContainerId()).exec();
			// The log still holds the first start's readiness lines: ask the server
			// itself
			Unreliables.retryUntilSuccess(60, TimeUnit.SECONDS, this::connect);
		}
	}

	private boolean running() {
		Boolean running = docker().inspectContainerCmd(this.container.getContainerId()).exec().getState().getRunning();
		return Boolean.TRUE.equals(running);
	}

	private boolean connect() throws Exception {
		try (Connection connection = DriverManager.getConnection(jdbcUrl(), USERNAME, PASSWORD)) {
			return connection.isValid(5);
		}
	}

	private DockerClient docker() {
		return this.container.getDockerClient();
	}

	@Override
	public synchronized void close() {
		this.container.stop();
	}

}
