package com.example.meshtrace.backend.item;

import com.example.meshtrace.backend.TestDatabaseConfiguration;
import com.example.meshtrace.support.api.ApiRequests;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/**
 * The {@code /items} API against a real PostgreSQL.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(TestDatabaseConfiguration.class)
class ItemApiIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcClient jdbc;

	private RequestSpecification api;

	@BeforeEach
	void setUp() {
		this.jdbc.sql("TRUNCATE items RESTART IDENTITY").update();
		this.api = ApiRequests.toLocalPort(this.port);
	}

	@Test
	void createsItemAndReturnsLocation() {
		int id = given(this.api).contentType(ContentType.JSON)
			.body("{\"name\":\"item-1\"}")
			.when()
			.post("/items")
			.then()
			.statusCode(201)
			.contentType(ContentType.JSON)
			.header("Location", matchesPattern("/items/\\d+"))
			.body("name", equalTo("item-1"))
			.body("createdAt", matchesPattern("\\d{4}-\\d\\d-\\d\\dT.*Z"))
			.extract()
			.path("id");

		assertThat(this.jdbc.sql("SELECT name FROM items WHERE id = ?").param(id).query(String.class).single())
			.isEqualTo("item-1");
		assertThat(rowCount()).isOne();
		given(this.api).get("/items/" + id)
			.then()
			.statusCode(200)
			.body("id", equalTo(id))
			.body("name", equalTo("item-1"));
	}

	@Test
	void acceptsNameOfExactly200Characters() {
		String name = "n".repeat(200);
		given(this.api).contentType(ContentType.JSON)
			.body("{\"name\":\"" + name + "\"}")
			.post("/items")
			.then()
			.statusCode(201)
			.body("name", equalTo(name));
		assertThat(rowCount()).isOne();
	}

	@Test
	void keepsUnicodeNamesIntact() {
		String name = "Grüße, 世界 👋";
		given(this.api).contentType("application/json; charset=UTF-8")
			.body("{\"name\":\"" + name + "\"}")
			.post("/items")
			.then()
			.statusCode(201)
			.body("name", equalTo(name));
		assertThat(this.jdbc.sql("SELECT name FROM items").query(String.class).single()).isEqualTo(name);
	}

	@Test
	void listsNewestFirstWithDefaultLimitOf100() {
		insertItems(101);
		given(this.api).get("/items")
			.then()
			.statusCode(200)
			.body("$", hasSize(100))
			.body("[0].name", equalTo("item-101"))
			.body("[99].name", equalTo("item-2"))
			.header("Link", equalTo("</items?limit=100&beforeId=2>; rel=\"next\""));
	}

	@Test
	void pagesWithLimitAndBeforeId() {
		insertItems(5);
		given(this.api).queryParam("limit", 2)
			.get("/items")
			.then()
			.statusCode(200)
			.body("name", contains("item-5", "item-4"))
			.header("Link", equalTo("</items?limit=2&beforeId=4>; rel=\"next\""));
		given(this.api).queryParam("limit", 2)
			.queryParam("beforeId", 2)
			.get("/items")
			.then()
			.statusCode(200)
			.body("name", contains("item-1"))
			.header("Link", nullValue());
	}

	@Test
	void answersNotFoundProblemForUnknownItem() {
		given(this.api).get("/items/999")
			.then()
			.statusCode(404)
			.contentType("application/problem+json")
			.body("status", equalTo(404))
			.body("detail", equalTo("No item with id 999."));
	}

	@Test
	void rejectsMalformedJson() {
		given(this.api).contentType(ContentType.JSON)
			.body("{\"name\":")
			.post("/items")
			.then()
			.statusCode(400)
			.contentType("application/problem+json")
			.body("status", equalTo(400))
			.body("detail", notNullValue());
		assertThat(rowCount()).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "text/html", "foo" })
	void rejectsUnacceptableAcceptHeaderWithoutWriting(String accept) {
		given(this.api).contentType(ContentType.JSON)
			.accept(accept)
			.body("{\"name\":\"x\"}")
			.post("/items")
			.then()
			.statusCode(406)
			.contentType("application/problem+json")
			.body("status", equalTo(406))
			.header("Location", nullValue());
		assertThat(rowCount()).isZero();
	}

	@Test
	void rejectsMissingContentType() {
		given(this.api).body("{\"name\":\"x\"}".getBytes()).post("/items").then().statusCode(415);
		assertThat(rowCount()).isZero();
	}

	@Test
	void rejectsWrongContentType() {
		given(this.api).contentType(ContentType.TEXT)
			.body("{\"name\":\"x\"}")
			.post("/items")
			.then()
			.statusCode(415)
			.contentType("application/problem+json");
		assertThat(rowCount()).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "{}", "{\"name\":null}", "{\"name\":\"\"}", "{\"name\":\"   \"}", "{\"name\":42}",
			"{\"name\":true}", "{\"name\":[\"a\"]}", "{\"name\":{\"a\":1}}", "{\"name\":\"a\\u0000b\"}",
			"{\"name\":\"\\ud800\"}", "[]", "\"name\"", "null" })
	void rejectsInvalidName(String body) {
		given(this.api).contentType(ContentType.JSON)
			.body(body)
			.post("/items")
			.then()
			.statusCode(400)
			.contentType("application/problem+json")
			.body("status", equalTo(400));
		assertThat(rowCount()).isZero();
	}

	@Test
	void rejectsNameLongerThan200Characters() {
		given(this.api).contentType(ContentType.JSON)
			.body("{\"name\":\"" + "n".repeat(201) + "\"}")
			.post("/items")
			.then()
			.statusCode(400)
			.body("errors[0].field", equalTo("name"))
			.body("errors[0].message", notNullValue());
		assertThat(rowCount()).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"name\":\"a\",\"x\":1}", "{\"x\":1,\"name\":\"a\"}", "{\"name\":\"a\",\"x\":null}" })
	void rejectsUnknownFieldNamingItWithoutWriting(String body) {
		given(this.api).contentType(ContentType.JSON)
			.body(body)
			.post("/items")
			.then()
			.statusCode(400)
			.contentType("application/problem+json")
			.body("status", equalTo(400))
			.body("title", equalTo("Invalid request"))
			.body("errors", hasSize(1))
			.body("errors[0].field", equalTo("x"))
			.body("errors[0].message", notNullValue());
		assertThat(rowCount()).isZero();
	}

	@Test
	void rejectsBodyOver16KiB() {
		String body = "{\"name\":\"" + "n".repeat(16 * 1024) + "\"}";
		given(this.api).contentType(ContentType.JSON)
			.body(body)
			.post("/items")
			.then()
			.statusCode(413)
			.contentType("application/problem+json")
			.body("status", equalTo(413));
		assertThat(rowCount()).isZero();
	}

	@Test
	void rejectsChunkedBodyOver16KiB() {
		// Padding in the name: an unknown field would be refused before 16 KiB are read
		byte[] body = ("{\"name\":\"" + "n".repeat(32 * 1024) + "\"}").getBytes();
		given(this.api).contentType(ContentType.JSON)
			.body(new java.io.ByteArrayInputStream(body))
			.post("/items")
			.then()
			.statusCode(413)
			.contentType("application/problem+json");
		assertThat(rowCount()).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "limit=0", "limit=1001", "limit=-1", "limit=abc", "beforeId=0", "beforeId=x",
			"limit=99999999999" })
	void rejectsBadQueryParameters(String query) {
		given(this.api).get("/items?" + query)
			.then()
			.statusCode(400)
			.contentType("application/problem+json")
			.body("status", equalTo(400));
	}

	@Test
	void rejectsNonNumericItemId() {
		given(this.api).get("/items/abc").then().statusCode(400).contentType("application/problem+json");
	}

	@Test
	void problemsRevealNoInternals() {
		String body = given(this.api).contentType(ContentType.JSON)
			.body("{\"name\":42}")
			.post("/items")
			.then()
			.statusCode(400)
			.extract()
			.asString();
		assertThat(body).doesNotContain("Exception", "at com.", "tools.jackson", "trace");
	}

	private void insertItems(int count) {
		for (int i = 1; i <= count; i++) {
			this.jdbc.sql("INSERT INTO items (name) VALUES (?)").param("item-" + i).update();
		}
	}

	private long rowCount() {
		return this.jdbc.sql("SELECT count(*) FROM items").query(Long.class).single();
	}

}
