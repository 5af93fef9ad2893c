package com.example.meshtrace.backend.system;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Reads JSON strictly: {@code {"name": 42}} is a client error, not the name "42", and so
 * is a field the API does not know.
 */
@Configuration(proxyBeanMethods = false)
class StrictJsonConfiguration {

	@Bean
	JsonMapperBuilderCustomizer noScalarToStringCoercion() {
		return (builder) -> builder.withCoercionConfig(LogicalType.Textual,
				(config) -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
					.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
					.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
	}

	/**
	 * Spring Boot ignores unknown fields by default; here they are a 400 naming the field
	 * (see {@link ProblemDetailsAdvice}). Otherwise {@code {"name":"a","x":1}} would be
	 * stored as {@code {"name":"a"}}, and a retry with the same {@code Idempotency-Key}
	 * and a different body would be replayed instead of refused.
	 * @return the customizer
	 */
	@Bean
	JsonMapperBuilderCustomizer failOnUnknownFields() {
		return (builder) -> builder.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
	}

}
