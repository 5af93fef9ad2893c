package com.example.meshtrace.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.example.meshtrace.benchmark.load.HttpConnection;
import com.example.meshtrace.stack.ServiceProcess;

/**
 * A service started for the benchmark and the time it took until it answered its first
 * real request.
 *
 * @param process the running service
 * @param timeToFirstRequest from starting the JVM to the first {@code 200} of
 * {@code GET /items?limit=1}
 * @param aotLog where the JVM logged its use of the AOT cache
 */
record StartedService(ServiceProcess process, Duration timeToFirstRequest, Path aotLog) {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

	private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

	private static final Pattern VM_HWM = Pattern.compile("^VmHWM:\\s+(\\d+) kB", Pattern.MULTILINE);

	/**
	 * Starts the service and sends {@code GET /items?limit=1} every 5 ms until it answers
	 * {@code 200}: through front that also means backend and PostgreSQL answered.
	 * @param spec what to start
	 * @param aotLog the AOT log the spec's JVM options name
	 * @return the started service, ready
	 */
	static StartedService start(ServiceProcess.Spec spec, Path aotLog) {
		byte[] request = HttpConnection.request("GET", "/items?limit=1", spec.port(), null);
		long start = System.nanoTime();
		ServiceProcess process = ServiceProcess.start(spec);
		long deadline = start + START_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IllegalStateException(spec.name() + " exited; see " + spec.log());
			}
			try (HttpConnection connection = HttpConnection.open(spec.port(), Duration.ofSeconds(5))) {
				if (connection.exchange(request) == 200) {
					Duration timeToFirstRequest = Duration.ofNanos(System.nanoTime() - start);
					process.awaitReady(START_TIMEOUT);
					return new StartedService(process, timeToFirstRequest, aotLog);
				}
			}
			catch (IOException ex) {
				// Not listening yet
			}
			LockSupport.parkNanos(POLL_NANOS);
		}
		process.close();
		throw new IllegalStateException(spec.name() + " answered no request within " + START_TIMEOUT);
	}

	/**
	 * The most resident memory the process has held so far ({@code VmHWM}), as a
	 * container's memory limit counts it.
	 * @return the peak in MiB
	 */
	double peakRssMiB() {
		try {
			Matcher matcher = VM_HWM
				.matcher(Files.readString(Path.of("/proc", String.valueOf(this.process.pid()), "status")));
			if (!matcher.find()) {
				throw new IllegalStateException("No VmHWM for " + this.process.name());
			}
			return Math.round(Long.parseLong(matcher.group(1)) / 1024.0 * 10) / 10.0;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read the memory of " + this.process.name(), ex);
		}
	}

	boolean aotCacheUsed() {
		return AotCachedJar.cacheWasUsed(this.aotLog);
	}

}
