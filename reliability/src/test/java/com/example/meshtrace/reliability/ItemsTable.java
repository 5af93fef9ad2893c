package com.example.meshtrace.reliability;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.example.meshtrace.localrun.PostgresServer;

/**
 * Reads the {@code items} table directly, to check what a run persisted.
 */
final class ItemsTable {

	private final PostgresServer postgres;

	ItemsTable(PostgresServer postgres) {
		this.postgres = postgres;
	}

	long count() {
		return query("SELECT count(*) FROM items", (rs) -> {
			rs.next();
			return rs.getLong(1);
		});
	}

	long maxId() {
		return query("SELECT coalesce(max(id), 0) FROM items", (rs) -> {
			rs.next();
			return rs.getLong(1);
		});
	}

	/**
	 * Describes the rows written after the given id, for failure messages.
	 * @param id the last id known before
	 * @return one line per row: id, name (cut short), key and time
	 */
	String describeRowsAfter(long id) {
		return query("SELECT id, left(name, 40), idempotency_key, created_at FROM items WHERE id > " + id
				+ " ORDER BY id LIMIT 20", (rs) -> {
					StringBuilder rows = new StringBuilder();
					while (rs.next()) {
						rows.append(System.lineSeparator())
							.append(rs.getLong(1))
							.append(" ")
							.append(rs.getString(2))
							.append(" key=")
							.append(rs.getString(3))
							.append(" at ")
							.append(rs.getTimestamp(4).toInstant());
					}
					return rows.toString();
				});
	}

	/**
	 * Counts rows per idempotency key, for the rows that have one.
	 * @return rows per key
	 */
	Map<String, Integer> rowsPerKey() {
		return query("SELECT idempotency_key, count(*) FROM items WHERE idempotency_key IS NOT NULL GROUP BY 1",
				(rs) -> {
					Map<String, Integer> rows = new HashMap<>();
					while (rs.next()) {
						rows.put(rs.getString(1), rs.getInt(2));
					}
					return rows;
				});
	}

	/**
	 * Lists the ids of the rows whose name starts with the given prefix, by name.
	 * @param namePrefix for example the run's prefix
	 * @return ids in ascending order, by name
	 */
	Map<String, List<Long>> idsByName(String namePrefix) {
		try (Connection connection = connect();
				PreparedStatement statement = connection
					.prepareStatement("SELECT name, id FROM items WHERE starts_with(name, ?) ORDER BY id")) {
			statement.setString(1, namePrefix);
			try (ResultSet rs = statement.executeQuery()) {
				Map<String, List<Long>> ids = new HashMap<>();
				while (rs.next()) {
					ids.computeIfAbsent(rs.getString(1), (name) -> new ArrayList<>()).add(rs.getLong(2));
				}
				return ids;
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not read the rows named " + namePrefix + "...", ex);
		}
	}

	/**
	 * Maps each row's id to its name.
	 * @return names by id
	 */
	Map<Long, String> namesById() {
		return query("SELECT id, name FROM items", (rs) -> {
			Map<Long, String> names = new HashMap<>();
			while (rs.next()) {
				names.put(rs.getLong(1), rs.getString(2));
			}
			return names;
		});
	}

	/**
	 * Inserts rows straight into the table, for cases that need data to read.
	 * @param rows how many
	 */
	void insert(int rows) {
		try (Connection connection = connect();
				PreparedStatement statement = connection.prepareStatement(
						"INSERT INTO items (name) SELECT 'seeded item number ' || n FROM generate_series(1, ?) n")) {
			statement.setInt(1, rows);
			statement.executeUpdate();
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not seed items", ex);
		}
	}

	private <T> T query(String sql, ResultReader<T> reader) {
		try (Connection connection = connect();
				PreparedStatement statement = connection.prepareStatement(sql);
				ResultSet rs = statement.executeQuery()) {
			return reader.read(rs);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not run " + sql, ex);
		}
	}

	private Connection connect() throws SQLException {
		return DriverManager.getConnection(this.postgres.jdbcUrl(), PostgresServer.USERNAME, PostgresServer.PASSWORD);
	}

	@FunctionalInterface
	private interface ResultReader<T> {

		T read(ResultSet rs) throws SQLException;

	}

}
