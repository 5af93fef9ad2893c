package com.example.meshtrace.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.example.meshtrace.benchmark.load.HttpConnection;
import com.example.meshtrace.localrun.LoopbackPorts;
import com.example.meshtrace.localrun.ServiceProcess;

/**
 * A service started for the benchmark and the time it took until it answered its first
 * real request.
 *
 * @param process the running service
 * @param timeToFirstRequest from starting the JVM to the first {@code 200} of
 * {@code GET /items?limit=1}
 * @param cpuSecondsToFirstRequest CPU seconds the JVM used until then (all threads, user
 * and system): steadier than the wall time on a busy machine
 * @param aotLog where the JVM logged its use of the AOT cache, {@code null} for a service
 * that is not a JVM
 */
record StartedService(ServiceProcess process, Duration timeToFirstRequest, double cpuSecondsToFirstRequest,
		Path aotLog) {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

	private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

	/**
	 * Serial GC's generations in {@code GC.heap_info}: {@code DefNew} and
	 * {@code Tenured}.
	 */
	private static final Pattern GENERATION_TOTAL = Pattern
		.compile("^\\s*(?:DefNew|Tenured|def new generation|tenured generation)\\s+total (\\d+)K", Pattern.MULTILINE);

	/**
	 * Starts a service on a free loopback port as
	 * {@link #start(ServiceProcess.Spec, Path)} does, its output in
	 * {@code <logs>/<name>-<label>.log}.
	 * @param name the service's name
	 * @param jar the jar to run
	 * @param jvmOptions the JVM options, naming {@link #aotLog(Path, String, String)} as
	 * the AOT log
	 * @param label what tells this start from the service's other starts
	 * @param environment the service's environment
	 * @param logs the directory of the logs
	 * @return the started service, ready
	 */
	static StartedService start(String name, Path jar, List<String> jvmOptions, String label,
			Map<String, String> environment, Path logs) {
		ServiceProcess.Spec spec = new ServiceProcess.Spec(name, jar, LoopbackPorts.free(), environment, jvmOptions,
				logs.resolve(name + "-" + label + ".log"));
		return start(spec, aotLog(logs, name, label));
	}

	/**
	 * Where a start's JVM logs its use of the AOT cache.
	 * @param logs the directory of the logs
	 * @param name the service's name
	 * @param label what tells this start from the service's other starts
	 * @return the log's path
	 */
	static Path aotLog(Path logs, String name, String label) {
		return logs.resolve(name + "-" + label + "-aot.log");
	}

	/**
	 * Starts one of the seed's Node.js services ({@code <name>.js} in {@code directory})
	 * on a free loopback port as {@link #start(ServiceProcess.Spec, Path)} starts a jar,
	 * its output in {@code <logs>/<name>-<label>.log}.
	 * @param directory the Node.js project, with its {@code node_modules} installed
	 * @param name the service's name, also its script's
	 * @param label what tells this start from the service's other starts
	 * @param environment the service's environment
	 * @param logs the directory of the logs
	 * @return the started service, ready
	 */
	static StartedService startNode(Path directory, String name, String label, Map<String, String> environment,
			Path logs) {
		int port = LoopbackPorts.free();
		Path log = logs.resolve(name + "-" + label + ".log");
		List<String> command = List.of("node", directory.resolve(name + ".js").toString());
		return awaitFirstRequest(name, port, log, () -> ServiceProcess.start(name, command, port, environment, log),
				null);
	}

	/**
	 * Starts the service and sends {@code GET /items?limit=1} every 5 ms until it answers
	 * {@code 200}: through front that also means backend and PostgreSQL answered.
	 * @param spec what to start
	 * @param aotLog the AOT log the spec's JVM options name
	 * @return the started service, ready
	 */
	static StartedService start(ServiceProcess.Spec spec, Path aotLog) {
		return awaitFirstRequest(spec.name(), spec.port(), spec.log(), () -> ServiceProcess.start(spec), aotLog);
	}

	private static StartedService awaitFirstRequest(String name, int port, Path log, Supplier<ServiceProcess> starter,
			Path aotLog) {
		byte[] request = HttpConnection.request("GET", "/items?limit=1", port, null);
		long start = System.nanoTime();
		ServiceProcess process = starter.get();
		long deadline = start + START_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IllegalStateException(name + " exited; see " + log);
			}
			try (HttpConnection connection = HttpConnection.open(port, Duration.ofSeconds(5))) {
				if (connection.exchange(request) == 200) {
					Duration timeToFirstRequest = Duration.ofNanos(System.nanoTime() - start);
					double cpuSeconds = CpuUsage.processSeconds(process.pid());
					process.awaitReady(START_TIMEOUT);
					return new StartedService(process, timeToFirstRequest, cpuSeconds, aotLog);
				}
			}
			catch (IOException ex) {
				// Not listening yet
			}
			LockSupport.parkNanos(POLL_NANOS);
		}
		process.close();
		throw new IllegalStateException(name + " answered no request within " + START_TIMEOUT);
	}

	/**
	 * Memory as the kernel counts it ({@code /proc/<pid>/status}) and as the JVM does
	 * (heap committed by the generations, from {@code jcmd GC.heap_info}).
	 * @return the figures
	 */
	Memory memory() {
		String status;
		try {
			status = Files.readString(Path.of("/proc", String.valueOf(this.process.pid()), "status"));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read the memory of " + this.process.name(), ex);
		}
		return new Memory(kibToMib(status, "VmHWM"), kibToMib(status, "VmRSS"), kibToMib(status, "RssAnon"),
				kibToMib(status, "RssFile"), heapCommittedMiB());
	}

	private static double kibToMib(String status, String field) {
		Matcher matcher = Pattern.compile("^" + field + ":\\s+(\\d+) kB", Pattern.MULTILINE).matcher(status);
		return matcher.find() ? Math.round(Long.parseLong(matcher.group(1)) / 1024.0 * 10) / 10.0 : Double.NaN;
	}

	/**
	 * Sums the {@code total} of each generation that {@code jcmd <pid> GC.heap_info}
	 * prints for the Serial GC the images run with.
	 */
	private double heapCommittedMiB() {
		Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
		if (!Files.isExecutable(jcmd)) {
			return Double.NaN;
		}
		try {
			Process process = new ProcessBuilder(jcmd.toString(), String.valueOf(this.process.pid()), "GC.heap_info")
				.redirectErrorStream(true)
				.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
				return Double.NaN;
			}
			Matcher matcher = GENERATION_TOTAL.matcher(output);
			long kib = 0;
			while (matcher.find()) {
				kib += Long.parseLong(matcher.group(1));
			}
			return (kib > 0) ? Math.round(kib / 1024.0 * 10) / 10.0 : Double.NaN;
		}
		catch (IOException ex) {
			return Double.NaN;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Double.NaN;
		}
	}

	/**
	 * A service's memory after its phases, in MiB.
	 *
	 * @param peakRss {@code VmHWM}: the most resident memory so far, what a container's
	 * memory limit is checked against
	 * @param rss {@code VmRSS} now
	 * @param rssAnon anonymous memory now: heap, metaspace, code cache, thread stacks
	 * @param rssFile file-backed memory now: the mapped AOT cache and jars
	 * @param heapCommitted heap the JVM has committed now
	 */
	record Memory(double peakRss, double rss, double rssAnon, double rssFile, double heapCommitted) {
	}

	boolean aotCacheUsed() {
		return (this.aotLog != null) && AotCachedJar.cacheWasUsed(this.aotLog);
	}

}
