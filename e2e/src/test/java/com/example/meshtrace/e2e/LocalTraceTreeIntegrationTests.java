package com.example.meshtrace.e2e;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import com.example.meshtrace.support.api.ApiRequests;
import com.example.meshtrace.localrun.LocalRun;
import com.example.meshtrace.localrun.LoopbackPorts;
import com.example.meshtrace.localrun.PostgresServer;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The stack as {@code ./run-local} starts it, its console captured: each request to front
 * is printed as one tree from front's SERVER span down to the SQL statement.
 */
class LocalTraceTreeIntegrationTests {

	private static final ByteArrayOutputStream console = new ByteArrayOutputStream();

	private static LocalRun stack;

	@BeforeAll
	static void startStack() {
		LocalRun.Settings settings = new LocalRun.Settings(ServiceJars.copyOf("backend.jar"),
				ServiceJars.copyOf("front.jar"), 0, LoopbackPorts.free(), LoopbackPorts.free(), Map.of(),
				List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"),
				Path.of(System.getProperty("e2e.logs", "target/e2e-logs"), "local-trace-tree"));
		stack = LocalRun.startPrintingTraces(settings, new PrintStream(console, true, StandardCharsets.UTF_8));
	}

	@AfterAll
	static void stopStack() {
		if (stack != null) {
			stack.close();
		}
	}

	@Test
	void printsThePostAsOneTreeFromFrontToTheInsertWithoutTheItemsName() throws SQLException {
		String name = "tree-item-" + UUID.randomUUID();
		int printedBefore = console.size();
		given(frontRequest()).contentType(ContentType.JSON)
			.body(Map.of("name", name))
			.when()
			.post("/items")
			.then()
			.statusCode(201)
			.body("name", equalTo(name));

		List<String> tree = awaitTree("POST /items", printedBefore);

		assertFromFrontToTheDatabase(tree, "POST", 201, "INSERT",
				Pattern.quote("INSERT INTO items (name) VALUES (?) RETURNING id, name, created_at"));
		assertThat(String.join("\n", tree)).doesNotContain(name);
		assertThat(rowsNamed(name)).isEqualTo(1);
	}

	@Test
	void printsTheGetAsOneTreeFromFrontToTheSelect() {
		int printedBefore = console.size();
		given(frontRequest()).get("/items").then().statusCode(200);

		List<String> tree = awaitTree("GET /items", printedBefore);

		assertFromFrontToTheDatabase(tree, "GET", 200, "SELECT",
				Pattern.quote("SELECT id, name, created_at FROM items WHERE ") + ".*\\?.*");
	}

	/**
	 * Checks the printed tree line by line: the header, front's SERVER and CLIENT spans,
	 * backend's SERVER span and its database call, each one level below the one before,
	 * then the statement.
	 */
	private static void assertFromFrontToTheDatabase(List<String> tree, String method, int status, String sqlOperation,
			String statement) {
		String duration = " +\\d+\\.\\d ms";
		assertThat(tree).satisfiesExactly(
				(line) -> assertThat(line)
					.matches("trace [0-9a-f]{32}  " + method + " /items  " + status + " " + duration),
				(line) -> assertThat(line).matches("front    SERVER " + method + " /items" + duration + "  " + status),
				(line) -> assertThat(line).matches("└ front    CLIENT " + method + duration + "  " + status),
				(line) -> assertThat(line)
					.matches("  └ backend  SERVER " + method + " /items" + duration + "  " + status),
				(line) -> assertThat(line).matches("    └ backend  CLIENT " + sqlOperation + " items" + duration),
				(line) -> assertThat(line).matches("      " + statement));
	}

	/**
	 * Waits until the console shows the tree of a request to front.
	 * @param request the root span's name, as in the tree's header line
	 * @param printedBefore the console's size before the request
	 * @return the lines of that tree, header first
	 */
	private static List<String> awaitTree(String request, int printedBefore) {
		return await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> printedTrees(request, printedBefore), (trees) -> trees.size() == 1)
			.getFirst();
	}

	private static List<List<String>> printedTrees(String request, int printedBefore) {
		byte[] bytes = console.toByteArray();
		String printed = new String(bytes, printedBefore, bytes.length - printedBefore, StandardCharsets.UTF_8);
		return Arrays.stream(printed.split("\n\n"))
			.map((tree) -> tree.lines().toList())
			.filter((lines) -> !lines.isEmpty() && lines.getFirst().matches("trace [0-9a-f]{32}  " + request + "  .*"))
			.toList();
	}

	private static int rowsNamed(String name) throws SQLException {
		try (Connection connection = DriverManager.getConnection(stack.postgres().jdbcUrl(), PostgresServer.USERNAME,
				PostgresServer.PASSWORD);
				PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM items WHERE name = ?")) {
			count.setString(1, name);
			try (ResultSet result = count.executeQuery()) {
				result.next();
				return result.getInt(1);
			}
		}
	}

	private static RequestSpecification frontRequest() {
		return ApiRequests.to(stack.front().baseUrl());
	}

}
