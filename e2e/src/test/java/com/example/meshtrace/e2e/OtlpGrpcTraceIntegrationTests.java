package com.example.meshtrace.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.example.meshtrace.localrun.otlp.OtlpReceiver;
import com.example.meshtrace.localrun.otlp.OtlpTransport;
import com.example.meshtrace.localrun.otlp.ReceivedLogRecord;
import com.example.meshtrace.localrun.otlp.ReceivedMetric;
import com.example.meshtrace.localrun.otlp.ReceivedSpan;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status.StatusCode;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The whole path over OTLP/gRPC, the platform collector's protocol: one trace per request
 * from front to the database, logs that lead to it, metrics, and none of the noise
 * (probes, start-up SQL).
 */
class OtlpGrpcTraceIntegrationTests {

	private static final String BACKEND_RESOURCE_ATTRIBUTES = "service.namespace=mesh-trace-sample,"
			+ "deployment.environment.name=e2e,k8s.namespace.name=mesh-trace-e2e,k8s.pod.name=backend-7d9f-abcde";

	private static OtlpReceiver receiver;

	private static TracedStack stack;

	@BeforeAll
	static void startStack() {
		// The receiver first: the services export from their first second
		receiver = OtlpReceiver.start();
		stack = TracedStack.start("grpc", receiver.endpoint(OtlpTransport.GRPC),
				OtlpReceiver.protocol(OtlpTransport.GRPC), BACKEND_RESOURCE_ATTRIBUTES);
	}

	@AfterAll
	static void stopStack() {
		try {
			if (stack != null) {
				stack.close();
			}
		}
		finally {
			receiver.close();
		}
	}

	@Test
	void postToFrontIsOneTraceFromFrontToTheInsert() {
		String name = "grpc-item-" + UUID.randomUUID();
		TraceParent caller = TraceParent.random();

		given(stack.frontRequest()).header("traceparent", caller.header())
			.contentType(ContentType.JSON)
			.body(Map.of("name", name))
			.when()
			.post("/items")
			.then()
			.statusCode(201)
			.body("name", equalTo(name));

		ItemTrace trace = ItemTrace.awaitDatabaseCall(receiver, caller.traceId());
		trace.assertPassesThroughBothServicesToTheDatabase("POST", "INSERT", caller.spanId());
		assertThat(trace.spans()).allSatisfy((span) -> {
			assertThat(span.transport()).isEqualTo(OtlpTransport.GRPC);
			assertThat(span.statusCode()).isNotEqualTo(StatusCode.STATUS_CODE_ERROR);
			assertThat(span.attributes().values()).as("no span carries the item's name")
				.noneMatch((value) -> String.valueOf(value).contains(name));
		});
		assertThat(trace.only("backend", SpanKind.SPAN_KIND_CLIENT).attribute("db.query.text"))
			.isEqualTo("INSERT INTO items (name) VALUES (?) RETURNING id, name, created_at");
		assertThat(trace.only("backend", SpanKind.SPAN_KIND_SERVER).attribute("http.response.status_code"))
			.isEqualTo(201L);
	}

	@Test
	void getWithoutTraceparentStartsItsTraceAtFront() {
		int limit = ThreadLocalRandom.current().nextInt(2, 1000);

		given(stack.frontRequest()).queryParam("limit", limit).when().get("/items").then().statusCode(200);

		ReceivedSpan frontServer = await().atMost(ItemTrace.EXPORT_WAIT)
			.until(() -> receiver.spans()
				.stream()
				.filter((span) -> span.serviceName().equals("front") && span.kind() == SpanKind.SPAN_KIND_SERVER
						&& ("limit=" + limit).equals(span.attribute("url.query")))
				.findFirst(), Optional::isPresent)
			.orElseThrow();
		ItemTrace trace = ItemTrace.awaitDatabaseCall(receiver, frontServer.traceId());
		trace.assertPassesThroughBothServicesToTheDatabase("GET", "SELECT", null);
		assertThat(trace.only("backend", SpanKind.SPAN_KIND_CLIENT).attribute("db.query.text")).asString()
			.contains("FROM items")
			.doesNotContain(String.valueOf(limit));
	}

	@Test
	void everySpanCarriesItsOwnServicesResource() {
		TraceParent caller = TraceParent.random();
		given(stack.frontRequest()).header("traceparent", caller.header()).when().get("/items").then().statusCode(200);

		ItemTrace trace = ItemTrace.awaitDatabaseCall(receiver, caller.traceId());
		String version = System.getProperty("project.version");
		assertThat(trace.only("front", SpanKind.SPAN_KIND_SERVER).resource()).containsEntry("service.name", "front")
			.containsEntry("service.version", version)
			.containsEntry("service.namespace", "mesh-trace-sample")
			.containsEntry("deployment.environment.name", "local");
		assertThat(trace.only("backend", SpanKind.SPAN_KIND_SERVER).resource()).containsEntry("service.name", "backend")
			.containsEntry("service.version", version)
			.containsEntry("service.namespace", "mesh-trace-sample")
			.containsEntry("deployment.environment.name", "e2e")
			.containsEntry("k8s.namespace.name", "mesh-trace-e2e")
			.containsEntry("k8s.pod.name", "backend-7d9f-abcde");
	}

