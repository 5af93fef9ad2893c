package com.example.meshtrace.support.telemetry.routes;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.trace.ReadableSpan;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application outside the auto-configuration's package whose one endpoint answers with
 * the name its server span has while the handler runs.
 */
@SpringBootApplication
@RestController
public class RouteApplication {

	@GetMapping("/orders/{id}")
	String serverSpanName(@PathVariable String id) {
		return ((ReadableSpan) Span.current()).getName();
	}

}
