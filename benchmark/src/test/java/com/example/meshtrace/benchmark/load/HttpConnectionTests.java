package com.example.meshtrace.benchmark.load;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

class HttpConnectionTests {

	@Test
	void readsFixedLengthAndChunkedAnswersOnOneConnection() throws Exception {
		List<String> answers = List.of(
				"HTTP/1.1 201 \r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"id\":1234}",
				"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\n[{}]\r\n2\r\n[]\r\n0\r\nX-Trailer: 1\r\n\r\n",
				"HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\n\r\n");
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			CompletableFuture<List<String>> requests = CompletableFuture.supplyAsync(() -> serve(server, answers));
			try (HttpConnection connection = HttpConnection.open(server.getLocalPort(), Duration.ofSeconds(5))) {
				byte[] post = HttpConnection.request("POST", "/items", server.getLocalPort(), "{\"name\":\"ä\"}");
				byte[] get = HttpConnection.request("GET", "/items?limit=20", server.getLocalPort(), null);
				assertThat(connection.exchange(post)).isEqualTo(201);
				assertThat(connection.exchange(get)).isEqualTo(200);
				assertThat(connection.exchange(get)).isEqualTo(503);
				assertThat(connection.isOpen()).isTrue();
			}
			assertThat(requests.get()).containsExactly(
					"POST /items HTTP/1.1\r\nHost: 127.0.0.1:" + server.getLocalPort()
							+ "\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{\"name\":\"ä\"}",
					"GET /items?limit=20 HTTP/1.1\r\nHost: 127.0.0.1:" + server.getLocalPort() + "\r\n\r\n",
					"GET /items?limit=20 HTTP/1.1\r\nHost: 127.0.0.1:" + server.getLocalPort() + "\r\n\r\n");
		}
	}

	@Test
	void closesAfterConnectionCloseAndFailsOnTruncatedBody() throws Exception {
		List<String> answers = List.of("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\n[]");
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			CompletableFuture.runAsync(() -> serve(server, answers));
			try (HttpConnection connection = HttpConnection.open(server.getLocalPort(), Duration.ofSeconds(5))) {
				assertThat(connection.exchange(HttpConnection.request("GET", "/", 1, null))).isEqualTo(200);
				assertThat(connection.isOpen()).isFalse();
				assertThatIOException()
					.isThrownBy(() -> connection.exchange(HttpConnection.request("GET", "/", 1, null)));
			}
		}
		List<String> truncated = List.of("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n[]");
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			CompletableFuture.runAsync(() -> serve(server, truncated));
			try (HttpConnection connection = HttpConnection.open(server.getLocalPort(), Duration.ofSeconds(5))) {
				assertThatIOException()
					.isThrownBy(() -> connection.exchange(HttpConnection.request("GET", "/", 1, null)))
					.withMessageContaining("body bytes missing");
			}
		}
	}

	/**
	 * Answers each request in turn on one accepted connection, then closes it.
	 */
	private static List<String> serve(ServerSocket server, List<String> answers) {
		try (Socket socket = server.accept()) {
			InputStream in = socket.getInputStream();
			OutputStream out = socket.getOutputStream();
			List<String> requests = new java.util.ArrayList<>();
			for (String answer : answers) {
				requests.add(readRequest(in));
				out.write(answer.getBytes(StandardCharsets.UTF_8));
				out.flush();
			}
			return requests;
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static String readRequest(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		while (!head.toString(StandardCharsets.UTF_8).endsWith("\r\n\r\n")) {
			head.write(in.read());
		}
		String text = head.toString(StandardCharsets.UTF_8);
		int length = text.lines()
			.filter((line) -> line.startsWith("Content-Length: "))
			.mapToInt((line) -> Integer.parseInt(line.substring(16)))
			.findFirst()
			.orElse(0);
		return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
	}

}
