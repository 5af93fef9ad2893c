package com.example.meshtrace.support.telemetry;

import java.util.List;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;

/**
 * Keeps traces of what requests do: drops the spans of {@code /actuator} requests
 * (kubelet probes every few seconds) and database calls outside any request (backend's
 * Flyway and pool at start-up), and leaves everything else to the configured sampler
 * ({@code OTEL_TRACES_SAMPLER}).
 */
final class RequestsOnlySampler implements Sampler {

	private static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");

	private static final AttributeKey<String> DB_SYSTEM_NAME = AttributeKey.stringKey("db.system.name");

	// The name before the stable database conventions, for a run without the opt-in
	private static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system");

	private final Sampler delegate;

	RequestsOnlySampler(Sampler delegate) {
		this.delegate = delegate;
	}

	@Override
	public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
			Attributes attributes, List<LinkData> parentLinks) {
		if (spanKind == SpanKind.SERVER && isActuator(attributes.get(URL_PATH))) {
			return SamplingResult.drop();
		}
		if (spanKind == SpanKind.CLIENT && isRoot(parentContext)
				&& (attributes.get(DB_SYSTEM_NAME) != null || attributes.get(DB_SYSTEM) != null)) {
			return SamplingResult.drop();
		}
		return this.delegate.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
	}

	private static boolean isActuator(String path) {
		return path != null && (path.equals("/actuator") || path.startsWith("/actuator/"));
	}

	private static boolean isRoot(Context parentContext) {
		return !Span.fromContext(parentContext).getSpanContext().isValid();
	}

	@Override
	public String getDescription() {
		return "RequestsOnlySampler{" + this.delegate.getDescription() + "}";
	}

}
