package com.example.meshtrace.front.item;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;

/**
 * Stands in for backend where a real one cannot show the behaviour under test: a chosen
 * status, a slow answer. Records what front sent.
 */
class StubBackend implements AutoCloseable {

	private final HttpServer server;

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private volatile Answer answer = new Answer(200, "application/json", "[]", new Headers(), 0);

	StubBackend() {
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		this.server.createContext("/", (exchange) -> {
			byte[] body = exchange.getRequestBody().readAllBytes();
			this.received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
					exchange.getRequestHeaders(), new String(body)));
			Answer current = this.answer;
			if (current.delayMillis() > 0) {
				try {
					Thread.sleep(current.delayMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			exchange.getResponseHeaders().putAll(current.headers());
			exchange.getResponseHeaders().set("Content-Type", current.contentType());
			byte[] bytes = current.body().getBytes();
			exchange.sendResponseHeaders(current.status(), (bytes.length > 0) ? bytes.length : -1);
			exchange.getResponseBody().write(bytes);
			exchange.close();
		});
		this.server.start();
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	void answer(Answer answer) {
		this.answer = answer;
	}

	List<Received> received() {
		return List.copyOf(this.received);
	}

	void reset() {
		this.received.clear();
		this.answer = new Answer(200, "application/json", "[]", new Headers(), 0);
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	record Answer(int status, String contentType, String body, Headers headers, long delayMillis) {
	}

	record Received(String method, String uri, Headers headers, String body) {
	}

}
