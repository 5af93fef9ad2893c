package com.example.meshtrace.localrun.otlp;

import java.util.List;

import io.grpc.BindableService;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;

/**
 * The three OTLP/gRPC services of a collector, storing every export request they get.
 */
final class GrpcOtlpServices {

	private GrpcOtlpServices() {
	}

	static List<BindableService> all(ReceivedTelemetry telemetry) {
		return List.of(new Traces(telemetry), new Logs(telemetry), new Metrics(telemetry));
	}

	private static final class Traces extends TraceServiceGrpc.TraceServiceImplBase {

		private final ReceivedTelemetry telemetry;

		Traces(ReceivedTelemetry telemetry) {
			this.telemetry = telemetry;
		}

		@Override
		public void export(ExportTraceServiceRequest request,
				StreamObserver<ExportTraceServiceResponse> responseObserver) {
			this.telemetry.accept(OtlpTransport.GRPC, request);
			responseObserver.onNext(ExportTraceServiceResponse.getDefaultInstance());
			responseObserver.onCompleted();
		}

	}

	private static final class Logs extends LogsServiceGrpc.LogsServiceImplBase {

		private final ReceivedTelemetry telemetry;

		Logs(ReceivedTelemetry telemetry) {
			this.telemetry = telemetry;
		}

		@Override
		public void export(ExportLogsServiceRequest request,
				StreamObserver<ExportLogsServiceResponse> responseObserver) {
			this.telemetry.accept(OtlpTransport.GRPC, request);
			responseObserver.onNext(ExportLogsServiceResponse.getDefaultInstance());
			responseObserver.onCompleted();
		}

	}

	private static final class Metrics extends MetricsServiceGrpc.MetricsServiceImplBase {

		private final ReceivedTelemetry telemetry;

		Metrics(ReceivedTelemetry telemetry) {
			this.telemetry = telemetry;
		}

		@Override
		public void export(ExportMetricsServiceRequest request,
				StreamObserver<ExportMetricsServiceResponse> responseObserver) {
			this.telemetry.accept(OtlpTransport.GRPC, request);
			responseObserver.onNext(ExportMetricsServiceResponse.getDefaultInstance());
			responseObserver.onCompleted();
		}

	}

}
