package com.example.meshtrace.e2e;

import com.example.meshtrace.localrun.LoopbackPorts;
import com.example.meshtrace.localrun.otlp.OtlpReceiver;
import com.example.meshtrace.localrun.otlp.OtlpTransport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Nothing listens at the OTLP endpoint: every export is refused at once.
 */
class CollectorUnreachableIntegrationTests extends CollectorOutageTests {

	private static String endpoint;

	private static TracedStack stack;

	@BeforeAll
	static void startStack() {
		endpoint = "http://127.0.0.1:" + LoopbackPorts.free();
		stack = TracedStack.start("collector-unreachable", endpoint, OtlpReceiver.protocol(OtlpTransport.GRPC), null);
	}

	@AfterAll
	static void stopStack() {
		if (stack != null) {
			stack.close();
		}
	}

	@Override
	TracedStack stack() {
		return stack;
	}

	@Override
	String endpoint() {
		return endpoint;
	}

}
