package com.example.meshtrace.support.telemetry;

import java.util.Collection;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;

/**
 * The configured log record exporter, with failures told to an
 * {@link ExportFailureReporter}.
 */
final class ReportingLogRecordExporter implements LogRecordExporter {

	private final LogRecordExporter delegate;

	private final ExportFailureReporter reporter;

	ReportingLogRecordExporter(LogRecordExporter delegate, ExportFailureReporter reporter) {
		this.delegate = delegate;
		this.reporter = reporter;
	}

	@Override
	public CompletableResultCode export(Collection<LogRecordData> logs) {
		return this.reporter.watch("logs", this.delegate.export(logs));
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
		return "ReportingLogRecordExporter{" + this.delegate + "}";
	}

}
