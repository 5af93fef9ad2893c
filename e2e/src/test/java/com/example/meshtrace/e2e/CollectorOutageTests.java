package com.example.meshtrace.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.example.meshtrace.localrun.ServiceProcess;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With nothing listening at the OTLP endpoint, requests are served as usual: the
 * exporters drop what they cannot send, off the request path, and say so without flooding
 * the log.
 */
abstract class CollectorOutageTests {

	private static final int REQUESTS = 60;

	/**
	 * The running stack, exporting to the broken collector.
	 * @return the stack
	 */
	abstract TracedStack stack();

	/**
	 * Where the stack exports to.
	 * @return the OTLP endpoint
	 */
	abstract String endpoint();

	@Test
	void requestsAreServedWithoutDelay() {
		// The first requests of a JVM pay for class loading in the test client and both
		// services, collector or not
		for (int i = 0; i < 5; i++) {
			given(stack().frontRequest()).contentType(ContentType.JSON)
				.body(Map.of("name", "warm-up-" + i))
				.post("/items")
				.then()
				.statusCode(201);
			given(stack().frontRequest()).get("/items").then().statusCode(200);
		}
		List<Duration> durations = new ArrayList<>();
		long started = System.nanoTime();
		for (int i = 0; i < REQUESTS; i++) {
			long start = System.nanoTime();
			if (i % 2 == 0) {
				given(stack().frontRequest()).contentType(ContentType.JSON)
					.body(Map.of("name", "unexported-" + i))
					.post("/items")
					.then()
					.statusCode(201);
			}
			else {
				given(stack().frontRequest()).get("/items").then().statusCode(200);
			}
			durations.add(Duration.ofNanos(System.nanoTime() - start));
		}
		Duration total = Duration.ofNanos(System.nanoTime() - started);

		assertThat(durations).as("every request")
			.allSatisfy((duration) -> assertThat(duration).isLessThan(Duration.ofSeconds(1)));
		assertThat(total).as("%d requests", REQUESTS).isLessThan(Duration.ofSeconds(15));
	}

	@Test
	void exportFailuresAreLoggedOnceWithoutStackTraces() throws IOException {
		for (int i = 0; i < 20; i++) {
			given(stack().frontRequest()).get("/items").then().statusCode(200);
		}
		// The first export of each signal fails within seconds (refused) or after the
		// exporter's 10 s timeout (silent)
		await().atMost(Duration.ofSeconds(45))
			.pollInterval(Duration.ofMillis(200))
			.untilAsserted(() -> assertThat(List.of(stack().front(), stack().backend()))
				.allSatisfy((service) -> assertThat(logLines(service))
					.anyMatch((line) -> line.contains("Could not export") && line.contains(endpoint()))));
		for (ServiceProcess service : List.of(stack().front(), stack().backend())) {
			List<String> lines = logLines(service);
			assertThat(lines).as("%s: the warning", service.name())
				.filteredOn((line) -> line.contains("Could not export"))
				.singleElement()
				.asString()
				.contains("WARN", endpoint(), "requests are not affected");
			assertThat(lines).as("%s: the SDK's own export errors", service.name())
				.noneMatch((line) -> line.contains("Failed to export") || line.contains("Exporter failed"))
				.noneMatch((line) -> line.startsWith("\tat ") || line.startsWith("Caused by:"));
		}
	}

	private static List<String> logLines(ServiceProcess service) throws IOException {
		return Files.readAllLines(service.log());
	}

}
