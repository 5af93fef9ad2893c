package com.example.meshtrace.support.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import com.example.meshtrace.support.web.echo.EchoApplication;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests that Tomcat itself finds malformed are answered 400 problem+json.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = EchoApplication.class)
class ContainerErrorsIntegrationTests {

	@LocalServerPort
	private int port;

	@ParameterizedTest
	@ValueSource(
			strings = { "/echo/1%00", "/echo/a%2Fb", "/echo/1?limit[]=2", "/echo/1?limit=%FF", "/echo/1?x=%C0%AF" })
	void answersMalformedRequestsWithBadRequestProblem(String target) throws IOException {
		String response = send("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

		assertThat(response).startsWith("HTTP/1.1 400");
		assertThat(response).containsIgnoringCase("Content-Type: application/problem+json");
		assertThat(response).contains("\"status\":400").doesNotContain("<html", "Exception");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/echo/1", "/echo/1?limit=5" })
	void leavesWellFormedRequestsAlone(String target) throws IOException {
		String response = send("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

		assertThat(response).startsWith("HTTP/1.1 200");
	}

	private String send(String request) throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
