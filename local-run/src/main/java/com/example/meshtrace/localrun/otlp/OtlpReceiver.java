package com.example.meshtrace.localrun.otlp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.sun.net.httpserver.HttpServer;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;

/**
 * A stand-in for the OpenTelemetry Collector on 127.0.0.1: OTLP/gRPC (as the platform
 * collector on port 4317 speaks it) and OTLP/HTTP with protobuf bodies (the starter's
 * default) on two free ports, keeping everything it receives for assertions.
 */
public final class OtlpReceiver implements AutoCloseable {

	private final ReceivedTelemetry telemetry;

	private final Server grpcServer;

	private final HttpServer httpServer;

	private final ExecutorService httpExecutor;

	private OtlpReceiver(ReceivedTelemetry telemetry, Server grpcServer, HttpServer httpServer,
			ExecutorService httpExecutor) {
		this.telemetry = telemetry;
		this.grpcServer = grpcServer;
		this.httpServer = httpServer;
		this.httpExecutor = httpExecutor;
	}

	/**
	 * Starts a receiver that keeps every span, log record and metric it gets.
	 * @return the running receiver
	 */
	public static OtlpReceiver start() {
		return start(new ReceivedTelemetry(true, null));
	}

	/**
	 * Starts a receiver that only counts what it gets, for long runs such as a benchmark.
	 * @return the running receiver
	 */
	public static OtlpReceiver startCounting() {
		return start(new ReceivedTelemetry(false, null));
	}

	/**
	 * Starts a receiver that hands each span to a listener as it arrives and keeps
	 * nothing, for a long run such as the run command's.
	 * @param spanListener called on the receiver's threads, once per span
	 * @return the running receiver
	 */
	public static OtlpReceiver start(Consumer<ReceivedSpan> spanListener) {
		return start(new ReceivedTelemetry(false, spanListener));
	}

	private static OtlpReceiver start(ReceivedTelemetry telemetry) {
		InetAddress loopback = InetAddress.getLoopbackAddress();
		NettyServerBuilder grpcBuilder = NettyServerBuilder.forAddress(new InetSocketAddress(loopback, 0));
		GrpcOtlpServices.all(telemetry).forEach(grpcBuilder::addService);
		Server grpcServer = grpcBuilder.build();
		ExecutorService httpExecutor = Executors.newFixedThreadPool(2);
		try {
			grpcServer.start();
			HttpServer httpServer = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
			HttpOtlpHandler handler = new HttpOtlpHandler(telemetry);
			for (String path : List.of(HttpOtlpHandler.TRACES, HttpOtlpHandler.LOGS, HttpOtlpHandler.METRICS)) {
				httpServer.createContext(path, handler);
			}
			httpServer.setExecutor(httpExecutor);
			httpServer.start();
			return new OtlpReceiver(telemetry, grpcServer, httpServer, httpExecutor);
		}
		catch (IOException ex) {
			grpcServer.shutdownNow();
			httpExecutor.shutdownNow();
			throw new UncheckedIOException("Could not start the OTLP receiver", ex);
		}
	}

	/**
	 * The endpoint for {@code OTEL_EXPORTER_OTLP_ENDPOINT} with the given protocol.
	 * @param transport the exporter's protocol
	 * @return for example {@code http://127.0.0.1:40123}
	 */
	public String endpoint(OtlpTransport transport) {
		int port = switch (transport) {
			case GRPC -> this.grpcServer.getPort();
			case HTTP_PROTOBUF -> this.httpServer.getAddress().getPort();
		};
		return "http://127.0.0.1:" + port;
	}

	/**
	 * The value for {@code OTEL_EXPORTER_OTLP_PROTOCOL}.
	 * @param transport the transport
	 * @return {@code grpc} or {@code http/protobuf}
	 */
	public static String protocol(OtlpTransport transport) {
		return switch (transport) {
			case GRPC -> "grpc";
			case HTTP_PROTOBUF -> "http/protobuf";
		};
	}

	public List<ReceivedSpan> spans() {
		return this.telemetry.spans();
	}

	public List<ReceivedLogRecord> logRecords() {
		return this.telemetry.logRecords();
	}

	public List<ReceivedMetric> metrics() {
		return this.telemetry.metrics();
	}

	/**
	 * Counts spans received since the start, kept or not.
	 * @return the number of spans
	 */
	public long spanCount() {
		return this.telemetry.spanCount();
	}

	public long logRecordCount() {
		return this.telemetry.logRecordCount();
	}

	public long metricCount() {
		return this.telemetry.metricCount();
	}

	/**
	 * Counts export calls of all signals and both transports.
	 * @return the number of export requests
	 */
	public long exportRequests() {
		return this.telemetry.exportRequests();
	}

	/**
	 * Forgets what was kept so far; the counts stay.
	 */
	public void clear() {
		this.telemetry.clear();
	}

	@Override
	public void close() {
		this.httpServer.stop(0);
		this.httpExecutor.shutdownNow();
		this.grpcServer.shutdownNow();
		try {
			this.grpcServer.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
