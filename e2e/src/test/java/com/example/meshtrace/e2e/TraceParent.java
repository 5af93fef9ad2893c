package com.example.meshtrace.e2e;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A W3C {@code traceparent} the test sends, as an ingress gateway or another service
 * would, so that it knows the trace id of the request's trace.
 *
 * @param traceId 32 hex digits
 * @param spanId 16 hex digits, the caller's span
 */
record TraceParent(String traceId, String spanId) {

	private static final SecureRandom RANDOM = new SecureRandom();

	static TraceParent random() {
		return new TraceParent(randomHex(16), randomHex(8));
	}

	String header() {
		return "00-" + this.traceId + "-" + this.spanId + "-01";
	}

	private static String randomHex(int bytes) {
		byte[] random = new byte[bytes];
		RANDOM.nextBytes(random);
		return HexFormat.of().formatHex(random);
	}

}
