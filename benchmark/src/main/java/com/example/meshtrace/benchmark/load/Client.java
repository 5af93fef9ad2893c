package com.example.meshtrace.benchmark.load;

/**
 * What one load worker uses to send requests one after the other: a connection of its
 * own, opened by a {@link Factory}.
 */
public interface Client extends AutoCloseable {

	/**
	 * Sends one request and waits for the whole answer.
	 * @param sequence a number unique within the phase, for request bodies
	 * @return the HTTP status of the answer
	 * @throws Exception on a socket or database error; the worker then opens a new client
	 */
	int send(long sequence) throws Exception;

	/**
	 * Opens one client per worker.
	 */
	@FunctionalInterface
	interface Factory {

		/**
		 * Opens a client.
		 * @param worker the worker's number, from {@code 0}
		 * @return the open client
		 * @throws Exception if it cannot connect
		 */
		Client open(int worker) throws Exception;

	}

}
