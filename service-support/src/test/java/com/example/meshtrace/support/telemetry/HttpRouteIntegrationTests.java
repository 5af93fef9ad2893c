package com.example.meshtrace.support.telemetry;

import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.example.meshtrace.support.telemetry.routes.RouteApplication;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.restassured.specification.RequestSpecification;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The server span takes its route from Spring MVC's own handler lookup, so that the
 * starter's filter does not look the handler up a second time.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = RouteApplication.class,
		properties = { "otel.traces.exporter=none", "otel.metrics.exporter=none", "otel.logs.exporter=none" })
@Import(HttpRouteIntegrationTests.Recording.class)
class HttpRouteIntegrationTests {

	private static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");

	private static final String LOOKUPS = HttpRouteIntegrationTests.class.getName() + ".lookups";

	private static final BlockingQueue<SpanData> endedServerSpans = new LinkedBlockingQueue<>();

	private static final BlockingQueue<Integer> lookupsPerRequest = new LinkedBlockingQueue<>();

	@LocalServerPort
	private int port;

	@BeforeEach
	void forgetEarlierRequests() {
		endedServerSpans.clear();
		lookupsPerRequest.clear();
	}

	@Test
	void namesTheServerSpanFromTheMatchedRouteBeforeTheHandlerRuns() throws InterruptedException {
		given(request()).get("/orders/42").then().statusCode(200).body(equalTo("GET /orders/{id}"));

		SpanData span = endedServerSpans.poll(10, TimeUnit.SECONDS);
		assertThat(span).isNotNull();
		assertThat(span.getName()).isEqualTo("GET /orders/{id}");
		assertThat(span.getAttributes().get(HTTP_ROUTE)).isEqualTo("/orders/{id}");
	}

	@Test
	void looksTheHandlerUpOncePerRequest() throws InterruptedException {
		given(request()).get("/orders/7").then().statusCode(200);

		assertThat(lookupsPerRequest.poll(10, TimeUnit.SECONDS)).isEqualTo(1);
	}

	@Test
	void leavesARequestThatNoControllerMapsWithoutARoute() throws InterruptedException {
		given(request()).get("/nowhere/7").then().statusCode(404);

		SpanData span = endedServerSpans.poll(10, TimeUnit.SECONDS);
		assertThat(span).isNotNull();
		assertThat(span.getName()).isEqualTo("GET");
		assertThat(span.getAttributes().get(HTTP_ROUTE)).isNull();
	}

	private RequestSpecification request() {
		return given().baseUri("http://127.0.0.1").port(this.port);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Recording {

		@Bean
		AutoConfigurationCustomizerProvider endedServerSpans() {
			return (customizer) -> customizer.addTracerProviderCustomizer(
					(tracerProvider, config) -> tracerProvider.addSpanProcessor(new ServerSpanRecorder()));
		}

		@Bean
		WebMvcRegistrations countingRequestMappings() {
			return new WebMvcRegistrations() {

				@Override
				public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
					return new CountingRequestMappingHandlerMapping();
				}

			};
		}

		@Bean
		OncePerRequestFilter lookupsPerRequest() {
			return new LookupsPerRequestFilter();
		}

	}

	/** Counts its lookups in the request they are for. */
	static class CountingRequestMappingHandlerMapping extends RequestMappingHandlerMapping {

		@Override
		protected HandlerMethod getHandlerInternal(HttpServletRequest request) throws Exception {
			Integer lookups = (Integer) request.getAttribute(LOOKUPS);
			request.setAttribute(LOOKUPS, (lookups != null) ? lookups + 1 : 1);
			return super.getHandlerInternal(request);
		}

	}

	/**
	 * Outside the starter's filter, so it reads the count once that filter has named the
	 * span.
	 */
	static class LookupsPerRequestFilter extends OncePerRequestFilter implements Ordered {

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			chain.doFilter(request, response);
			if (request.getAttribute(LOOKUPS) instanceof Integer lookups) {
				lookupsPerRequest.add(lookups);
			}
		}

		@Override
		public int getOrder() {
			return Ordered.HIGHEST_PRECEDENCE;
		}

	}

	static class ServerSpanRecorder implements SpanProcessor {

		@Override
		public void onStart(Context parentContext, ReadWriteSpan span) {
		}

		@Override
		public boolean isStartRequired() {
			return false;
		}

		@Override
		public void onEnd(ReadableSpan span) {
			if (span.getKind() == SpanKind.SERVER) {
				endedServerSpans.add(span.toSpanData());
			}
		}

		@Override
		public boolean isEndRequired() {
			return true;
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}

	}

}
