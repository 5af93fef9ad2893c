package com.example.meshtrace.support.telemetry;

import io.opentelemetry.instrumentation.api.semconv.http.HttpServerRoute;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * What the OpenTelemetry starter cannot be told through {@code otel.*} properties: the
 * sampler that keeps probes and start-up SQL out of the traces, one warning (not one per
 * export) while the collector is unreachable, and the server span's route taken from
 * Spring MVC's own handler lookup.
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

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass({ HttpServerRoute.class, WebMvcConfigurer.class })
	static class HttpRouteConfiguration implements WebMvcConfigurer {

		@Override
		public void addInterceptors(InterceptorRegistry registry) {
			registry.addInterceptor(new HttpRouteInterceptor());
		}

	}

}
