package com.example.meshtrace.localrun.otlp;

import java.util.HexFormat;
import java.util.Map;

import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;

/**
 * One span as the receiver got it, with the resource and scope of its batch.
 *
 * @param transport how it arrived
 * @param resource the resource attributes of the exporting service
 * @param scope the instrumentation scope name
 * @param span the span itself
 */
public record ReceivedSpan(OtlpTransport transport, Map<String, Object> resource, String scope, Span span) {

	public String serviceName() {
		return String.valueOf(this.resource.get("service.name"));
	}

	public String name() {
		return this.span.getName();
	}

	public Span.SpanKind kind() {
		return this.span.getKind();
	}

	public String traceId() {
		return HexFormat.of().formatHex(this.span.getTraceId().toByteArray());
	}

	public String spanId() {
		return HexFormat.of().formatHex(this.span.getSpanId().toByteArray());
	}

	/**
	 * The parent's span id.
	 * @return the id in hex, or an empty string for a root span
	 */
	public String parentSpanId() {
		return HexFormat.of().formatHex(this.span.getParentSpanId().toByteArray());
	}

	public boolean isRoot() {
		return this.span.getParentSpanId().isEmpty();
	}

	public Map<String, Object> attributes() {
		return AttributeValues.toMap(this.span.getAttributesList());
	}

	public Object attribute(String key) {
		return attributes().get(key);
	}

	public Status.StatusCode statusCode() {
		return this.span.getStatus().getCode();
	}

	@Override
	public String toString() {
		return serviceName() + " " + kind() + " '" + name() + "' trace=" + traceId() + " span=" + spanId() + " parent="
				+ parentSpanId() + " status=" + statusCode() + " " + attributes();
	}

}
