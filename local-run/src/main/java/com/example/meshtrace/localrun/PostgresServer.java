package com.example.meshtrace.localrun;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * A real PostgreSQL server with the database and owner the backend expects: a
 * Testcontainers container where a Docker engine answers, an embedded server otherwise.
 */
public sealed interface PostgresServer extends AutoCloseable permits EmbeddedPostgresServer, ContainerPostgresServer {

	String DATABASE = "mesh_trace";

	String USERNAME = "mesh_trace";

	String PASSWORD = "mesh_trace";

	/**
	 * Starts a server on a free port.
	 * @return the running server
	 */
	static PostgresServer start() {
		return start(0);
	}

	/**
	 * Starts a server.
	 * @param port the port on 127.0.0.1, {@code 0} for a free one
	 * @return the running server
	 */
	static PostgresServer start(int port) {
		Logger logger = LoggerFactory.getLogger(PostgresServer.class);
		PostgresServer server = dockerAvailable() ? ContainerPostgresServer.start(port)
				: EmbeddedPostgresServer.start(port);
		logger.info("PostgreSQL for this run: {} on {}:{}", server.kind(), server.host(), server.port());
		return server;
	}

	private static boolean dockerAvailable() {
		// Testcontainers logs an error when it finds no engine: only ask it where one may
		// be
		if (System.getenv("DOCKER_HOST") == null && !Files.exists(Path.of("/var/run/docker.sock"))) {
			return false;
		}
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/**
	 * Describes which kind of server this is, for logs and test reports.
	 * @return for example {@code embedded PostgreSQL 18.6 (no Docker engine found)}
	 */
	String kind();

	/**
	 * Where the server listens: both kinds publish it on the loopback address only.
	 * @return {@code 127.0.0.1}
	 */
	default String host() {
		return "127.0.0.1";
	}

	int port();

	/**
	 * Stops the server and keeps its data, to simulate an outage.
	 */
	void stop();

	/**
	 * Starts a stopped server again on the same host, port and data.
	 */
	void restart();

	@Override
	void close();

	default String jdbcUrl() {
		return "jdbc:postgresql://" + host() + ":" + port() + "/" + DATABASE;
	}

	/**
	 * The libpq variables the backend reads.
	 * @return {@code PGHOST}, {@code PGPORT}, {@code PGDATABASE}, {@code PGUSER} and
	 * {@code PGPASSWORD}
	 */
	default Map<String, String> libpqEnvironment() {
		return Map.of("PGHOST", host(), "PGPORT", String.valueOf(port()), "PGDATABASE", DATABASE, "PGUSER", USERNAME,
				"PGPASSWORD", PASSWORD);
	}

}
