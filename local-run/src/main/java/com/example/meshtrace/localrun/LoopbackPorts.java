package com.example.meshtrace.localrun;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Finds free TCP ports on the loopback interface.
 */
public final class LoopbackPorts {

	private LoopbackPorts() {
	}

	/**
	 * Returns a port that was free a moment ago.
	 * @return a free port on 127.0.0.1
	 */
	public static int free() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Tells whether a port can be bound on the loopback interface.
	 * @param port the port
	 * @return {@code true} if nothing listens there
	 */
	public static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
