package com.example.meshtrace.reliability;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.example.meshtrace.localrun.LocalRun;
import com.example.meshtrace.localrun.otlp.OtlpReceiver;
import com.example.meshtrace.localrun.otlp.OtlpTransport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tracing exports over OTLP/gRPC at 100% sampling; the collector working, down, or
 * black-holed makes no difference to request latency or throughput beyond noise: export
 * happens off the request threads and gives up on its own.
 */
class CollectorOutageIntegrationTests {

	/**
	 * Generous, for a shared 2-core machine: an export on the request path would cost the
	 * exporter's 10 s timeout (black hole) or a failed connection per span (down).
	 */
	private static final double FACTOR = 3.0;

	private static final int REQUESTS = 400;

	private static OtlpReceiver receiver;

	private static CollectorPort collector;

	private static LocalRun stack;

	private static ItemsTable items;

	private final HttpClient client = ReliabilityStack.httpClient();

	@BeforeAll
	static void startStack() {
		receiver = OtlpReceiver.startCounting();
		int receiverPort = URI.create(receiver.endpoint(OtlpTransport.GRPC)).getPort();
		collector = CollectorPort.forwardingTo(receiverPort);
		// Short export intervals, so that every signal tries the collector several times
		// a second during each phase
		stack = ReliabilityStack.start("collector-outage",
				Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint(), "OTEL_EXPORTER_OTLP_PROTOCOL",
						OtlpReceiver.protocol(OtlpTransport.GRPC), "OTEL_BSP_SCHEDULE_DELAY", "200",
						"OTEL_BLRP_SCHEDULE_DELAY", "200", "OTEL_METRIC_EXPORT_INTERVAL", "1000"));
		items = new ItemsTable(stack.postgres());
	}

	@AfterAll
	static void stopStack() {
		try {
			if (stack != null) {
				stack.close();
			}
		}
		finally {
			collector.close();
			receiver.close();
		}
	}

	@Test
	void latencyAndThroughputDoNotDependOnTheCollector() {
		String run = UUID.randomUUID().toString();
		// Warm-up, exporting to the working receiver
		measure(run + "-warm-up", 400);

		Map<String, Phase> phases = new LinkedHashMap<>();
		long spansBefore = receiver.spanCount();
		phases.put("working", measure(run + "-working", REQUESTS));
		long spansExported = receiver.spanCount() - spansBefore;
		collector.switchTo(CollectorPort.Mode.BLACK_HOLE);
		long connectionsBefore = collector.connections();
		phases.put("black-holed", measure(run + "-black-holed", REQUESTS));
		long blackHoledConnections = collector.connections() - connectionsBefore;
		collector.switchTo(CollectorPort.Mode.DOWN);
		phases.put("down", measure(run + "-down", REQUESTS));
		collector.switchTo(CollectorPort.Mode.FORWARD);
		phases.put("working again", measure(run + "-working-again", REQUESTS));

		// Both working phases together, before and after the outages, as the baseline
		Phase baseline = phases.get("working").and(phases.get("working again"));
		StringBuilder line = new StringBuilder();
		phases.forEach((name, phase) -> line.append(name)
			.append(": median ")
			.append(Summary.seconds(phase.median()))
			.append(", ")
			.append(Math.round(phase.throughput()))
			.append(" req/s; "));
		Summary.print("collector-outage",
				REQUESTS + " POSTs through front per phase, 4 concurrent; " + line + spansExported
						+ " spans exported while working, " + blackHoledConnections
						+ " connections into the black hole");

		// The phases exercised what they claim to
		assertThat(spansExported).isGreaterThanOrEqualTo(REQUESTS);
		assertThat(blackHoledConnections).isPositive();
		phases.forEach((name, phase) -> {
			assertThat(phase.outcomes()).as(name).allSatisfy((o) -> assertThat(o.status()).isEqualTo(201));
			assertThat(phase.rows()).as(name).isEqualTo(REQUESTS);
		});
		for (String name : List.of("black-holed", "down")) {
			Phase phase = phases.get(name);
			assertThat(phase.median().toNanos()).as(name + " median latency")
				.isLessThanOrEqualTo((long) (baseline.median().toNanos() * FACTOR));
			assertThat(phase.throughput()).as(name + " throughput")
				.isGreaterThanOrEqualTo(baseline.throughput() / FACTOR);
		}
	}

	private Phase measure(String run, int requests) {
		long rowsBefore = items.count();
		long start = System.nanoTime();
		List<Load.Outcome> outcomes = Load
			.start(this.client, new Load.Settings(4, requests, Duration.ofSeconds(60), 0),
					(i) -> ItemRequests.create(stack.front().baseUrl(), run + "-" + i, run + " " + i))
			.awaitEnd();
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		return new Phase(outcomes, elapsed, items.count() - rowsBefore);
	}

	/**
	 * One phase's measurements.
	 *
	 * @param outcomes every request's outcome
	 * @param elapsed how long the phase took
	 * @param rows the rows it added
	 */
	record Phase(List<Load.Outcome> outcomes, Duration elapsed, long rows) {

		Duration median() {
			return Summary.median(this.outcomes);
		}

		double throughput() {
			return this.outcomes.size() / (this.elapsed.toNanos() / 1e9);
		}

		Phase and(Phase other) {
			List<Load.Outcome> both = new ArrayList<>(this.outcomes);
			both.addAll(other.outcomes);
			return new Phase(both, this.elapsed.plus(other.elapsed), this.rows + other.rows);
		}

	}

}
