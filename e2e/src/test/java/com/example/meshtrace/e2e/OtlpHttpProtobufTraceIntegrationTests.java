package com.example.meshtrace.e2e;

import java.util.Map;
import java.util.UUID;

import com.example.meshtrace.localrun.otlp.OtlpReceiver;
import com.example.meshtrace.localrun.otlp.OtlpTransport;
import com.example.meshtrace.localrun.otlp.ReceivedLogRecord;
import com.example.meshtrace.localrun.otlp.ReceivedMetric;
import com.example.meshtrace.localrun.otlp.ReceivedSpan;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The same trace over {@code http/protobuf}, the starter's default protocol (port 4318 on
 * a collector), with no {@code OTEL_RESOURCE_ATTRIBUTES} on either service.
 */
class OtlpHttpProtobufTraceIntegrationTests {

	private static OtlpReceiver receiver;

	private static TracedStack stack;

	@BeforeAll
	static void startStack() {
		receiver = OtlpReceiver.start();
		stack = TracedStack.start("http-protobuf", receiver.endpoint(OtlpTransport.HTTP_PROTOBUF),
				OtlpReceiver.protocol(OtlpTransport.HTTP_PROTOBUF), null);
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
		String name = "http-item-" + UUID.randomUUID();
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
		assertThat(trace.spans()).extracting(ReceivedSpan::transport).containsOnly(OtlpTransport.HTTP_PROTOBUF);
		assertThat(trace.spans()).extracting((span) -> span.resource().get("deployment.environment.name"))
			.containsOnly("local");
	}

	@Test
	void logsAndMetricsOfBothServicesArriveOverHttp() {
		given(stack.frontRequest()).get("/items").then().statusCode(200);

		await().atMost(ItemTrace.EXPORT_WAIT).untilAsserted(() -> {
			assertThat(receiver.logRecords()).extracting(ReceivedLogRecord::serviceName).contains("front", "backend");
			assertThat(receiver.metrics()).filteredOn((metric) -> metric.name().equals("http.server.request.duration"))
				.extracting(ReceivedMetric::serviceName)
				.contains("front", "backend");
		});
		assertThat(receiver.logRecords()).extracting(ReceivedLogRecord::transport)
			.containsOnly(OtlpTransport.HTTP_PROTOBUF);
		assertThat(receiver.metrics()).extracting(ReceivedMetric::transport).containsOnly(OtlpTransport.HTTP_PROTOBUF);
	}

}
