package com.example.meshtrace.support.telemetry;

import io.opentelemetry.sdk.common.CompletableResultCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class ExportFailureReporterTests {

	private final ExportFailureReporter reporter = new ExportFailureReporter("http://collector:4317");

	@Test
	void warnsOnceWhileExportsFailAndOnceWhenTheyWorkAgain(CapturedOutput output) {
		this.reporter.watch("spans", CompletableResultCode.ofSuccess());
		this.reporter.watch("spans",
				CompletableResultCode.ofExceptionalFailure(new IllegalStateException("Failed to connect")));
		this.reporter.watch("logs", CompletableResultCode.ofFailure());
		this.reporter.watch("metrics", CompletableResultCode.ofFailure());

		assertThat(output.getOut().lines().filter((line) -> line.contains("Could not export"))).singleElement()
			.asString()
			.contains("WARN", "spans", "http://collector:4317", "Failed to connect");
		assertThat(output.getOut()).doesNotContain("works again");

		this.reporter.watch("logs", CompletableResultCode.ofSuccess());
		this.reporter.watch("spans", CompletableResultCode.ofSuccess());

		assertThat(output.getOut().lines().filter((line) -> line.contains("works again"))).hasSize(1);
	}

	@Test
	void reportsTheOutcomeOfExportsStillInFlight(CapturedOutput output) {
		CompletableResultCode inFlight = new CompletableResultCode();
		assertThat(this.reporter.watch("spans", inFlight)).isSameAs(inFlight);
		assertThat(output.getOut()).doesNotContain("Could not export");

		inFlight.fail();

		assertThat(output.getOut()).contains("Could not export spans");
	}

}
