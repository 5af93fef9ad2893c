package com.example.meshtrace.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A {@code POST /items} whose body the client holds back: the headers go first with
 * {@code Expect: 100-continue}, and once the server has answered {@code 100 Continue} the
 * request is being processed on a server thread, waiting for its body.
 */
final class HeldRequest implements AutoCloseable {

	private final Socket socket;

	private final byte[] body;

	private HeldRequest(Socket socket, byte[] body) {
		this.socket = socket;
		this.body = body;
	}

	/**
	 * Sends the headers and waits for {@code 100 Continue}.
	 * @param port the server's port on 127.0.0.1
	 * @param key the {@code Idempotency-Key}
	 * @param name the item's name (plain ASCII)
	 * @return the request, in flight
	 * @throws IOException if the server does not answer {@code 100 Continue}
	 */
	static HeldRequest send(int port, String key, String name) throws IOException {
		byte[] body = ("{\"name\":\"" + name + "\"}").getBytes(StandardCharsets.UTF_8);
		Socket socket = new Socket();
		try {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
			socket.setSoTimeout(30_000);
			String head = "POST /items HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n"
					+ "Content-Length: " + body.length + "\r\nIdempotency-Key: " + key + "\r\n"
					+ "Expect: 100-continue\r\nConnection: close\r\n\r\n";
			socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().flush();
			String interim = readHead(socket.getInputStream());
			if (!interim.startsWith("HTTP/1.1 100")) {
				throw new IOException("Expected 100 Continue but got: " + interim);
			}
			return new HeldRequest(socket, body);
		}
		catch (IOException ex) {
			socket.close();
			throw ex;
		}
	}

	/**
	 * Sends the body and reads the whole answer.
	 * @return the status line, headers and body
	 * @throws IOException if the connection fails
	 */
	String complete() throws IOException {
		OutputStream out = this.socket.getOutputStream();
		out.write(this.body);
		out.flush();
		// Connection: close, so the answer ends where the stream ends
		return new String(this.socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
	}

	private static String readHead(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		byte[] end = { '\r', '\n', '\r', '\n' };
		while (matched < end.length) {
			int b = in.read();
			if (b == -1) {
				break;
			}
			head.write(b);
			matched = (b == end[matched]) ? matched + 1 : ((b == '\r') ? 1 : 0);
		}
		return head.toString(StandardCharsets.US_ASCII);
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
