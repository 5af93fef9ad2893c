package com.example.meshtrace.front.item;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for a backend that is shutting down: it answers the first request on each
 * connection and keeps the connection alive, then closes that connection when the next
 * request arrives on it, without a byte of an answer: closed, or reset as a server resets
 * a connection it closes with bytes of a request unread. Records every request it read.
 */
class ClosingBackend implements AutoCloseable {

	private final ServerSocket server;

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private final Thread acceptor;

	private volatile Ending ending = Ending.CLOSE;

	ClosingBackend() {
		try {
			this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.acceptor = Thread.ofVirtual().start(this::accept);
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getLocalPort();
	}

	/**
	 * Every request read, the ones closed unanswered included.
	 * @return the requests in the order they arrived
	 */
	List<Received> received() {
		return List.copyOf(this.received);
	}

	void reset() {
		this.received.clear();
	}

	void endConnectionsWith(Ending ending) {
		this.ending = ending;
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket socket = this.server.accept();
				Thread.ofVirtual().start(() -> serve(socket));
			}
			catch (IOException ex) {
				// closed
			}
		}
	}

	private void serve(Socket socket) {
		try (socket) {
			BufferedReader in = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
			for (int answered = 0;; answered++) {
				String requestLine = in.readLine();
				if (requestLine == null || requestLine.isEmpty()) {
					return;
				}
				String key = null;
				int contentLength = 0;
				for (String header = in.readLine(); header != null && !header.isEmpty(); header = in.readLine()) {
					String name = header.substring(0, header.indexOf(':')).toLowerCase(Locale.ROOT);
					String value = header.substring(header.indexOf(':') + 1).strip();
					if (name.equals("content-length")) {
						contentLength = Integer.parseInt(value);
					}
					else if (name.equals("idempotency-key")) {
						key = value;
					}
				}
				in.skip(contentLength);
				String[] parts = requestLine.split(" ");
				this.received.add(new Received(parts[0], parts[1], key, answered == 0));
				if (answered > 0) {
					if (this.ending == Ending.RESET) {
						socket.setSoLinger(true, 0);
					}
					return;
				}
				String status = parts[0].equals("POST") ? "201 Created" : "200 OK";
				String body = parts[0].equals("POST") ? "{\"id\":1,\"name\":\"x\"}" : "[]";
				socket.getOutputStream()
					.write(("HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: "
							+ body.length() + "\r\n\r\n" + body)
						.getBytes(StandardCharsets.ISO_8859_1));
				socket.getOutputStream().flush();
			}
		}
		catch (IOException ex) {
			// front went away
		}
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		this.acceptor.interrupt();
	}

	/**
	 * How the stub ends a connection without answering.
	 */
	enum Ending {

		/** Closes it: front reads the end of the stream. */
		CLOSE,

		/** Resets it: front's read or write fails with {@code Connection reset}. */
		RESET

	}

	/**
	 * A request as the stub read it.
	 *
	 * @param method the method
	 * @param path the path and query
	 * @param idempotencyKey the {@code Idempotency-Key}, or {@code null}
	 * @param answered whether the stub answered it (the first on its connection)
	 */
	record Received(String method, String path, String idempotencyKey, boolean answered) {
	}

}
