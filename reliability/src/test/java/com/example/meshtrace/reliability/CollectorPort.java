package com.example.meshtrace.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.example.meshtrace.localrun.LoopbackPorts;

/**
 * The collector's address as the services see it: a loopback port that forwards to a real
 * OTLP receiver, refuses connections (collector down), or accepts them and never answers
 * (collector black-holed), switchable while the services run.
 */
final class CollectorPort implements AutoCloseable {

	private final int port;

	private final int receiverPort;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private final AtomicLong connections = new AtomicLong();

	private ServerSocket server;

	private Mode mode;

	private CollectorPort(int receiverPort) {
		this.port = LoopbackPorts.free();
		this.receiverPort = receiverPort;
	}

	/**
	 * Opens the port, forwarding.
	 * @param receiverPort where the real receiver listens
	 * @return the open port
	 */
	static CollectorPort forwardingTo(int receiverPort) {
		CollectorPort collector = new CollectorPort(receiverPort);
		collector.switchTo(Mode.FORWARD);
		return collector;
	}

	String endpoint() {
		return "http://127.0.0.1:" + this.port;
	}

	/**
	 * Counts the connections accepted since the start, in any mode.
	 * @return the number of connections
	 */
	long connections() {
		return this.connections.get();
	}

	/**
	 * Drops every open connection and behaves as the mode says from now on.
	 * @param mode how to treat connections
	 */
	synchronized void switchTo(Mode mode) {
		this.mode = mode;
		this.sockets.forEach(CollectorPort::closeQuietly);
		this.sockets.clear();
		if (mode == Mode.DOWN) {
			closeQuietly(this.server);
			this.server = null;
		}
		else if (this.server == null) {
			this.server = listen();
			ServerSocket listening = this.server;
			Thread.ofVirtual().name("collector-accept").start(() -> accept(listening));
		}
	}

	private ServerSocket listen() {
		try {
			ServerSocket socket = new ServerSocket();
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port));
			return socket;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not listen on " + this.port, ex);
		}
	}

	private void accept(ServerSocket listening) {
		while (!listening.isClosed()) {
			try {
				Socket socket = listening.accept();
				this.connections.incrementAndGet();
				handle(socket);
			}
			catch (IOException ex) {
				// Closed by switchTo(DOWN) or close()
			}
		}
	}

	private synchronized void handle(Socket socket) throws IOException {
		this.sockets.add(socket);
		if (this.mode == Mode.FORWARD) {
			Socket receiver = new Socket(InetAddress.getLoopbackAddress(), this.receiverPort);
			this.sockets.add(receiver);
			pump(socket, receiver);
			pump(receiver, socket);
		}
		else {
			// Black hole: read everything, answer nothing, never close
			pump(socket, null);
		}
	}

	private static void pump(Socket from, Socket to) {
		Thread.ofVirtual().name("collector-pump").start(() -> {
			byte[] buffer = new byte[16384];
			try (InputStream in = from.getInputStream()) {
				OutputStream out = (to != null) ? to.getOutputStream() : OutputStream.nullOutputStream();
				for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
					out.write(buffer, 0, n);
					out.flush();
				}
			}
			catch (IOException ex) {
				// The other side or switchTo closed the connection
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
			}
		});
	}

	private static void closeQuietly(AutoCloseable closeable) {
		if (closeable != null) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				// Nothing to do
			}
		}
	}

	@Override
	public synchronized void close() {
		switchTo(Mode.DOWN);
	}

	/**
	 * How the collector behaves.
	 */
	enum Mode {

		/**
		 * Forwards to the real receiver.
		 */
		FORWARD,

		/**
		 * Refuses connections: nothing listens.
		 */
		DOWN,

		/**
		 * Accepts connections, reads what comes and never answers.
		 */
		BLACK_HOLE

	}

}
