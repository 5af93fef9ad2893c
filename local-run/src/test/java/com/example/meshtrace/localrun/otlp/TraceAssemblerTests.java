package com.example.meshtrace.localrun.otlp;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import org.junit.jupiter.api.Test;

import static com.example.meshtrace.localrun.otlp.TraceSpans.span;
import static org.assertj.core.api.Assertions.assertThat;

class TraceAssemblerTests {

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	private final TraceAssembler assembler = new TraceAssembler(Duration.ofSeconds(1), Duration.ofSeconds(10));

	private final ReceivedSpan root = span("front", SpanKind.SPAN_KIND_SERVER, "GET /items", "00000000000000a1", "", 0,
			5_000, Map.of());

	private final ReceivedSpan child = span("backend", SpanKind.SPAN_KIND_SERVER, "GET /items", "00000000000000b1",
			"00000000000000a1", 1_000, 4_000, Map.of());

	@Test
	void traceIsCompleteOnceItsRootArrivedAndNoSpanFollowedForTheQuietPeriod() {
		this.assembler.add(this.root, T0);
		this.assembler.add(this.child, T0.plusMillis(800));

		assertThat(this.assembler.takeComplete(T0.plusMillis(1_500))).as("0.7 s after the last span").isEmpty();
		assertThat(this.assembler.takeComplete(T0.plusMillis(1_800))).singleElement()
			.satisfies((tree) -> assertThat(tree.spans()).containsExactlyInAnyOrder(this.root, this.child));
		assertThat(this.assembler.takeComplete(T0.plusSeconds(60))).as("taken once").isEmpty();
	}

	@Test
	void traceWithoutItsRootWaitsForTheOrphanWait() {
		this.assembler.add(this.child, T0);

		assertThat(this.assembler.takeComplete(T0.plusSeconds(5))).isEmpty();
		assertThat(this.assembler.takeComplete(T0.plusSeconds(10))).singleElement()
			.satisfies((tree) -> assertThat(tree.spans()).containsExactly(this.child));
	}

}
