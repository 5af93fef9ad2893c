package com.example.meshtrace.localrun.otlp;

import java.util.Map;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;

/**
 * Hand-built spans of one trace, as the receiver would hand them over.
 */
final class TraceSpans {

	static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private TraceSpans() {
	}

	/**
	 * A span of {@link #TRACE_ID}.
	 * @param service the exporting service
	 * @param kind the span kind
	 * @param name the span name
	 * @param spanId 16 hex digits
	 * @param parentSpanId 16 hex digits, or an empty string for a root span
	 * @param startMicros start, in microseconds after an arbitrary origin
	 * @param endMicros end, likewise
	 * @param attributes string or long attributes
	 * @return the span
	 */
	static ReceivedSpan span(String service, Span.SpanKind kind, String name, String spanId, String parentSpanId,
			long startMicros, long endMicros, Map<String, Object> attributes) {
		Span.Builder span = Span.newBuilder()
			.setTraceId(bytes(TRACE_ID))
			.setSpanId(bytes(spanId))
			.setParentSpanId(bytes(parentSpanId))
			.setKind(kind)
			.setName(name)
			.setStartTimeUnixNano(1_700_000_000_000_000_000L + startMicros * 1000)
			.setEndTimeUnixNano(1_700_000_000_000_000_000L + endMicros * 1000);
		attributes
			.forEach((key, value) -> span.addAttributes(KeyValue.newBuilder().setKey(key).setValue(value(value))));
		return new ReceivedSpan(OtlpTransport.HTTP_PROTOBUF, Map.of("service.name", service), "test", span.build());
	}

	static ReceivedSpan withError(ReceivedSpan span) {
		Span failed = span.span()
			.toBuilder()
			.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR))
			.build();
		return new ReceivedSpan(span.transport(), span.resource(), span.scope(), failed);
	}

	private static AnyValue value(Object value) {
		return (value instanceof Long number) ? AnyValue.newBuilder().setIntValue(number).build()
				: AnyValue.newBuilder().setStringValue(String.valueOf(value)).build();
	}

	private static ByteString bytes(String hex) {
		return ByteString.copyFrom(java.util.HexFormat.of().parseHex(hex));
	}

}
