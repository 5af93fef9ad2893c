package com.example.meshtrace.support.telemetry;

import java.util.List;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestsOnlySamplerTests {

	private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

	private final Sampler sampler = new RequestsOnlySampler(Sampler.parentBased(Sampler.alwaysOn()));

	@Test
	void dropsActuatorRequests() {
		assertThat(decide(Context.root(), SpanKind.SERVER, Attributes.of(stringKey("url.path"), "/actuator/health")))
			.isEqualTo(SamplingDecision.DROP);
		assertThat(decide(Context.root(), SpanKind.SERVER, Attributes.of(stringKey("url.path"), "/actuator")))
			.isEqualTo(SamplingDecision.DROP);
	}

	@Test
	void samplesItemRequests() {
		assertThat(decide(Context.root(), SpanKind.SERVER, Attributes.of(stringKey("url.path"), "/items")))
			.isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
		assertThat(decide(Context.root(), SpanKind.SERVER, Attributes.of(stringKey("url.path"), "/actuatorish")))
			.isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
	}

	@Test
	void dropsDatabaseCallsOutsideARequest() {
		assertThat(decide(Context.root(), SpanKind.CLIENT, Attributes.of(stringKey("db.system.name"), "postgresql")))
			.isEqualTo(SamplingDecision.DROP);
		assertThat(decide(Context.root(), SpanKind.CLIENT, Attributes.of(stringKey("db.system"), "postgresql")))
			.isEqualTo(SamplingDecision.DROP);
	}

	@Test
	void samplesDatabaseCallsInASampledRequest() {
		assertThat(decide(sampledParent(), SpanKind.CLIENT, Attributes.of(stringKey("db.system.name"), "postgresql")))
			.isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
	}

	@Test
	void leavesOtherRootClientSpansToTheConfiguredSampler() {
		assertThat(decide(Context.root(), SpanKind.CLIENT, Attributes.of(stringKey("http.request.method"), "GET")))
			.isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
		Sampler neverSampling = new RequestsOnlySampler(Sampler.alwaysOff());
		assertThat(neverSampling
			.shouldSample(Context.root(), TRACE_ID, "GET /items", SpanKind.SERVER,
					Attributes.of(stringKey("url.path"), "/items"), List.of())
			.getDecision()).isEqualTo(SamplingDecision.DROP);
		assertThat(neverSampling.getDescription()).isEqualTo("RequestsOnlySampler{AlwaysOffSampler}");
	}

	private SamplingDecision decide(Context parent, SpanKind kind, Attributes attributes) {
		return this.sampler.shouldSample(parent, TRACE_ID, "span", kind, attributes, List.of()).getDecision();
	}

	private static Context sampledParent() {
		SpanContext parent = SpanContext.create(TRACE_ID, "b7ad6b7169203331", TraceFlags.getSampled(),
				TraceState.getDefault());
		return Context.root().with(Span.wrap(parent));
	}

	private static AttributeKey<String> stringKey(String key) {
		return AttributeKey.stringKey(key);
	}

}
