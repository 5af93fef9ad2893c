package com.example.meshtrace.localrun.otlp;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;

/**
 * Serves {@code POST /v1/traces}, {@code /v1/logs} and {@code /v1/metrics} with
 * {@code application/x-protobuf} bodies, as a collector's OTLP/HTTP receiver does.
 */
final class HttpOtlpHandler implements HttpHandler {

	static final String TRACES = "/v1/traces";

	static final String LOGS = "/v1/logs";

	static final String METRICS = "/v1/metrics";

	private static final String PROTOBUF = "application/x-protobuf";

	private final ReceivedTelemetry telemetry;

	HttpOtlpHandler(ReceivedTelemetry telemetry) {
		this.telemetry = telemetry;
	}

	@Override
	public void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			if (!"POST".equals(exchange.getRequestMethod())) {
				exchange.sendResponseHeaders(405, -1);
				return;
			}
			String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
			if (contentType == null || !contentType.startsWith(PROTOBUF)) {
				exchange.sendResponseHeaders(415, -1);
				return;
			}
			byte[] body = readBody(exchange);
			MessageLite response;
			try {
				response = accept(exchange.getHttpContext().getPath(), body);
			}
			catch (InvalidProtocolBufferException ex) {
				exchange.sendResponseHeaders(400, -1);
				return;
			}
			byte[] bytes = response.toByteArray();
			exchange.getResponseHeaders().set("Content-Type", PROTOBUF);
			exchange.sendResponseHeaders(200, (bytes.length != 0) ? bytes.length : -1);
			if (bytes.length != 0) {
				exchange.getResponseBody().write(bytes);
			}
		}
	}

	private MessageLite accept(String path, byte[] body) throws InvalidProtocolBufferException {
		return switch (path) {
			case TRACES -> {
				this.telemetry.accept(OtlpTransport.HTTP_PROTOBUF, ExportTraceServiceRequest.parseFrom(body));
				yield ExportTraceServiceResponse.getDefaultInstance();
			}
			case LOGS -> {
				this.telemetry.accept(OtlpTransport.HTTP_PROTOBUF, ExportLogsServiceRequest.parseFrom(body));
				yield ExportLogsServiceResponse.getDefaultInstance();
			}
			case METRICS -> {
				this.telemetry.accept(OtlpTransport.HTTP_PROTOBUF, ExportMetricsServiceRequest.parseFrom(body));
				yield ExportMetricsServiceResponse.getDefaultInstance();
			}
			default -> throw new IllegalArgumentException("Not an OTLP path: " + path);
		};
	}

	private static byte[] readBody(HttpExchange exchange) throws IOException {
		boolean gzip = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"));
		try (InputStream in = gzip ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
			return in.readAllBytes();
		}
	}

}
