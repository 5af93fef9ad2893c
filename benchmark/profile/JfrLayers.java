import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Splits the execution samples of JFR recordings (start-up excluded) into the layers that
 * tracing adds: the OpenTelemetry export threads, OpenTelemetry code inside requests,
 * Spring's Micrometer observations, and the rest. A sample belongs to the first frame that
 * is not the JDK's. Run: {@code java benchmark/profile/JfrLayers.java <file.jfr>...}
 */
public class JfrLayers {

	private static final List<String> EXPORT_THREADS = List.of("okhttp", "OkHttp", "BatchSpanProcessor",
			"BatchLogRecordProcessor", "PeriodicMetricReader");

	// Frames that only wrap the request (the filter, the client interceptor, the JDBC wrappers)
	private static final List<String> OTEL_WRAPPERS = List.of("WebMvcTelemetryProducingFilter.doFilterInternal",
			"RestTemplateInterceptor.intercept", "OpenTelemetryDataSource.", "OpenTelemetryConnection.",
			"OpenTelemetryStatement.", "OpenTelemetryPreparedStatement.");

	public static void main(String[] args) throws Exception {
		for (String file : args) {
			Map<String, Long> layers = new TreeMap<>();
			long total = 0;
			for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(file))) {
				if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
					continue;
				}
				List<RecordedFrame> frames = event.getStackTrace().getFrames();
				if (frames.stream().anyMatch((frame) -> type(frame).startsWith("org.springframework.boot.SpringApplication"))) {
					continue;
				}
				total++;
				layers.merge(layer(event.getThread("sampledThread"), frames), 1L, Long::sum);
			}
			System.out.printf("%s: %d samples%n", file, total);
			for (Map.Entry<String, Long> layer : layers.entrySet()) {
				System.out.printf("  %6d  %5.1f %%  %s%n", layer.getValue(), 100.0 * layer.getValue() / total,
						layer.getKey());
			}
		}
	}

	private static String layer(RecordedThread thread, List<RecordedFrame> frames) {
		String threadName = (thread != null && thread.getJavaName() != null) ? thread.getJavaName() : "";
		if (EXPORT_THREADS.stream().anyMatch(threadName::startsWith)) {
			return "OpenTelemetry export threads";
		}
		for (RecordedFrame frame : frames) {
			String type = type(frame);
			if (type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.")) {
				continue;
			}
			String method = type + "." + frame.getMethod().getName();
			if (type.startsWith("io.opentelemetry") && OTEL_WRAPPERS.stream().noneMatch(method::contains)) {
				return "OpenTelemetry in request threads";
			}
			if (type.startsWith("io.micrometer")) {
				return "Micrometer (Spring's HTTP observations)";
			}
			return "the rest (Tomcat, Spring MVC, HTTP client, JDBC, application)";
		}
		return "the rest (Tomcat, Spring MVC, HTTP client, JDBC, application)";
	}

	private static String type(RecordedFrame frame) {
		return frame.getMethod().getType().getName();
	}

}
