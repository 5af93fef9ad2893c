package com.example.meshtrace.support.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import com.example.meshtrace.support.web.echo.EchoApplication;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.http11.Http11NioProtocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request that arrives on a kept-alive connection once graceful shutdown has paused the
 * connector is not answered: its connection is closed, whether the pause came before
 * Tomcat read the request or while it read it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		classes = { EchoApplication.class, PausedConnectorIntegrationTests.PausableProtocolConfiguration.class })
class PausedConnectorIntegrationTests {

	private static final byte[] REQUEST = "GET /echo/1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
		.getBytes(StandardCharsets.ISO_8859_1);

	@Autowired
	private WebServerApplicationContext context;

	@AfterEach
	void resume() {
		connector().resume();
		protocol().resumeAtOnce();
	}

	@Test
	void closesAKeptAliveConnectionUnansweredWhenTheConnectorIsPaused() throws IOException {
		try (Socket socket = keptAliveConnection()) {
			connector().pause();

			assertThat(sendAgain(socket)).as("answer after the pause").isEmpty();
		}
	}

	@Test
	void closesTheConnectionUnansweredWhenThePauseLandsWhileTomcatReadsTheRequest() throws IOException {
		try (Socket socket = keptAliveConnection()) {
			protocol().pauseAfterNextCheck();

			assertThat(sendAgain(socket)).as("answer after the pause").isEmpty();
			assertThat(protocol().checksSincePause()).as("checks for a pause after the first").isPositive();
		}
	}

	private Socket keptAliveConnection() throws IOException {
		Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.context.getWebServer().getPort());
		socket.setSoTimeout(5000);
		send(socket);
		assertThat(readAnswer(socket.getInputStream())).startsWith("HTTP/1.1 200").endsWith("\r\n\r\n1:null");
		return socket;
	}

	private static String sendAgain(Socket socket) throws IOException {
		send(socket);
		return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
	}

	private static void send(Socket socket) throws IOException {
		OutputStream out = socket.getOutputStream();
		out.write(REQUEST);
		out.flush();
	}

	/**
	 * Reads the answer to {@code GET /echo/1}, whose body is {@code 1:null}, and leaves
	 * the connection open.
	 */
	private static String readAnswer(InputStream in) throws IOException {
		StringBuilder answer = new StringBuilder();
		int b;
		while (!answer.toString().endsWith("\r\n\r\n1:null") && (b = in.read()) >= 0) {
			answer.append((char) b);
		}
		return answer.toString();
	}

	private Connector connector() {
		return ((TomcatWebServer) this.context.getWebServer()).getTomcat().getConnector();
	}

	private PausableProtocol protocol() {
		return (PausableProtocol) connector().getProtocolHandler();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class PausableProtocolConfiguration {

		@Bean
		WebServerFactoryCustomizer<TomcatServletWebServerFactory> pausableProtocol() {
			return (factory) -> factory.setProtocol(PausableProtocol.class.getName());
		}

	}

	/**
	 * Tomcat's HTTP/1.1 protocol that can report itself paused from its second check on:
	 * the processor checks once before it reads a request and once after the request
	 * line, so the pause lands between the two, as graceful shutdown's pause can.
	 */
	public static class PausableProtocol extends Http11NioProtocol {

		private final AtomicInteger checksUntilPaused = new AtomicInteger(Integer.MIN_VALUE);

		private final AtomicInteger checksSincePause = new AtomicInteger();

		void pauseAfterNextCheck() {
			this.checksSincePause.set(0);
			this.checksUntilPaused.set(1);
		}

		void resumeAtOnce() {
			this.checksUntilPaused.set(Integer.MIN_VALUE);
		}

		int checksSincePause() {
			return this.checksSincePause.get();
		}

		@Override
		public boolean isPaused() {
			int before = this.checksUntilPaused.getAndUpdate((n) -> (n > 0) ? n - 1 : n);
			if (before == 0) {
				this.checksSincePause.incrementAndGet();
				return true;
			}
			return super.isPaused();
		}

	}

}
