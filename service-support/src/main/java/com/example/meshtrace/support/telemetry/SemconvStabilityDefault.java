package com.example.meshtrace.support.telemetry;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Makes {@code otel.semconv-stability.opt-in} in {@code application.yml} a default that
 * works: the instrumentation reads the opt-in only from the JVM system property or the
 * {@code OTEL_SEMCONV_STABILITY_OPT_IN} variable, never from Spring properties, so this
 * copies it to the system property unless either is set already.
 */
class SemconvStabilityDefault implements EnvironmentPostProcessor {

	static final String PROPERTY = "otel.semconv-stability.opt-in";

	static final String VARIABLE = "OTEL_SEMCONV_STABILITY_OPT_IN";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String configured = environment.getProperty(PROPERTY);
		if (configured != null && System.getProperty(PROPERTY) == null && System.getenv(VARIABLE) == null) {
			System.setProperty(PROPERTY, configured);
		}
	}

}
