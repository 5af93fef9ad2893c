package com.example.meshtrace.reliability;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Sends a request byte for byte as written, for what an HTTP client library would
 * normalise (the JDK client turns a non-ASCII header character into {@code ?}).
 */
final class RawHttp {

	private RawHttp() {
	}

	/**
	 * Sends a {@code POST /items} with {@code Connection: close} and reads the answer.
	 * @param port the server's port on 127.0.0.1
	 * @param headers further header lines, each ending with CRLF, sent as ISO-8859-1
	 * @param json the body, sent as UTF-8
	 * @return the answer
	 * @throws IOException if the exchange fails
	 */
	static Answer post(int port, String headers, String json) throws IOException {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		String head = "POST /items HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n"
				+ "Content-Length: " + body.length + "\r\nConnection: close\r\n" + headers + "\r\n";
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(head.getBytes(StandardCharsets.ISO_8859_1));
			out.write(body);
			out.flush();
			String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			int status = Integer.parseInt(answer.substring(9, 12));
			String contentType = answer.lines()
				.takeWhile((line) -> !line.isEmpty())
				.filter((line) -> line.regionMatches(true, 0, "Content-Type:", 0, 13))
				.map((line) -> line.substring(13).strip())
				.findFirst()
				.orElse(null);
			return new Answer(status, contentType, answer);
		}
	}

	/**
	 * An answer.
	 *
	 * @param status the status
	 * @param contentType the {@code Content-Type}, or {@code null}
	 * @param text the whole answer as received
	 */
	record Answer(int status, String contentType, String text) {
	}

}
