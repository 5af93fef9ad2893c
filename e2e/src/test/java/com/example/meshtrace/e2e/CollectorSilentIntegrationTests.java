package com.example.meshtrace.e2e;

import com.example.meshtrace.localrun.otlp.OtlpReceiver;
import com.example.meshtrace.localrun.otlp.OtlpTransport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The collector accepts connections and never answers: every export waits for its timeout
 * (10 s), which must never be a request's wait.
 */
class CollectorSilentIntegrationTests extends CollectorOutageTests {

	private static SilentCollector collector;

	private static TracedStack stack;

	@BeforeAll
	static void startStack() {
		collector = SilentCollector.start();
		stack = TracedStack.start("collector-silent", collector.endpoint(), OtlpReceiver.protocol(OtlpTransport.GRPC),
				null);
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
		}
	}

	@Override
	TracedStack stack() {
		return stack;
	}

	@Override
	String endpoint() {
		return collector.endpoint();
	}

}
