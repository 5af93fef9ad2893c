package com.example.meshtrace.localrun;

import java.net.ConnectException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The outage the reliability tests simulate, on whichever server this machine runs (a
 * container where a Docker engine answers, embedded otherwise): a stopped server refuses
 * connections, and a restarted one is back on the same port with the same data.
 */
class PostgresServerIntegrationTests {

	private static PostgresServer postgres;

	@BeforeAll
	static void startServer() {
		postgres = PostgresServer.start();
	}

	@AfterAll
	static void closeServer() {
		postgres.close();
	}

	@Test
	void stoppedServerRefusesConnectionsAndRestartsOnSamePortWithSameData() throws SQLException {
		int port = postgres.port();
		execute("CREATE TABLE outage_probe (name text)", "INSERT INTO outage_probe VALUES ('before outage')");

		postgres.stop();

		assertThatExceptionOfType(SQLException.class).isThrownBy(this::connect)
			.havingRootCause()
			.isInstanceOf(ConnectException.class);

		postgres.restart();

		assertThat(postgres.port()).isEqualTo(port);
		assertThat(names()).containsExactly("before outage");
	}

	@Test
	void restartOfRunningServerAndSecondStopChangeNothing() throws SQLException {
		postgres.restart();
		assertThat(acceptsConnections()).isTrue();

		postgres.stop();
		postgres.stop();
		postgres.restart();

		assertThat(acceptsConnections()).isTrue();
	}

	private boolean acceptsConnections() throws SQLException {
		try (Connection connection = connect()) {
			return connection.isValid(5);
		}
	}

	private Connection connect() throws SQLException {
		// Bounded, so that a server that hangs (a paused container) fails the test
		// instead
		return DriverManager.getConnection(postgres.jdbcUrl() + "?connectTimeout=5&loginTimeout=10&socketTimeout=10",
				PostgresServer.USERNAME, PostgresServer.PASSWORD);
	}

	private void execute(String... statements) throws SQLException {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
	}

	private List<String> names() throws SQLException {
		List<String> names = new ArrayList<>();
		try (Connection connection = connect();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT name FROM outage_probe")) {
			while (rows.next()) {
				names.add(rows.getString(1));
			}
		}
		return names;
	}

}
