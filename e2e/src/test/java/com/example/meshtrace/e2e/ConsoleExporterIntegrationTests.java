package com.example.meshtrace.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.example.meshtrace.localrun.LoopbackPorts;
import com.example.meshtrace.localrun.ServiceProcess;
import com.example.meshtrace.support.api.ApiRequests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's way to see spans without a collector: {@code OTEL_TRACES_EXPORTER=console}
 * prints each span to standard output.
 */
class ConsoleExporterIntegrationTests {

	private static ServiceProcess front;

	@BeforeAll
	static void startFront() throws IOException {
		Path log = Path.of(System.getProperty("e2e.logs", "target/e2e-logs"), "console-front.log");
		Files.deleteIfExists(log);
		// No backend: front starts without one, and the call to it fails fast
		Map<String, String> environment = Map.of("BACKEND_URL", "http://127.0.0.1:" + LoopbackPorts.free(),
				"OTEL_TRACES_EXPORTER", "console", "OTEL_METRICS_EXPORTER", "none", "OTEL_LOGS_EXPORTER", "none",
				"OTEL_BSP_SCHEDULE_DELAY", "200");
		front = ServiceProcess
			.start(new ServiceProcess.Spec("front", ServiceJars.copyOf("front.jar"), LoopbackPorts.free(), environment,
					List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), log))
			.awaitReady(Duration.ofSeconds(120));
	}

	@AfterAll
	static void stopFront() {
		if (front != null) {
			front.close();
		}
	}

	@Test
	void printsTheServerAndClientSpansOfARequest() {
		TraceParent caller = TraceParent.random();

		given(ApiRequests.to(front.baseUrl())).header("traceparent", caller.header())
			.get("/items")
			.then()
			.statusCode(503);

		await().atMost(ItemTrace.EXPORT_WAIT).untilAsserted(() -> {
			List<String> spanLines = Files.readAllLines(front.log())
				.stream()
				.filter((line) -> line.contains("LoggingSpanExporter") && line.contains(caller.traceId()))
				.toList();
			assertThat(spanLines).anyMatch((line) -> line.contains("'GET /items'") && line.contains("SERVER"));
			assertThat(spanLines).anyMatch((line) -> line.contains("'GET'") && line.contains("CLIENT"));
		});
	}

}
