package com.example.meshtrace.support.api;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpServer;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What {@link OpenApiValidationFilter} lets through and what it fails, against a server
 * that answers whatever a test sets.
 */
class OpenApiValidationFilterTests {

	private static final String ITEM = "{\"id\":7,\"name\":\"item-1\",\"createdAt\":\"2026-11-22T00:00:00Z\"}";

	private static final String INVALID_NAME = "{\"title\":\"Invalid request\",\"status\":400,"
			+ "\"detail\":\"The request is not valid.\",\"errors\":[{\"field\":\"name\",\"message\":\"must not be blank\"}]}";

	private HttpServer server;

	private volatile Answer answer;

	private RequestSpecification api;

	@BeforeEach
	void startServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", (exchange) -> {
			exchange.getRequestBody().readAllBytes();
			Answer current = this.answer;
			exchange.getResponseHeaders().set("Content-Type", current.contentType());
			if (current.location() != null) {
				exchange.getResponseHeaders().set("Location", current.location());
			}
			byte[] body = current.body().getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(current.status(), body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		this.server.start();
		this.api = ApiRequests.toLocalPort(this.server.getAddress().getPort());
	}

	@AfterEach
	void stopServer() {
		this.server.stop(0);
	}

	@Test
	void passesAnExchangeTheDocumentDescribes() {
		this.answer = new Answer(201, "application/json", ITEM, "/items/7");

		assertThatNoException().isThrownBy(() -> createItem("{\"name\":\"item-1\"}"));
	}

	@Test
	void failsAResponseBodyTheDocumentDoesNotDescribe() {
		this.answer = new Answer(201, "application/json", ITEM.replace("createdAt", "created"), "/items/7");

		assertThatThrownBy(() -> createItem("{\"name\":\"item-1\"}")).isInstanceOf(AssertionError.class)
			.hasMessageContaining("The response does not match the document")
			.hasMessageContaining("createdAt");
	}

	@Test
	void failsAResponseWithoutARequiredHeader() {
		this.answer = new Answer(201, "application/json", ITEM, null);

		assertThatThrownBy(() -> createItem("{\"name\":\"item-1\"}")).isInstanceOf(AssertionError.class)
			.hasMessageContaining("Header 'Location' is expected");
	}

	@Test
	void failsAStatusTheDocumentDoesNotDeclare() {
		this.answer = new Answer(200, "application/json", ITEM, "/items/7");

		assertThatThrownBy(() -> createItem("{\"name\":\"item-1\"}")).isInstanceOf(AssertionError.class)
			.hasMessageContaining("Response status 200 not defined");
	}

	@Test
	void passesAnInvalidRequestAnsweredWithAClientError() {
		this.answer = new Answer(400, "application/problem+json", INVALID_NAME, null);

		assertThatNoException().isThrownBy(() -> createItem("{\"name\":\"\"}"));
	}

	@Test
	void failsAnInvalidRequestThatWasAccepted() {
		this.answer = new Answer(201, "application/json", ITEM, "/items/7");

		assertThatThrownBy(() -> createItem("{\"name\":\"item-1\",\"color\":\"red\"}"))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("The document rejects this request, but it was answered 201");
	}

	@Test
	void failsAValidRequestThatWasRejected() {
		this.answer = new Answer(400, "application/problem+json", INVALID_NAME, null);

		assertThatThrownBy(() -> createItem("{\"name\":\"item-1\"}")).isInstanceOf(AssertionError.class)
			.hasMessageContaining("The document accepts this request, but it was answered 400");
	}

	@Test
	void leavesManagementEndpointsAlone() {
		this.answer = new Answer(200, "application/vnd.spring-boot.actuator.v3+json", "{\"status\":\"UP\"}", null);

		assertThatNoException().isThrownBy(() -> given(this.api).get("/actuator/health"));
	}

	private void createItem(String body) {
		given(this.api).contentType(ContentType.JSON).body(body).post("/items");
	}

	private record Answer(int status, String contentType, String body, String location) {
	}

}
