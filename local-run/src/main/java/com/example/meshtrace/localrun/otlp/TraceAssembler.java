package com.example.meshtrace.localrun.otlp;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Collects spans by trace id until a trace is complete: its root span (one without a
 * parent) arrived and no span followed for a quiet period. The services export in
 * batches, each on its own schedule, so a child can arrive after its root; the quiet
 * period covers that. A trace whose root never arrives (it continues a caller's
 * {@code traceparent}) is complete after the longer orphan wait.
 */
final class TraceAssembler {

	private final Duration quietPeriod;

	private final Duration orphanWait;

	private final Map<String, PendingTrace> pending = new HashMap<>();

	TraceAssembler(Duration quietPeriod, Duration orphanWait) {
		this.quietPeriod = quietPeriod;
		this.orphanWait = orphanWait;
	}

	synchronized void add(ReceivedSpan span, Instant arrival) {
		this.pending.computeIfAbsent(span.traceId(), (traceId) -> new PendingTrace()).add(span, arrival);
	}

	/**
	 * Removes and returns the traces that are complete at the given time.
	 * @param now the time to judge by
	 * @return the complete traces, oldest first
	 */
	synchronized List<TraceTree> takeComplete(Instant now) {
		List<PendingTrace> complete = new ArrayList<>();
		for (Iterator<PendingTrace> traces = this.pending.values().iterator(); traces.hasNext();) {
			PendingTrace trace = traces.next();
			Duration quiet = Duration.between(trace.lastArrival, now);
			if (quiet.compareTo(trace.hasRoot ? this.quietPeriod : this.orphanWait) >= 0) {
				complete.add(trace);
				traces.remove();
			}
		}
		complete.sort((a, b) -> a.firstArrival.compareTo(b.firstArrival));
		return complete.stream().map((trace) -> new TraceTree(trace.spans)).toList();
	}

	private static final class PendingTrace {

		private final List<ReceivedSpan> spans = new ArrayList<>();

		private Instant firstArrival;

		private Instant lastArrival;

		private boolean hasRoot;

		void add(ReceivedSpan span, Instant arrival) {
			this.spans.add(span);
			if (this.firstArrival == null) {
				this.firstArrival = arrival;
			}
			this.lastArrival = arrival;
			this.hasRoot |= span.isRoot();
		}

	}

}
