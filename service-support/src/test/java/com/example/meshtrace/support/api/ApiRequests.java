package com.example.meshtrace.support.api;

import io.restassured.builder.RequestSpecBuilder;
import io.restassured.specification.RequestSpecification;

/**
 * REST Assured request specifications for the items API, each holding its exchanges to
 * the OpenAPI document with an {@link OpenApiValidationFilter}.
 */
public final class ApiRequests {

	private ApiRequests() {
	}

	/**
	 * A specification for a service on this machine.
	 * @param port the service's port on 127.0.0.1
	 * @return a new specification
	 */
	public static RequestSpecification toLocalPort(int port) {
		return to("http://127.0.0.1:" + port);
	}

	/**
	 * A specification for a service.
	 * @param baseUrl the service's base URL, with its port
	 * @return a new specification
	 */
	public static RequestSpecification to(String baseUrl) {
		return new RequestSpecBuilder().setBaseUri(baseUrl).addFilter(new OpenApiValidationFilter()).build();
	}

}
