package com.example.meshtrace.backend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.example.meshtrace.support.api.ApiRequests;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ClassPathResource;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * backend serves the OpenAPI document its API tests hold it to.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(TestDatabaseConfiguration.class)
class OpenApiDocumentIntegrationTests {

	@LocalServerPort
	private int port;

	private RequestSpecification api;

	@BeforeEach
	void setUp() {
		this.api = ApiRequests.toLocalPort(this.port);
	}

	@Test
	void servesTheOpenApiDocument() throws IOException {
		String document = new ClassPathResource("static/openapi.yaml").getContentAsString(StandardCharsets.UTF_8);
		given(this.api).get("/openapi.yaml")
			.then()
			.statusCode(200)
			.contentType(startsWith("application/yaml"))
			.body(equalTo(document));
	}

}
