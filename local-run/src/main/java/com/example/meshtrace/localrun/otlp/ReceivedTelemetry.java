package com.example.meshtrace.localrun.otlp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * What the receiver got, from either transport, flattened to one item per span, log
 * record and metric.
 */
final class ReceivedTelemetry {

	private final boolean retain;

	private final ConcurrentLinkedQueue<ReceivedSpan> spans = new ConcurrentLinkedQueue<>();

	private final ConcurrentLinkedQueue<ReceivedLogRecord> logRecords = new ConcurrentLinkedQueue<>();

	private final ConcurrentLinkedQueue<ReceivedMetric> metrics = new ConcurrentLinkedQueue<>();

	private final AtomicLong spanCount = new AtomicLong();

	private final AtomicLong logRecordCount = new AtomicLong();

	private final AtomicLong metricCount = new AtomicLong();

	private final AtomicLong exportRequests = new AtomicLong();

	private final Consumer<ReceivedSpan> spanListener;

	/**
	 * Creates the store.
	 * @param retain whether to keep what arrives or only count it
	 * @param spanListener called with each span as it arrives, or {@code null}
	 */
	ReceivedTelemetry(boolean retain, Consumer<ReceivedSpan> spanListener) {
		this.retain = retain;
		this.spanListener = spanListener;
	}

	void accept(OtlpTransport transport, ExportTraceServiceRequest request) {
		this.exportRequests.incrementAndGet();
		for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
			Map<String, Object> resource = AttributeValues.toMap(resourceSpans.getResource().getAttributesList());
			for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
				this.spanCount.addAndGet(scopeSpans.getSpansCount());
				if (!this.retain && this.spanListener == null) {
					continue;
				}
				String scope = scopeSpans.getScope().getName();
				for (Span span : scopeSpans.getSpansList()) {
					ReceivedSpan received = new ReceivedSpan(transport, resource, scope, span);
					if (this.retain) {
						this.spans.add(received);
					}
					if (this.spanListener != null) {
						this.spanListener.accept(received);
					}
				}
			}
		}
	}

	void accept(OtlpTransport transport, ExportLogsServiceRequest request) {
		this.exportRequests.incrementAndGet();
		for (ResourceLogs resourceLogs : request.getResourceLogsList()) {
			Map<String, Object> resource = AttributeValues.toMap(resourceLogs.getResource().getAttributesList());
			for (ScopeLogs scopeLogs : resourceLogs.getScopeLogsList()) {
				this.logRecordCount.addAndGet(scopeLogs.getLogRecordsCount());
				if (this.retain) {
					String scope = scopeLogs.getScope().getName();
					scopeLogs.getLogRecordsList()
						.forEach((record) -> this.logRecords
							.add(new ReceivedLogRecord(transport, resource, scope, record)));
				}
			}
		}
	}

	void accept(OtlpTransport transport, ExportMetricsServiceRequest request) {
		this.exportRequests.incrementAndGet();
		for (ResourceMetrics resourceMetrics : request.getResourceMetricsList()) {
			Map<String, Object> resource = AttributeValues.toMap(resourceMetrics.getResource().getAttributesList());
			for (ScopeMetrics scopeMetrics : resourceMetrics.getScopeMetricsList()) {
				this.metricCount.addAndGet(scopeMetrics.getMetricsCount());
				if (this.retain) {
					String scope = scopeMetrics.getScope().getName();
					scopeMetrics.getMetricsList()
						.forEach((metric) -> this.metrics.add(new ReceivedMetric(transport, resource, scope, metric)));
				}
			}
		}
	}

	List<ReceivedSpan> spans() {
		return List.copyOf(new ArrayList<>(this.spans));
	}

	List<ReceivedLogRecord> logRecords() {
		return List.copyOf(new ArrayList<>(this.logRecords));
	}

	List<ReceivedMetric> metrics() {
		return List.copyOf(new ArrayList<>(this.metrics));
	}

	long spanCount() {
		return this.spanCount.get();
	}

	long logRecordCount() {
		return this.logRecordCount.get();
	}

	long metricCount() {
		return this.metricCount.get();
	}

	long exportRequests() {
		return this.exportRequests.get();
	}

	void clear() {
		this.spans.clear();
		this.logRecords.clear();
		this.metrics.clear();
	}

}
