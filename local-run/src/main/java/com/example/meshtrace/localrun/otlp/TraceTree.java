package com.example.meshtrace.localrun.otlp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.opentelemetry.proto.trace.v1.Status;

/**
 * One trace drawn as a tree for the console: a header with the trace id and the root
 * request, then one line per span (service, kind, name, duration, status) nested under
 * its parent, and the SQL statement under a database span.
 *
 * @param spans the spans of one trace, in any order
 */
record TraceTree(List<ReceivedSpan> spans) {

	private static final Comparator<ReceivedSpan> BY_START = Comparator
		.comparingLong((ReceivedSpan span) -> span.span().getStartTimeUnixNano());

	TraceTree {
		spans = List.copyOf(spans);
	}

	/**
	 * Draws the tree. A span whose parent is not in the trace (the caller's, or one that
	 * never arrived) starts a tree of its own.
	 * @return the lines, each ending with a line break
	 */
	String render() {
		Set<String> spanIds = this.spans.stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
		Map<String, List<ReceivedSpan>> children = this.spans.stream()
			.filter((span) -> spanIds.contains(span.parentSpanId()))
			.collect(Collectors.groupingBy(ReceivedSpan::parentSpanId));
		List<ReceivedSpan> roots = this.spans.stream()
			.filter((span) -> !spanIds.contains(span.parentSpanId()))
			.sorted(BY_START)
			.toList();
		List<Line> lines = new ArrayList<>();
		for (ReceivedSpan root : roots) {
			addLines(root, "", "", children, lines);
		}
		int width = lines.stream()
			.filter((line) -> line.duration() != null)
			.mapToInt((line) -> line.left().length())
			.max()
			.orElse(0) + 2;
		StringBuilder out = new StringBuilder(header(roots.getFirst())).append('\n');
		for (Line line : lines) {
			if (line.duration() == null) {
				out.append(line.left()).append('\n');
			}
			else {
				String row = String.format(Locale.ROOT, "%-" + width + "s%10s  %s", line.left(), line.duration(),
						line.status());
				out.append(row.stripTrailing()).append('\n');
			}
		}
		return out.toString();
	}

	private static void addLines(ReceivedSpan span, String branch, String indent,
			Map<String, List<ReceivedSpan>> children, List<Line> lines) {
		lines.add(new Line(
				branch + String.format(Locale.ROOT, "%-8s %-6s %s", span.serviceName(), kind(span), span.name()),
				duration(span), status(span)));
		List<ReceivedSpan> below = children.getOrDefault(span.spanId(), List.of()).stream().sorted(BY_START).toList();
		String statement = statement(span);
		if (statement != null) {
			lines.add(new Line(indent + (below.isEmpty() ? "" : "│ ") + statement, null, null));
		}
		for (int i = 0; i < below.size(); i++) {
			boolean last = i == below.size() - 1;
			addLines(below.get(i), indent + (last ? "└ " : "├ "), indent + (last ? "  " : "│ "), children, lines);
		}
	}

	private static String header(ReceivedSpan root) {
		return Stream.of("trace " + root.traceId(), root.name(), status(root), duration(root))
			.filter((part) -> !part.isEmpty())
			.collect(Collectors.joining("  "));
	}

	private static String kind(ReceivedSpan span) {
		return span.kind().name().replace("SPAN_KIND_", "");
	}

	private static String duration(ReceivedSpan span) {
		long nanos = span.span().getEndTimeUnixNano() - span.span().getStartTimeUnixNano();
		return String.format(Locale.ROOT, "%.1f ms", nanos / 1_000_000.0);
	}

	/**
	 * The HTTP status code if there is one, and {@code ERROR} when the span says so.
	 */
	private static String status(ReceivedSpan span) {
		Object httpStatus = span.attribute("http.response.status_code");
		String code = (httpStatus != null) ? String.valueOf(httpStatus) : "";
		return (span.statusCode() == Status.StatusCode.STATUS_CODE_ERROR) ? (code + " ERROR").trim() : code;
	}

	/**
	 * The statement as the JDBC instrumentation recorded it: literals replaced by
	 * {@code ?}, so no value of a request shows.
	 */
	private static String statement(ReceivedSpan span) {
		Object text = span.attribute("db.query.text");
		if (text == null) {
			text = span.attribute("db.statement");
		}
		return (text != null) ? String.valueOf(text) : null;
	}

	private record Line(String left, String duration, String status) {
	}

}
