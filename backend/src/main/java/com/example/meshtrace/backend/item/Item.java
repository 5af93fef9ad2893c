package com.example.meshtrace.backend.item;

import java.time.Instant;

/**
 * A stored item, as the API returns it.
 *
 * @param id the identifier PostgreSQL assigned
 * @param name the name the client gave
 * @param createdAt when the row was written
 */
record Item(long id, String name, Instant createdAt) {
}
