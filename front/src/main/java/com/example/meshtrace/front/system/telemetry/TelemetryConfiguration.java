package com.example.meshtrace.front.system.telemetry;

import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the OpenTelemetry starter cannot be told through {@code otel.*} properties: the
 * sampler that keeps probes and start-up SQL out of the traces.
 */
@Configuration(proxyBeanMethods = false)
class TelemetryConfiguration {

	@Bean
	AutoConfigurationCustomizerProvider requestsOnlySampler() {
		return (customizer) -> customizer.addSamplerCustomizer((sampler, config) -> new RequestsOnlySampler(sampler));
	}

}