	@Test
	void databaseOutageMarksSpansOfBothServicesAsErrorsAndLogsLeadToTheTrace() throws Exception {
		TraceParent caller = TraceParent.random();
		stack.postgres().stop();
		try {
			given(stack.frontRequest()).header("traceparent", caller.header())
				.contentType(ContentType.JSON)
				.body(Map.of("name", "during-outage"))
				.when()
				.post("/items")
				.then()
				.statusCode(502);
		}
		finally {
			stack.postgres().restart();
		}

		ItemTrace trace = ItemTrace.await(receiver, caller.traceId(),
				(candidate) -> candidate.has("backend", SpanKind.SPAN_KIND_SERVER)
						&& candidate.has("front", SpanKind.SPAN_KIND_SERVER));
		ReceivedSpan frontServer = trace.only("front", SpanKind.SPAN_KIND_SERVER);
		ReceivedSpan frontClient = trace.only("front", SpanKind.SPAN_KIND_CLIENT);
		ReceivedSpan backendServer = trace.only("backend", SpanKind.SPAN_KIND_SERVER);
		assertThat(List.of(frontServer, frontClient, backendServer))
			.allSatisfy((span) -> assertThat(span.statusCode()).as("status of %s", span)
				.isEqualTo(StatusCode.STATUS_CODE_ERROR));
		assertThat(frontServer.attribute("http.response.status_code")).isEqualTo(502L);
		assertThat(frontClient.attribute("http.response.status_code")).isEqualTo(503L);
		assertThat(backendServer.attribute("http.response.status_code")).isEqualTo(503L);
		assertThat(backendServer.parentSpanId()).isEqualTo(frontClient.spanId());

		// The warning backend logs in the request carries the trace and the span it was
		// written in, over OTLP and on the console
		ReceivedLogRecord warning = await().atMost(ItemTrace.EXPORT_WAIT)
			.until(() -> receiver.logRecords()
				.stream()
				.filter((record) -> record.serviceName().equals("backend") && record.traceId().equals(caller.traceId())
						&& record.body().startsWith("Database unavailable"))
				.findFirst(), Optional::isPresent)
			.orElseThrow();
		assertThat(warning.severityText()).isEqualTo("WARN");
		assertThat(warning.spanId()).isEqualTo(backendServer.spanId());
		await().atMost(ItemTrace.EXPORT_WAIT)
			.untilAsserted(() -> assertThat(receiver.logRecords()).anySatisfy((record) -> {
				assertThat(record.serviceName()).isEqualTo("front");
				assertThat(record.traceId()).isEqualTo(caller.traceId());
			}));
		assertThat(consoleLines(stack.backend().log())).anyMatch((line) -> line.contains("Database unavailable")
				&& line.contains(caller.traceId()) && line.contains(backendServer.spanId()));

		stack.backend().awaitReady(Duration.ofSeconds(60));
	}

	@Test
	void actuatorRequestsProduceNoSpans() {
		for (int i = 0; i < 5; i++) {
			given(stack.frontRequest()).get("/actuator/health").then().statusCode(200);
			given(stack.backendRequest()).get("/actuator/health/readiness").then().statusCode(200);
			given(stack.backendRequest()).get("/actuator/info").then().statusCode(200);
		}
		// A request after the probes: once its trace is in, the probes' spans would be
		// too
		TraceParent marker = TraceParent.random();
		given(stack.frontRequest()).header("traceparent", marker.header()).get("/items").then().statusCode(200);
		ItemTrace.awaitDatabaseCall(receiver, marker.traceId());

		assertThat(receiver.spans()).as("spans of /actuator requests")
			.noneMatch((span) -> String.valueOf(span.attribute("url.path")).startsWith("/actuator")
					|| span.name().contains("/actuator"));
	}

	@Test
	void startUpSqlLeavesNoRootSpans() {
		// Flyway and the pool ran their SQL before any test request; every root span
		// since
		// the receiver started must be a request to /items
		TraceParent marker = TraceParent.random();
		given(stack.frontRequest()).header("traceparent", marker.header()).get("/items").then().statusCode(200);
		ItemTrace.awaitDatabaseCall(receiver, marker.traceId());

		List<ReceivedSpan> backendSpans = receiver.spans()
			.stream()
			.filter((span) -> span.serviceName().equals("backend"))
			.toList();
		assertThat(backendSpans).isNotEmpty();
		assertThat(backendSpans).as("backend root spans").noneMatch(ReceivedSpan::isRoot);
		assertThat(receiver.spans()).as("root spans")
			.filteredOn(ReceivedSpan::isRoot)
			.allSatisfy((span) -> assertThat(span.name()).endsWith("/items"));
	}

	@Test
	void metricsArriveForHttpJvmAndTheConnectionPool() {
		given(stack.frontRequest()).get("/items").then().statusCode(200);

		await().atMost(ItemTrace.EXPORT_WAIT).untilAsserted(() -> {
			List<ReceivedMetric> metrics = receiver.metrics();
			assertThat(names(metrics, "front")).contains("http.server.request.duration", "http.client.request.duration",
					"jvm.memory.used");
			assertThat(names(metrics, "backend")).contains("http.server.request.duration", "jvm.memory.used",
					"hikaricp.connections.active");
		});
		assertThat(receiver.metrics()).extracting(ReceivedMetric::transport).containsOnly(OtlpTransport.GRPC);
		assertThat(receiver.metrics()).as("metrics through the Micrometer bridge: the pool only, nothing twice")
			.filteredOn((metric) -> metric.scope().contains("micrometer"))
			.isNotEmpty()
			.extracting(ReceivedMetric::name)
			.allMatch((name) -> name.startsWith("hikaricp."));
	}

	private static List<String> names(List<ReceivedMetric> metrics, String service) {
		return metrics.stream()
			.filter((metric) -> metric.serviceName().equals(service))
			.map(ReceivedMetric::name)
			.distinct()
			.toList();
	}

	private static List<String> consoleLines(Path log) throws Exception {
		return Files.readAllLines(log);
	}

}
