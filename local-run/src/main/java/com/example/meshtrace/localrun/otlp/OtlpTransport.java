package com.example.meshtrace.localrun.otlp;

/**
 * The two OTLP transports an exporter can use ({@code OTEL_EXPORTER_OTLP_PROTOCOL}).
 */
public enum OtlpTransport {

	/**
	 * {@code grpc}, the platform collector's protocol (port 4317).
	 */
	GRPC,

	/**
	 * {@code http/protobuf}, the starter's default (port 4318, paths {@code /v1/...}).
	 */
	HTTP_PROTOBUF

}
