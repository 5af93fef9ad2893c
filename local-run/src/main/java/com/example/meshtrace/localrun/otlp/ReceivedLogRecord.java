package com.example.meshtrace.localrun.otlp;

import java.util.HexFormat;
import java.util.Map;

import io.opentelemetry.proto.logs.v1.LogRecord;

/**
 * One log record as the receiver got it, with the resource of its batch.
 *
 * @param transport how it arrived
 * @param resource the resource attributes of the exporting service
 * @param scope the instrumentation scope name (the logger name for the Logback appender)
 * @param record the log record itself
 */
public record ReceivedLogRecord(OtlpTransport transport, Map<String, Object> resource, String scope, LogRecord record) {

	public String serviceName() {
		return String.valueOf(this.resource.get("service.name"));
	}

	/**
	 * The trace the record was written in.
	 * @return the id in hex, or an empty string outside a trace
	 */
	public String traceId() {
		return HexFormat.of().formatHex(this.record.getTraceId().toByteArray());
	}

	public String spanId() {
		return HexFormat.of().formatHex(this.record.getSpanId().toByteArray());
	}

	public String body() {
		return String.valueOf(AttributeValues.toJava(this.record.getBody()));
	}

	public String severityText() {
		return this.record.getSeverityText();
	}

	@Override
	public String toString() {
		return serviceName() + " " + severityText() + " [" + scope() + "] " + body() + " trace=" + traceId();
	}

}
