package com.example.meshtrace.localrun.otlp;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Receives the services' OTLP on 127.0.0.1 and prints each completed trace as a
 * {@link TraceTree} to a console: the local stand-in for a collector and a trace UI.
 */
public final class LocalTraceConsole implements AutoCloseable {

	/**
	 * How long after the last span of a trace with its root it is printed. Longer than
	 * {@link #SCHEDULE_DELAY}, so that the other service's spans are in.
	 */
	private static final Duration QUIET_PERIOD = Duration.ofSeconds(1);

	private static final Duration ORPHAN_WAIT = Duration.ofSeconds(10);

	/**
	 * The services' span export interval ({@code OTEL_BSP_SCHEDULE_DELAY}, 5 s by
	 * default), short so that a trace shows about a second after its request.
	 */
	private static final Duration SCHEDULE_DELAY = Duration.ofMillis(200);

	private final OtlpReceiver receiver;

	private final ScheduledExecutorService printer;

	private LocalTraceConsole(OtlpReceiver receiver, ScheduledExecutorService printer) {
		this.receiver = receiver;
		this.printer = printer;
	}

	/**
	 * Starts receiving and printing.
	 * @param console where the trees go, for example {@code System.out}
	 * @return the running console
	 */
	public static LocalTraceConsole start(PrintStream console) {
		Clock clock = Clock.systemUTC();
		TraceAssembler assembler = new TraceAssembler(QUIET_PERIOD, ORPHAN_WAIT);
		OtlpReceiver receiver = OtlpReceiver.start((span) -> assembler.add(span, clock.instant()));
		ScheduledExecutorService printer = Executors
			.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("trace-tree").daemon().factory());
		printer.scheduleWithFixedDelay(() -> {
			for (TraceTree tree : assembler.takeComplete(clock.instant())) {
				try {
					console.println(tree.render());
				}
				catch (RuntimeException ex) {
					// One odd trace must not stop the printing of the next ones
					console.println("Could not draw a trace of " + tree.spans().size() + " spans: " + ex);
				}
			}
		}, 250, 250, TimeUnit.MILLISECONDS);
		return new LocalTraceConsole(receiver, printer);
	}

	/**
	 * The variables that make a service export to this console.
	 * @return {@code OTEL_EXPORTER_OTLP_ENDPOINT}, {@code OTEL_EXPORTER_OTLP_PROTOCOL}
	 * and a short {@code OTEL_BSP_SCHEDULE_DELAY}
	 */
	public Map<String, String> exporterEnvironment() {
		return Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", this.receiver.endpoint(OtlpTransport.HTTP_PROTOBUF),
				"OTEL_EXPORTER_OTLP_PROTOCOL", OtlpReceiver.protocol(OtlpTransport.HTTP_PROTOBUF),
				"OTEL_BSP_SCHEDULE_DELAY", String.valueOf(SCHEDULE_DELAY.toMillis()));
	}

	@Override
	public void close() {
		this.printer.shutdownNow();
		this.receiver.close();
	}

}
