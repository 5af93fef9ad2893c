package com.example.meshtrace.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import com.example.meshtrace.localrun.otlp.OtlpReceiver;
import com.example.meshtrace.localrun.otlp.ReceivedSpan;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The spans of one request's trace as the OTLP receiver got them, with the checks the
 * README promises: front SERVER, its CLIENT call, backend SERVER and (when the database
 * answered) backend's database CLIENT span, in one trace and linked parent to child.
 *
 * @param spans every span of the trace
 */
record ItemTrace(List<ReceivedSpan> spans) {

	static final Duration EXPORT_WAIT = Duration.ofSeconds(30);

	/**
	 * Waits until the receiver holds the spans of the trace that match the given check.
	 * @param receiver the receiver
	 * @param traceId the trace
	 * @param complete tells when all expected spans are there
	 * @return the trace
	 */
	static ItemTrace await(OtlpReceiver receiver, String traceId, Predicate<ItemTrace> complete) {
		return org.awaitility.Awaitility.await()
			.atMost(EXPORT_WAIT)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> of(receiver, traceId), complete);
	}

	static ItemTrace of(OtlpReceiver receiver, String traceId) {
		return new ItemTrace(receiver.spans().stream().filter((span) -> span.traceId().equals(traceId)).toList());
	}

	/**
	 * Waits for the four spans of a request that reached the database.
	 * @param receiver the receiver
	 * @param traceId the trace
	 * @return the trace
	 */
	static ItemTrace awaitDatabaseCall(OtlpReceiver receiver, String traceId) {
		return await(receiver, traceId, (trace) -> trace.has("backend", SpanKind.SPAN_KIND_CLIENT)
				&& trace.has("front", SpanKind.SPAN_KIND_SERVER) && trace.has("front", SpanKind.SPAN_KIND_CLIENT)
				&& trace.has("backend", SpanKind.SPAN_KIND_SERVER));
	}

	boolean has(String service, SpanKind kind) {
		return this.spans.stream().anyMatch((span) -> span.serviceName().equals(service) && span.kind() == kind);
	}

	/**
	 * The one span of a service and kind.
	 * @param service the service name
	 * @param kind the span kind
	 * @return the span; fails if there is none or more than one
	 */
	ReceivedSpan only(String service, SpanKind kind) {
		List<ReceivedSpan> matching = this.spans.stream()
			.filter((span) -> span.serviceName().equals(service) && span.kind() == kind)
			.toList();
		assertThat(matching).as("%s %s spans in %s", service, kind, this.spans).hasSize(1);
		return matching.getFirst();
	}

	/**
	 * Checks the shape front SERVER, front CLIENT, backend SERVER, backend CLIENT (the
	 * database call): names, kinds, parent links, one span per step and nothing else.
	 * @param method {@code GET} or {@code POST}
	 * @param sqlOperation {@code SELECT} or {@code INSERT}
	 * @param callerSpanId the span id of the caller's {@code traceparent}, or
	 * {@code null} when the request came without one and front's span is the root
	 */
	void assertPassesThroughBothServicesToTheDatabase(String method, String sqlOperation, String callerSpanId) {
		assertThat(this.spans).as("spans of the trace").hasSize(4);
		assertThat(this.spans.stream().map(ReceivedSpan::spanId).collect(Collectors.toSet())).as("distinct span ids")
			.hasSize(4);

		ReceivedSpan frontServer = only("front", SpanKind.SPAN_KIND_SERVER);
		ReceivedSpan frontClient = only("front", SpanKind.SPAN_KIND_CLIENT);
		ReceivedSpan backendServer = only("backend", SpanKind.SPAN_KIND_SERVER);
		ReceivedSpan database = only("backend", SpanKind.SPAN_KIND_CLIENT);

		assertThat(frontServer.name()).isEqualTo(method + " /items");
		if (callerSpanId != null) {
			assertThat(frontServer.parentSpanId()).as("front SERVER continues the caller's traceparent")
				.isEqualTo(callerSpanId);
		}
		else {
			assertThat(frontServer.isRoot()).as("front SERVER is the root").isTrue();
		}
		assertThat(frontClient.name()).isEqualTo(method);
		assertThat(frontClient.parentSpanId()).isEqualTo(frontServer.spanId());
		assertThat(frontClient.attribute("url.full")).asString().endsWith("/items" + queryOf(frontServer));
		assertThat(backendServer.name()).isEqualTo(method + " /items");
		assertThat(backendServer.parentSpanId()).as("backend SERVER is a child of front's CLIENT span (traceparent)")
			.isEqualTo(frontClient.spanId());
		assertThat(database.name()).as("database span %s", database).isEqualTo(sqlOperation + " items");
		assertThat(database.parentSpanId()).isEqualTo(backendServer.spanId());
		assertThat(database.attribute("db.system.name")).isEqualTo("postgresql");
		assertThat(database.attribute("db.namespace")).isEqualTo("mesh_trace");
		assertThat(database.attribute("db.query.text")).asString().startsWith(sqlOperation).contains("?");
		assertThat(database.scope()).contains("jdbc");

		Set<String> spanIds = this.spans.stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
		assertThat(this.spans).as("no orphans: every parent is in the trace, except front's caller")
			.filteredOn((span) -> span != frontServer)
			.allSatisfy((span) -> assertThat(spanIds).contains(span.parentSpanId()));
	}

	private static String queryOf(ReceivedSpan serverSpan) {
		Object query = serverSpan.attribute("url.query");
		return (query != null) ? "?" + query : "";
	}

}
