package com.example.meshtrace.support.telemetry;

import java.util.Collection;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * The configured span exporter, with failures told to an {@link ExportFailureReporter}.
 */
final class ReportingSpanExporter implements SpanExporter {

	private final SpanExporter delegate;

	private final ExportFailureReporter reporter;

	ReportingSpanExporter(SpanExporter delegate, ExportFailureReporter reporter) {
		this.delegate = delegate;
		this.reporter = reporter;
	}

	@Override
	public CompletableResultCode export(Collection<SpanData> spans) {
		return this.reporter.watch("spans", this.delegate.export(spans));
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
		return "ReportingSpanExporter{" + this.delegate + "}";
	}

}
