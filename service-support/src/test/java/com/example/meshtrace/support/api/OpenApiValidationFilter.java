package com.example.meshtrace.support.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.SimpleValidationReportFormat;
import com.atlassian.oai.validator.report.ValidationReport;
import io.restassured.filter.FilterContext;
import io.restassured.filter.OrderedFilter;
import io.restassured.http.Header;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * Holds every REST Assured exchange to the OpenAPI document both services serve
 * ({@code static/openapi.yaml} of service-support). {@link ApiRequests} builds request
 * specifications with it; any other can add it with {@code addFilter}.
 * <p>
 * The response must always match the document: a declared status, content type, body and
 * headers. The request is checked too, but an invalid request does not fail the test by
 * itself, because tests of bad input send invalid requests on purpose; instead the
 * document and the service must agree on it: a request the document rejects must be
 * answered 4xx, and a request the document accepts must not be answered 400. Management
 * endpoints ({@code /actuator}) are not part of the API and pass unchecked.
 */
public final class OpenApiValidationFilter implements OrderedFilter {

	private static final String DOCUMENT = "static/openapi.yaml";

	// Parsing the document is slow; the validator is immutable and thread-safe
	private static final OpenApiInteractionValidator validator = OpenApiInteractionValidator
		.createForInlineApiSpecification(readDocument())
		// Read the document as JSON Schema 2020-12 does: an object is open unless its
		// schema closes it (additionalProperties or unevaluatedProperties: false). The
		// validator would otherwise close every object, including each branch of an allOf
		.withLevelResolver(LevelResolver.create()
			.withLevel("validation.schema.additionalProperties", ValidationReport.Level.IGNORE)
			.build())
		.build();

	@Override
	public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification responseSpec,
			FilterContext context) {
		// A streamed body can be read only once, by the client that sends it
		boolean requestReadable = !(request.getBody() instanceof InputStream);
		Response response = context.next(request, responseSpec);
		URI uri = URI.create(request.getURI());
		if (uri.getPath().equals("/actuator") || uri.getPath().startsWith("/actuator/")) {
			return response;
		}
		Request.Method method = Request.Method.valueOf(request.getMethod().toUpperCase(Locale.ROOT));
		List<String> faults = new ArrayList<>();
		ValidationReport responseReport = validator.validateResponse(uri.getRawPath(), method, toValidated(response));
		if (responseReport.hasErrors()) {
			faults.add("The response does not match the document:" + format(responseReport));
		}
		if (requestReadable) {
			ValidationReport requestReport = validator.validateRequest(toValidated(request, method, uri));
			int status = response.getStatusCode();
			if (requestReport.hasErrors() && (status < 400 || status > 499)) {
				faults.add("The document rejects this request, but it was answered " + status + ":"
						+ format(requestReport));
			}
			if (!requestReport.hasErrors() && status == 400) {
				faults.add("The document accepts this request, but it was answered 400: " + response.asString());
			}
		}
		if (!faults.isEmpty()) {
			throw new AssertionError(
					request.getMethod() + " " + uri + " against " + DOCUMENT + ":\n" + String.join("\n", faults));
		}
		return response;
	}

	@Override
	public int getOrder() {
		// Outside REST Assured's timing filter: the response time that tests bound with
		// time(...) must not include the validation (the first one compiles the schemas)
		return HIGHEST_PRECEDENCE;
	}

	private static SimpleRequest toValidated(FilterableRequestSpecification request, Request.Method method, URI uri) {
		SimpleRequest.Builder builder = new SimpleRequest.Builder(method, uri.getRawPath());
		group(request.getHeaders().asList()).forEach(builder::withHeader);
		if (request.getContentType() != null) {
			builder.withContentType(request.getContentType());
		}
		queryParameters(uri).forEach(builder::withQueryParam);
		Object body = request.getBody();
		if (body instanceof String text) {
			builder.withBody(text);
		}
		else if (body instanceof byte[] bytes) {
			builder.withBody(bytes);
		}
		else if (body != null) {
			throw new IllegalArgumentException("Cannot validate a request body of " + body.getClass());
		}
		return builder.build();
	}

	private static SimpleResponse toValidated(Response response) {
		SimpleResponse.Builder builder = SimpleResponse.Builder.status(response.getStatusCode());
		group(response.getHeaders().asList()).forEach(builder::withHeader);
		byte[] body = response.asByteArray();
		if (body.length > 0) {
			builder.withBody(body);
		}
		return builder.build();
	}

	private static Map<String, List<String>> group(List<Header> headers) {
		Map<String, List<String>> grouped = new LinkedHashMap<>();
		headers.forEach((header) -> grouped.computeIfAbsent(header.getName(), (name) -> new ArrayList<>())
			.add(header.getValue()));
		return grouped;
	}

	private static Map<String, List<String>> queryParameters(URI uri) {
		Map<String, List<String>> parameters = new LinkedHashMap<>();
		if (uri.getRawQuery() == null) {
			return parameters;
		}
		for (String pair : uri.getRawQuery().split("&")) {
			int equals = pair.indexOf('=');
			String name = decode((equals >= 0) ? pair.substring(0, equals) : pair);
			String value = (equals >= 0) ? decode(pair.substring(equals + 1)) : "";
			parameters.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value);
		}
		return parameters;
	}

	private static String decode(String encoded) {
		return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
	}

	private static String format(ValidationReport report) {
		return "\n" + SimpleValidationReportFormat.getInstance().apply(report);
	}

	private static String readDocument() {
		try (InputStream in = OpenApiValidationFilter.class.getClassLoader().getResourceAsStream(DOCUMENT)) {
			if (in == null) {
				throw new IllegalStateException(DOCUMENT + " is not on the class path");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
