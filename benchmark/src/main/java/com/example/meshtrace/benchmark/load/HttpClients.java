package com.example.meshtrace.benchmark.load;

import java.io.IOException;
import java.time.Duration;
import java.util.function.LongFunction;

/**
 * Clients for the {@code /items} API, each on one keep-alive connection.
 */
public final class HttpClients {

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	private HttpClients() {
	}

	/**
	 * {@code POST /items} with a distinct name per request.
	 * @param port the service's port on 127.0.0.1
	 * @return the factory
	 */
	public static Client.Factory createItems(int port) {
		return (worker) -> new KeepAliveClient(port, (sequence) -> HttpConnection.request("POST", "/items", port,
				"{\"name\":\"bench-" + worker + "-" + sequence + "\"}"));
	}

	/**
	 * {@code GET /items?limit=...}: the newest items, one page.
	 * @param port the service's port on 127.0.0.1
	 * @param limit the page size
	 * @return the factory
	 */
	public static Client.Factory listItems(int port, int limit) {
		byte[] request = HttpConnection.request("GET", "/items?limit=" + limit, port, null);
		return (worker) -> new KeepAliveClient(port, (sequence) -> request);
	}

	/**
	 * Sends on one connection and opens a new one only when the server closed it after a
	 * complete answer; an error is the worker's to count.
	 */
	private static final class KeepAliveClient implements Client {

		private final int port;

		private final LongFunction<byte[]> requests;

		private HttpConnection connection;

		KeepAliveClient(int port, LongFunction<byte[]> requests) throws IOException {
			this.port = port;
			this.requests = requests;
			this.connection = HttpConnection.open(port, TIMEOUT);
		}

		@Override
		public int send(long sequence) throws IOException {
			if (!this.connection.isOpen()) {
				this.connection.close();
				this.connection = HttpConnection.open(this.port, TIMEOUT);
			}
			return this.connection.exchange(this.requests.apply(sequence));
		}

		@Override
		public void close() throws IOException {
			this.connection.close();
		}

	}

}
