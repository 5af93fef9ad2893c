package com.example.meshtrace.support.telemetry;

import java.util.concurrent.atomic.AtomicBoolean;

import io.opentelemetry.sdk.common.CompletableResultCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says once that the collector cannot be reached, and once that it can again, instead of
 * the SDK's error with a stack trace for every failed export of every signal.
 */
final class ExportFailureReporter {

	private static final Logger logger = LoggerFactory.getLogger(ExportFailureReporter.class);

	private final String endpoint;

	private final AtomicBoolean failing = new AtomicBoolean();

	ExportFailureReporter(String endpoint) {
		this.endpoint = endpoint;
	}

	/**
	 * Watches the outcome of one export.
	 * @param signal {@code spans}, {@code logs} or {@code metrics}
	 * @param result the exporter's result
	 * @return the same result
	 */
	CompletableResultCode watch(String signal, CompletableResultCode result) {
		return result.whenComplete(() -> {
			if (result.isSuccess()) {
				if (this.failing.compareAndSet(true, false)) {
					logger.info("OTLP export to {} works again", this.endpoint);
				}
			}
			else if (this.failing.compareAndSet(false, true)) {
				logger.warn(
						"Could not export {} over OTLP to {}: {}. Telemetry is dropped until the collector answers; "
								+ "requests are not affected. Logged once until an export succeeds.",
						signal, this.endpoint, describe(result.getFailureThrowable()));
			}
		});
	}

	private static String describe(Throwable failure) {
		if (failure == null) {
			return "no reason given";
		}
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return (root != failure) ? failure.getMessage() + " (" + root + ")" : String.valueOf(failure);
	}

}
