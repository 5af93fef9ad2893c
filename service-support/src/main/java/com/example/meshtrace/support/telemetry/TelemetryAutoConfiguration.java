package com.example.meshtrace.support.telemetry;

import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * What the OpenTelemetry starter cannot be told through {@code otel.*} properties: the
 * sampler that keeps probes and start-up SQL out of the traces, and one warning (not one
 * per export) while the collector is unreachable.
 */
@AutoConfiguration
@ConditionalOnClass(AutoConfigurationCustomizerProvider.class)
public class TelemetryAutoConfiguration {

	@Bean
	AutoConfigurationCustomizerProvider requestsOnlySampler() {
		return (customizer) -> customizer.addSamplerCustomizer((sampler, config) -> new RequestsOnlySampler(sampler));
	}

	@Bean
	AutoConfigurationCustomizerProvider exportFailureReporting(Environment environment) {
		// OTEL_EXPORTER_OTLP_ENDPOINT binds to this property too
		ExportFailureReporter reporter = new ExportFailureReporter(
				environment.getProperty("otel.exporter.otlp.endpoint", "the default OTLP endpoint"));
		return (customizer) -> customizer
			.addSpanExporterCustomizer((exporter, config) -> new ReportingSpanExporter(exporter, reporter))
			.addLogRecordExporterCustomizer((exporter, config) -> new ReportingLogRecordExporter(exporter, reporter))
			.addMetricExporterCustomizer((exporter, config) -> new ReportingMetricExporter(exporter, reporter));
	}

}
