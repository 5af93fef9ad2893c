package com.example.meshtrace.localrun.otlp;

import java.util.Map;

import io.opentelemetry.proto.metrics.v1.Metric;

/**
 * One metric as the receiver got it, with the resource and scope of its batch.
 *
 * @param transport how it arrived
 * @param resource the resource attributes of the exporting service
 * @param scope the instrumentation scope name
 * @param metric the metric with its data points
 */
public record ReceivedMetric(OtlpTransport transport, Map<String, Object> resource, String scope, Metric metric) {

	public String serviceName() {
		return String.valueOf(this.resource.get("service.name"));
	}

	public String name() {
		return this.metric.getName();
	}

	@Override
	public String toString() {
		return serviceName() + " " + name() + " [" + scope() + "]";
	}

}
