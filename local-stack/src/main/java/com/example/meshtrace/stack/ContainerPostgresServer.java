package com.example.meshtrace.stack;

import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * PostgreSQL in a Testcontainers container, used where a Docker engine answers.
 */
final class ContainerPostgresServer implements PostgresServer {

	private static final String IMAGE = "postgres:18-alpine";

	private final PostgreSQLContainer container;

	private ContainerPostgresServer(PostgreSQLContainer container) {
		this.container = container;
	}

	static ContainerPostgresServer start() {
		PostgreSQLContainer container = new PostgreSQLContainer(IMAGE).withDatabaseName(DATABASE)
			.withUsername(USERNAME)
			.withPassword(PASSWORD);
		container.start();
		return new ContainerPostgresServer(container);
	}

	@Override
	public String kind() {
		return "Testcontainers PostgreSQL (" + IMAGE + ")";
	}

	@Override
	public String host() {
		return this.container.getHost();
	}

	@Override
	public int port() {
		return this.container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT);
	}

	@Override
	public void stop() {
		// Pausing keeps the mapped port, which a stop and start would change
		this.container.getDockerClient().pauseContainerCmd(this.container.getContainerId()).exec();
	}

	@Override
	public void restart() {
		this.container.getDockerClient().unpauseContainerCmd(this.container.getContainerId()).exec();
	}

	@Override
	public void close() {
		this.container.stop();
	}

}
