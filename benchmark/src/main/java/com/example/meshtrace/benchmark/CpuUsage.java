package com.example.meshtrace.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time from {@code /proc}: of the machine, of each process the run started and of
 * PostgreSQL (the postmaster, its live children and its reaped ones), so that a phase can
 * tell how much CPU each process spent per request and how much went to other work on the
 * machine. Times are in clock ticks of 10 ms ({@code USER_HZ} on Linux).
 */
final class CpuUsage {

	/**
	 * Suffix of the entries that count a JVM's JIT compiler threads, part of its total.
	 */
	static final String JIT = " JIT";

	private static final double SECONDS_PER_TICK = 0.01;

	private final Map<String, Long> processes;

	private final long postmaster;

	CpuUsage(Map<String, Long> processes, long postmaster) {
		this.processes = new LinkedHashMap<>(processes);
		this.postmaster = postmaster;
	}

	/**
	 * Takes a snapshot now.
	 * @return CPU seconds so far of the machine ({@code machine}), of each process, of
	 * its JIT compiler threads ({@code <name> JIT}, included in the process's figure) and
	 * of {@code PostgreSQL}
	 */
	Map<String, Double> snapshot() {
		Map<String, Double> seconds = new LinkedHashMap<>();
		seconds.put("machine", machineBusyTicks() * SECONDS_PER_TICK);
		this.processes.forEach((name, pid) -> {
			seconds.put(name, processTicks(pid, false) * SECONDS_PER_TICK);
			seconds.put(name + JIT, compilerTicks(pid) * SECONDS_PER_TICK);
		});
		if (this.postmaster > 0) {
			seconds.put("PostgreSQL", postgresTicks() * SECONDS_PER_TICK);
		}
		return seconds;
	}

	/**
	 * Finds the postmaster as the parent of a server process.
	 * @param backendPid a server process, from {@code pg_backend_pid()}
	 * @return the postmaster's pid, or {@code 0} when unknown
	 */
	static long postmasterOf(long backendPid) {
		String[] stat = stat(backendPid);
		return (stat != null) ? Long.parseLong(stat[1]) : 0;
	}

	private long postgresTicks() {
		// Reaped children's time is in the postmaster's cutime and cstime
		long ticks = processTicks(this.postmaster, true);
		try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
			List<Long> pids = entries.map((path) -> path.getFileName().toString())
				.filter((name) -> name.chars().allMatch(Character::isDigit))
				.map(Long::parseLong)
				.toList();
			for (long pid : pids) {
				String[] stat = stat(pid);
				if (stat != null && Long.parseLong(stat[1]) == this.postmaster) {
					ticks += ticks(stat, false);
				}
			}
		}
		catch (IOException ex) {
			// Counted what could be read
		}
		return ticks;
	}

	/**
	 * CPU of the threads that HotSpot names {@code C1 CompilerThread<n>} and
	 * {@code C2 CompilerThread<n>}: how much of a phase went to compiling rather than to
	 * answering.
	 */
	private static long compilerTicks(long pid) {
		long ticks = 0;
		try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
			for (Path task : tasks.toList()) {
				try {
					String stat = Files.readString(task.resolve("stat"));
					String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
					if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
						ticks += ticks(stat.substring(stat.lastIndexOf(')') + 2).split(" "), false);
					}
				}
				catch (IOException | RuntimeException ex) {
					// The thread ended meanwhile
				}
			}
		}
		catch (IOException ex) {
			// The process ended meanwhile
		}
		return ticks;
	}

	private static long machineBusyTicks() {
		try {
			String[] cpu = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
			// cpu user nice system idle iowait irq softirq steal ...: busy is all but
			// idle and
			// iowait
			long busy = 0;
			for (int i = 1; i < Math.min(cpu.length, 9); i++) {
				if (i != 4 && i != 5) {
					busy += Long.parseLong(cpu[i]);
				}
			}
			return busy;
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

	/**
	 * CPU seconds a process has used so far, all its threads, user and system.
	 * @param pid the process
	 * @return the seconds, {@code 0} when the process is gone
	 */
	static double processSeconds(long pid) {
		return Math.round(processTicks(pid, false) * SECONDS_PER_TICK * 100) / 100.0;
	}

	private static long processTicks(long pid, boolean withReapedChildren) {
		String[] stat = stat(pid);
		return (stat != null) ? ticks(stat, withReapedChildren) : 0;
	}

	private static long ticks(String[] stat, boolean withReapedChildren) {
		// After the command: state(0) ppid(1) ... utime(11) stime(12) cutime(13)
		// cstime(14)
		long ticks = Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
		return withReapedChildren ? ticks + Long.parseLong(stat[13]) + Long.parseLong(stat[14]) : ticks;
	}

	/**
	 * The fields of {@code /proc/<pid>/stat} after the command, which may hold spaces.
	 */
	private static String[] stat(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
			return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

}
