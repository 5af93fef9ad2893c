package com.example.meshtrace.localrun.otlp;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OtlpReceiverTests {

	private static final byte[] TRACE_ID = new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };

	private static final byte[] SPAN_ID = new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 };

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private OtlpReceiver receiver;

	@BeforeEach
	void startReceiver() {
		this.receiver = OtlpReceiver.start();
	}

	@AfterEach
	void stopReceiver() {
		this.receiver.close();
	}

	@Test
	void keepsSpansAndLogRecordsExportedOverGrpcWithTheirResource() throws InterruptedException {
		ManagedChannel channel = NettyChannelBuilder.forTarget(authority(OtlpTransport.GRPC)).usePlaintext().build();
		try {
			TraceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS).export(traces("svc-a"));
			LogsServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS).export(logs("svc-a"));
		}
		finally {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
		assertThat(this.receiver.spans()).singleElement().satisfies((span) -> {
			assertThat(span.transport()).isEqualTo(OtlpTransport.GRPC);
			assertThat(span.serviceName()).isEqualTo("svc-a");
			assertThat(span.name()).isEqualTo("GET /things");
			assertThat(span.kind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
			assertThat(span.traceId()).isEqualTo("0102030405060708090a0b0c0d0e0f10");
			assertThat(span.spanId()).isEqualTo("0102030405060708");
			assertThat(span.isRoot()).isTrue();
			assertThat(span.attribute("http.response.status_code")).isEqualTo(200L);
		});
		assertThat(this.receiver.logRecords()).singleElement().satisfies((record) -> {
			assertThat(record.serviceName()).isEqualTo("svc-a");
			assertThat(record.body()).isEqualTo("hello");
			assertThat(record.traceId()).isEqualTo("0102030405060708090a0b0c0d0e0f10");
		});
		assertThat(this.receiver.exportRequests()).isEqualTo(2);
	}

	@Test
	void keepsEverySignalPostedAsHttpProtobuf() throws IOException, InterruptedException {
		assertThat(post("/v1/traces", traces("svc-b").toByteArray()).statusCode()).isEqualTo(200);
		assertThat(post("/v1/logs", logs("svc-b").toByteArray()).statusCode()).isEqualTo(200);
		assertThat(post("/v1/metrics", metrics("svc-b").toByteArray()).statusCode()).isEqualTo(200);

		assertThat(this.receiver.spans()).singleElement().satisfies((span) -> {
			assertThat(span.transport()).isEqualTo(OtlpTransport.HTTP_PROTOBUF);
			assertThat(span.serviceName()).isEqualTo("svc-b");
		});
		assertThat(this.receiver.logRecords()).extracting(ReceivedLogRecord::body).containsExactly("hello");
		assertThat(this.receiver.metrics()).extracting(ReceivedMetric::name).containsExactly("jvm.thread.count");
	}

	@Test
	void rejectsJsonAndGarbage() throws IOException, InterruptedException {
		HttpRequest json = HttpRequest
			.newBuilder(URI.create(this.receiver.endpoint(OtlpTransport.HTTP_PROTOBUF) + "/v1/traces"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{}"))
			.build();
		assertThat(this.http.send(json, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(415);
		assertThat(post("/v1/traces", new byte[] { (byte) 0xff, 0x01 }).statusCode()).isEqualTo(400);
		assertThat(this.receiver.spans()).isEmpty();
	}

	@Test
	void countingReceiverKeepsNothing() throws IOException, InterruptedException {
		try (OtlpReceiver counting = OtlpReceiver.startCounting()) {
			assertThat(post(counting, "/v1/traces", traces("svc-c").toByteArray()).statusCode()).isEqualTo(200);
			assertThat(counting.spanCount()).isEqualTo(1);
			assertThat(counting.spans()).isEmpty();
		}
	}

	@Test
	void listeningReceiverHandsEachSpanOnAndKeepsNothing() throws IOException, InterruptedException {
		List<ReceivedSpan> heard = new CopyOnWriteArrayList<>();
		try (OtlpReceiver listening = OtlpReceiver.start(heard::add)) {
			assertThat(post(listening, "/v1/traces", traces("svc-d").toByteArray()).statusCode()).isEqualTo(200);
			assertThat(heard).singleElement().satisfies((span) -> {
				assertThat(span.serviceName()).isEqualTo("svc-d");
				assertThat(span.name()).isEqualTo("GET /things");
			});
			assertThat(listening.spans()).isEmpty();
			assertThat(listening.spanCount()).isEqualTo(1);
		}
	}

	private HttpResponse<Void> post(String path, byte[] body) throws IOException, InterruptedException {
		return post(this.receiver, path, body);
	}

	private HttpResponse<Void> post(OtlpReceiver target, String path, byte[] body)
			throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(target.endpoint(OtlpTransport.HTTP_PROTOBUF) + path))
			.header("Content-Type", "application/x-protobuf")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.discarding());
	}

	private String authority(OtlpTransport transport) {
		return URI.create(this.receiver.endpoint(transport)).getAuthority();
	}

	private static Resource resource(String serviceName) {
		return Resource.newBuilder().addAttributes(stringAttribute("service.name", serviceName)).build();
	}

	private static KeyValue stringAttribute(String key, String value) {
		return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
	}

	private static ExportTraceServiceRequest traces(String serviceName) {
		Span span = Span.newBuilder()
			.setTraceId(ByteString.copyFrom(TRACE_ID))
			.setSpanId(ByteString.copyFrom(SPAN_ID))
			.setName("GET /things")
			.setKind(Span.SpanKind.SPAN_KIND_SERVER)
			.addAttributes(KeyValue.newBuilder()
				.setKey("http.response.status_code")
				.setValue(AnyValue.newBuilder().setIntValue(200)))
			.build();
		return ExportTraceServiceRequest.newBuilder()
			.addResourceSpans(ResourceSpans.newBuilder()
				.setResource(resource(serviceName))
				.addScopeSpans(ScopeSpans.newBuilder().addSpans(span)))
			.build();
	}

	private static ExportLogsServiceRequest logs(String serviceName) {
		LogRecord record = LogRecord.newBuilder()
			.setBody(AnyValue.newBuilder().setStringValue("hello"))
			.setTraceId(ByteString.copyFrom(TRACE_ID))
			.setSpanId(ByteString.copyFrom(SPAN_ID))
			.build();
		return ExportLogsServiceRequest.newBuilder()
			.addResourceLogs(ResourceLogs.newBuilder()
				.setResource(resource(serviceName))
				.addScopeLogs(ScopeLogs.newBuilder().addLogRecords(record)))
			.build();
	}

	private static ExportMetricsServiceRequest metrics(String serviceName) {
		return ExportMetricsServiceRequest.newBuilder()
			.addResourceMetrics(ResourceMetrics.newBuilder()
				.setResource(resource(serviceName))
				.addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(Metric.newBuilder().setName("jvm.thread.count"))))
			.build();
	}

}
