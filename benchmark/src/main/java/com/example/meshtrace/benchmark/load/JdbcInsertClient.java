package com.example.meshtrace.benchmark.load;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The statement backend runs for {@code POST /items} without an {@code Idempotency-Key},
 * sent straight to PostgreSQL on one JDBC connection: the floor under backend's insert
 * throughput.
 */
public final class JdbcInsertClient implements Client {

	/** Backend's {@code ItemRepository.insert}, with JDBC's placeholder. */
	static final String INSERT = "INSERT INTO items (name) VALUES (?) RETURNING id, name, created_at";

	private final Connection connection;

	private final PreparedStatement insert;

	private final int worker;

	private JdbcInsertClient(Connection connection, int worker) throws SQLException {
		this.connection = connection;
		this.insert = connection.prepareStatement(INSERT);
		this.worker = worker;
	}

	/**
	 * Opens one connection per worker, in auto-commit mode as backend's pool hands them
	 * out.
	 * @param jdbcUrl the database
	 * @param username the user
	 * @param password the password
	 * @return the factory
	 */
	public static Client.Factory factory(String jdbcUrl, String username, String password) {
		return (worker) -> new JdbcInsertClient(DriverManager.getConnection(jdbcUrl, username, password), worker);
	}

	/**
	 * Inserts one row and reads it back as backend maps it.
	 * @return {@code 201}, the status backend answers for the same insert
	 */
	@Override
	public int send(long sequence) throws SQLException {
		this.insert.setString(1, "bench-jdbc-" + this.worker + "-" + sequence);
		try (ResultSet row = this.insert.executeQuery()) {
			if (!row.next() || row.getLong("id") <= 0 || row.getString("name") == null
					|| row.getTimestamp("created_at") == null) {
				throw new SQLException("INSERT ... RETURNING returned no row");
			}
		}
		return 201;
	}

	@Override
	public void close() throws SQLException {
		this.connection.close();
	}

}
