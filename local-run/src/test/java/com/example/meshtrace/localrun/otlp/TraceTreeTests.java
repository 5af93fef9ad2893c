package com.example.meshtrace.localrun.otlp;

import java.util.List;
import java.util.Map;

import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import org.junit.jupiter.api.Test;

import static com.example.meshtrace.localrun.otlp.TraceSpans.span;
import static com.example.meshtrace.localrun.otlp.TraceSpans.withError;
import static org.assertj.core.api.Assertions.assertThat;

class TraceTreeTests {

	private static final String INSERT = "INSERT INTO items (name) VALUES (?) RETURNING id, name, created_at";

	private final ReceivedSpan frontServer = span("front", SpanKind.SPAN_KIND_SERVER, "POST /items", "00000000000000a1",
			"", 0, 12_400, Map.of("http.response.status_code", 201L));

	private final ReceivedSpan frontClient = span("front", SpanKind.SPAN_KIND_CLIENT, "POST", "00000000000000a2",
			"00000000000000a1", 1_000, 10_800, Map.of("http.response.status_code", 201L));

	private final ReceivedSpan backendServer = span("backend", SpanKind.SPAN_KIND_SERVER, "POST /items",
			"00000000000000b1", "00000000000000a2", 2_000, 9_100, Map.of("http.response.status_code", 201L));

	private final ReceivedSpan insert = span("backend", SpanKind.SPAN_KIND_CLIENT, "INSERT items", "00000000000000b2",
			"00000000000000b1", 5_000, 6_200, Map.of("db.system.name", "postgresql", "db.query.text", INSERT));

	@Test
	void drawsEachSpanUnderItsParentWithTheStatementUnderTheDatabaseSpan() {
		// Arrival order: backend's batch first, as it usually is
		String tree = new TraceTree(List.of(this.insert, this.backendServer, this.frontClient, this.frontServer))
			.render();

		assertThat(tree).isEqualTo("""
				trace 4bf92f3577b34da6a3ce929d0e0e4736  POST /items  201  12.4 ms
				front    SERVER POST /items            12.4 ms  201
				└ front    CLIENT POST                  9.8 ms  201
				  └ backend  SERVER POST /items         7.1 ms  201
				    └ backend  CLIENT INSERT items      1.2 ms
				      INSERT INTO items (name) VALUES (?) RETURNING id, name, created_at
				""");
	}

	@Test
	void ordersSiblingsByStartAndMarksErrors() {
		ReceivedSpan select = span("backend", SpanKind.SPAN_KIND_CLIENT, "SELECT items", "00000000000000b3",
				"00000000000000b1", 3_000, 4_000, Map.of("db.query.text", "SELECT id FROM items WHERE id = ?"));
		ReceivedSpan failedInsert = withError(this.insert);
		ReceivedSpan failedServer = withError(span("backend", SpanKind.SPAN_KIND_SERVER, "POST /items",
				"00000000000000b1", "00000000000000a2", 2_000, 9_100, Map.of("http.response.status_code", 503L)));

		String tree = new TraceTree(List.of(failedInsert, failedServer, select)).render();

		assertThat(tree).isEqualTo("""
				trace 4bf92f3577b34da6a3ce929d0e0e4736  POST /items  503 ERROR  7.1 ms
				backend  SERVER POST /items         7.1 ms  503 ERROR
				├ backend  CLIENT SELECT items      1.0 ms
				│ SELECT id FROM items WHERE id = ?
				└ backend  CLIENT INSERT items      1.2 ms  ERROR
				  INSERT INTO items (name) VALUES (?) RETURNING id, name, created_at
				""");
	}

}
