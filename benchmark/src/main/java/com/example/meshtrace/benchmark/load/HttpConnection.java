package com.example.meshtrace.benchmark.load;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * One persistent HTTP/1.1 connection that sends a request and reads the whole response,
 * keeping only the status: as little client work per request as a load tool such as wrk
 * does, so that the two cores go to the services under test.
 */
public final class HttpConnection implements Closeable {

	private static final int MAX_LINE = 8192;

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	private final StringBuilder line = new StringBuilder(128);

	private boolean open = true;

	private HttpConnection(Socket socket) throws IOException {
		this.socket = socket;
		this.in = new BufferedInputStream(socket.getInputStream(), 16384);
		this.out = new BufferedOutputStream(socket.getOutputStream(), 4096);
	}

	/**
	 * Opens a connection.
	 * @param port the port on 127.0.0.1
	 * @param timeout connect timeout and the longest wait for any read
	 * @return the open connection
	 * @throws IOException if it cannot connect
	 */
	public static HttpConnection open(int port, Duration timeout) throws IOException {
		Socket socket = new Socket();
		try {
			socket.setTcpNoDelay(true);
			socket.setSoTimeout((int) timeout.toMillis());
			socket.connect(new InetSocketAddress("127.0.0.1", port), (int) timeout.toMillis());
			return new HttpConnection(socket);
		}
		catch (IOException ex) {
			socket.close();
			throw ex;
		}
	}

	/**
	 * Sends one request and reads the response to its end.
	 * @param request the complete request: request line, headers, blank line and body
	 * @return the response status
	 * @throws IOException on any socket error or a malformed response
	 */
	public int exchange(byte[] request) throws IOException {
		if (!this.open) {
			throw new IOException("Connection closed by the server after the previous response");
		}
		this.out.write(request);
		this.out.flush();
		int status = parseStatus(readLine());
		long contentLength = -1;
		boolean chunked = false;
		for (String header = readLine(); !header.isEmpty(); header = readLine()) {
			int colon = header.indexOf(':');
			if (colon < 0) {
				throw new IOException("Malformed header: " + header);
			}
			String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
			String value = header.substring(colon + 1).trim();
			switch (name) {
				case "content-length" -> contentLength = Long.parseLong(value);
				case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
				case "connection" -> this.open = !value.equalsIgnoreCase("close");
				default -> {
				}
			}
		}
		if (chunked) {
			skipChunks();
		}
		else if (contentLength >= 0) {
			skip(contentLength);
		}
		else if (status >= 200 && status != 204 && status != 304) {
			// No length: the body ends when the server closes the connection
			while (this.in.read() != -1) {
				// drain
			}
			this.open = false;
		}
		return status;
	}

	/**
	 * Tells whether the next {@link #exchange(byte[])} can use this connection.
	 * @return {@code false} once the server asked to close it
	 */
	public boolean isOpen() {
		return this.open;
	}

	@Override
	public void close() throws IOException {
		this.open = false;
		this.socket.close();
	}

	private static int parseStatus(String statusLine) throws IOException {
		// HTTP/1.1 201 Created (the reason phrase is optional)
		if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
			throw new IOException("Malformed status line: " + statusLine);
		}
		try {
			return Integer.parseInt(statusLine.substring(9, 12));
		}
		catch (NumberFormatException ex) {
			throw new IOException("Malformed status line: " + statusLine, ex);
		}
	}

	private void skipChunks() throws IOException {
		while (true) {
			String sizeLine = readLine();
			int extension = sizeLine.indexOf(';');
			String size = ((extension >= 0) ? sizeLine.substring(0, extension) : sizeLine).trim();
			long length;
			try {
				length = Long.parseLong(size, 16);
			}
			catch (NumberFormatException ex) {
				throw new IOException("Malformed chunk size: " + sizeLine, ex);
			}
			if (length == 0) {
				// Trailers, if any, up to the blank line
				while (!readLine().isEmpty()) {
					// skip
				}
				return;
			}
			skip(length);
			if (!readLine().isEmpty()) {
				throw new IOException("Chunk not followed by CRLF");
			}
		}
	}

	private void skip(long length) throws IOException {
		long remaining = length;
		while (remaining > 0) {
			long skipped = this.in.skip(remaining);
			if (skipped <= 0) {
				if (this.in.read() == -1) {
					throw new EOFException("Connection closed with " + remaining + " body bytes missing");
				}
				skipped = 1;
			}
			remaining -= skipped;
		}
	}

	private String readLine() throws IOException {
		this.line.setLength(0);
		while (true) {
			int b = this.in.read();
			if (b == -1) {
				throw new EOFException("Connection closed by the server");
			}
			if (b == '\n') {
				int length = this.line.length();
				if (length > 0 && this.line.charAt(length - 1) == '\r') {
					this.line.setLength(length - 1);
				}
				return this.line.toString();
			}
			if (this.line.length() == MAX_LINE) {
				throw new IOException("Line longer than " + MAX_LINE + " bytes");
			}
			this.line.append((char) b);
		}
	}

	/**
	 * Builds request bytes.
	 * @param method {@code GET} or {@code POST}
	 * @param target path and query
	 * @param port the port, for the {@code Host} header
	 * @param jsonBody the body, or {@code null} for none
	 * @return the request
	 */
	public static byte[] request(String method, String target, int port, String jsonBody) {
		StringBuilder request = new StringBuilder(160).append(method)
			.append(' ')
			.append(target)
			.append(" HTTP/1.1\r\nHost: 127.0.0.1:")
			.append(port)
			.append("\r\n");
		if (jsonBody == null) {
			return request.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
		}
		byte[] body = jsonBody.getBytes(StandardCharsets.UTF_8);
		byte[] head = request.append("Content-Type: application/json\r\nContent-Length: ")
			.append(body.length)
			.append("\r\n\r\n")
			.toString()
			.getBytes(StandardCharsets.US_ASCII);
		byte[] whole = new byte[head.length + body.length];
		System.arraycopy(head, 0, whole, 0, head.length);
		System.arraycopy(body, 0, whole, head.length, body.length);
		return whole;
	}

}
