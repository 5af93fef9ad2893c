package com.example.meshtrace.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A collector that hangs: it accepts connections on 127.0.0.1 and never answers, so every
 * export waits for the exporter's timeout.
 */
final class SilentCollector implements AutoCloseable {

	private static final int MAX_CONNECTIONS = 1000;

	private final ServerSocket serverSocket;

	private final List<Socket> connections = new CopyOnWriteArrayList<>();

	private SilentCollector(ServerSocket serverSocket) {
		this.serverSocket = serverSocket;
	}

	static SilentCollector start() {
		try {
			SilentCollector collector = new SilentCollector(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
			Thread.ofPlatform().daemon().name("silent-collector").start(collector::acceptUntilClosed);
			return collector;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void acceptUntilClosed() {
		while (!this.serverSocket.isClosed() && this.connections.size() < MAX_CONNECTIONS) {
			try {
				this.connections.add(this.serverSocket.accept());
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	String endpoint() {
		return "http://127.0.0.1:" + this.serverSocket.getLocalPort();
	}

	int connectionCount() {
		return this.connections.size();
	}

	@Override
	public void close() {
		try {
			this.serverSocket.close();
			for (Socket connection : this.connections) {
				connection.close();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
