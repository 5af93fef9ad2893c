package com.example.meshtrace.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class StartupPhasesTests {

	private static final String BACKEND_LOG = """
			2026-11-30T11:36:29.718Z  INFO 3707 --- [backend] [main] c.e.m.backend.BackendApplication : Starting AOT-processed BackendApplication v0.1.0-SNAPSHOT using Java 25.0.3 with PID 3707
			2026-11-30T11:36:30.440Z  INFO 3707 --- [backend] [main] o.s.b.tomcat.TomcatWebServer : Tomcat initialized with port 18081 (http)
			2026-11-30T11:36:30.455Z  INFO 3707 --- [backend] [main] o.apache.catalina.core.StandardService : Starting service [Tomcat]
			2026-11-30T11:36:30.686Z  INFO 3707 --- [backend] [main] i.o.i.s.a.OpenTelemetryAutoConfiguration : OpenTelemetry Spring Boot starter (2.31.1) has been started
			2026-11-30T11:36:30.874Z  INFO 3707 --- [backend] [main] com.zaxxer.hikari.HikariDataSource : HikariPool-1 - Starting...
			2026-11-30T11:36:30.918Z  INFO 3707 --- [backend] [main] com.zaxxer.hikari.HikariDataSource : HikariPool-1 - Start completed.
			2026-11-30T11:36:31.058Z  INFO 3707 --- [backend] [main] o.f.core.internal.command.DbMigrate : Schema "public" is up to date. No migration necessary.
			2026-11-30T11:36:31.355Z  INFO 3707 --- [backend] [main] o.s.b.tomcat.TomcatWebServer : Tomcat started on port 18081 (http) with context path '/'
			2026-11-30T11:36:31.365Z  INFO 3707 --- [backend] [main] c.e.m.backend.BackendApplication : Started BackendApplication in 1.950 seconds (process running for 2.250)
			""";

	@Test
	void splitsAStartAtTheFirstLineOfEachPhase(@TempDir Path directory) throws IOException {
		Path log = Files.writeString(directory.resolve("backend.log"), BACKEND_LOG);
		StartupPhases phases = StartupPhases.read(log, Instant.parse("2026-11-30T11:36:29.218Z"),
				Instant.parse("2026-11-30T11:36:31.665Z"));
		assertThat(phases.seconds()).containsExactly(entry(StartupPhases.JVM, 0.3),
				entry(StartupPhases.ENVIRONMENT, 0.2), entry(StartupPhases.MARKERS.get(0).getKey(), 0.722),
				entry(StartupPhases.MARKERS.get(1).getKey(), 0.246),
				entry(StartupPhases.MARKERS.get(2).getKey(), 0.188),
				entry(StartupPhases.MARKERS.get(3).getKey(), 0.044), entry(StartupPhases.MARKERS.get(4).getKey(), 0.14),
				entry(StartupPhases.MARKERS.get(5).getKey(), 0.297), entry(StartupPhases.MARKERS.get(6).getKey(), 0.01),
				entry(StartupPhases.FIRST_SUCCESS, 0.3));
	}

	@Test
	void leavesOutThePhasesOfADatabaseThatFrontDoesNotHave(@TempDir Path directory) throws IOException {
		String frontLog = BACKEND_LOG.lines()
			.filter((line) -> !line.contains("Hikari") && !line.contains("DbMigrate"))
			.reduce("", (all, line) -> all + line + "\n");
		Path log = Files.writeString(directory.resolve("front.log"), frontLog);
		StartupPhases phases = StartupPhases.read(log, Instant.parse("2026-11-30T11:36:29.218Z"),
				Instant.parse("2026-11-30T11:36:31.665Z"));
		assertThat(phases.seconds())
			.doesNotContainKeys(StartupPhases.MARKERS.get(2).getKey(), StartupPhases.MARKERS.get(3).getKey(),
					StartupPhases.MARKERS.get(4).getKey())
			.containsEntry(StartupPhases.MARKERS.get(5).getKey(), 0.669);
	}

	@Test
	void hasNoPhasesWhenTheServiceNeverStarted(@TempDir Path directory) throws IOException {
		Path log = Files.writeString(directory.resolve("backend.log"),
				BACKEND_LOG.lines().limit(3).reduce("", (all, line) -> all + line + "\n"));
		assertThat(StartupPhases.read(log, Instant.EPOCH, Instant.EPOCH).seconds()).isEmpty();
	}

}
