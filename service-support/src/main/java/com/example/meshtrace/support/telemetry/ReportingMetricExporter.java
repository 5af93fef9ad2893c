package com.example.meshtrace.support.telemetry;

import java.util.Collection;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;

/**
 * The configured metric exporter, with failures told to an {@link ExportFailureReporter}.
 */
final class ReportingMetricExporter implements MetricExporter {

	private final MetricExporter delegate;

	private final ExportFailureReporter reporter;

	ReportingMetricExporter(MetricExporter delegate, ExportFailureReporter reporter) {
		this.delegate = delegate;
		this.reporter = reporter;
	}

	@Override
	public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
		return this.delegate.getAggregationTemporality(instrumentType);
	}

	@Override
	public Aggregation getDefaultAggregation(InstrumentType instrumentType) {
		return this.delegate.getDefaultAggregation(instrumentType);
	}

	@Override
	public MemoryMode getMemoryMode() {
		return this.delegate.getMemoryMode();
	}

	@Override
	public CompletableResultCode export(Collection<MetricData> metrics) {
		return this.reporter.watch("metrics", this.delegate.export(metrics));
	}

	@Override
	public CompletableResultCode flush() {
		return this.delegate.flush();
	}

	@Override
	public CompletableResultCode shutdown() {
		return this.delegate.shutdown();
	}

	@Override
	public String toString() {
		return "ReportingMetricExporter{" + this.delegate + "}";
	}

}
