package com.example.meshtrace.backend.item;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads and writes the {@code items} table.
 */
@Repository
class ItemRepository {

	private final JdbcClient jdbc;

	ItemRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Item insert(String name) {
		return this.jdbc.sql("INSERT INTO items (name) VALUES (:name) RETURNING id, name, created_at")
			.param("name", name)
			.query(ItemRepository::mapRow)
			.single();
	}

	/**
	 * Inserts the item unless a row already holds the key; a concurrent insert with the
	 * same key waits for the other transaction and then finds its row.
	 * @param name the item's name
	 * @param idempotencyKey the client's key
	 * @return the new item, or empty when the key was taken
	 */
	Optional<Item> insertIfKeyIsNew(String name, String idempotencyKey) {
		return this.jdbc.sql("""
				INSERT INTO items (name, idempotency_key) VALUES (:name, :key)
				ON CONFLICT (idempotency_key) DO NOTHING
				RETURNING id, name, created_at""")
			.param("name", name)
			.param("key", idempotencyKey)
			.query(ItemRepository::mapRow)
			.optional();
	}

	Optional<Item> findByIdempotencyKey(String idempotencyKey) {
		return this.jdbc.sql("SELECT id, name, created_at FROM items WHERE idempotency_key = :key")
			.param("key", idempotencyKey)
			.query(ItemRepository::mapRow)
			.optional();
	}

	Optional<Item> findById(long id) {
		return this.jdbc.sql("SELECT id, name, created_at FROM items WHERE id = :id")
			.param("id", id)
			.query(ItemRepository::mapRow)
			.optional();
	}

	/**
	 * Lists items newest first.
	 * @param beforeId only items with a smaller id
	 * @param limit the most items to return
	 * @return at most {@code limit} items
	 */
	List<Item> findNewest(long beforeId, int limit) {
		return this.jdbc
			.sql("SELECT id, name, created_at FROM items WHERE id < :beforeId ORDER BY id DESC LIMIT :limit")
			.param("beforeId", beforeId)
			.param("limit", limit)
			.query(ItemRepository::mapRow)
			.list();
	}

	private static Item mapRow(ResultSet rs, int rowNum) throws SQLException {
		return new Item(rs.getLong("id"), rs.getString("name"), rs.getTimestamp("created_at").toInstant());
	}

}
