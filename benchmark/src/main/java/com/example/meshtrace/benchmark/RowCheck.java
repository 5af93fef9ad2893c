package com.example.meshtrace.benchmark;

/**
 * Whether every {@code 201} answered (or row inserted over JDBC) is a row, and no more.
 *
 * @param when after which phases the rows were counted
 * @param created {@code 201} answers (and JDBC inserts) so far
 * @param rows {@code select count(*) from items}
 */
record RowCheck(String when, long created, long rows) {

	boolean matches() {
		return this.created == this.rows;
	}

}
