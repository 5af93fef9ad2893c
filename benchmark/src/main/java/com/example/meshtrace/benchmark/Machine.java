package com.example.meshtrace.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The machine a run measured, so that figures are quoted with it.
 *
 * @param cores processors available to the JVM
 * @param memoryMiB physical memory
 * @param cpu the processor model
 * @param os the kernel
 * @param java the JVM that ran the services
 */
record Machine(int cores, long memoryMiB, String cpu, String os, String java) {

	static Machine describe() {
		return new Machine(Runtime.getRuntime().availableProcessors(),
				find("/proc/meminfo", "^MemTotal:\\s+(\\d+) kB").map((kb) -> Long.parseLong(kb) / 1024).orElse(0L),
				find("/proc/cpuinfo", "^model name\\s*:\\s*(.+)$").orElse("unknown"),
				System.getProperty("os.name") + " " + System.getProperty("os.version"),
				System.getProperty("java.vm.name") + " " + Runtime.version());
	}

	/**
	 * The 1-, 5- and 15-minute load averages: how busy the machine was besides the run.
	 * @return for example {@code 2.10 1.80 1.20}
	 */
	static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
			return fields[0] + " " + fields[1] + " " + fields[2];
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	private static Optional<String> find(String file, String regex) {
		try {
			Matcher matcher = Pattern.compile(regex, Pattern.MULTILINE).matcher(Files.readString(Path.of(file)));
			return matcher.find() ? Optional.of(matcher.group(1).trim()) : Optional.empty();
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

}
