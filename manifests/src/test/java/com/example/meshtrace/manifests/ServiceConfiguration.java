package com.example.meshtrace.manifests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a service's own {@code src/main/resources/application.yml} says the deployment
 * must provide: its environment placeholders and its shutdown settings.
 *
 * @param placeholders the {@code ${NAME}} / {@code ${NAME:default}} environment variables
 * @param gracefulShutdown whether {@code server.shutdown} is {@code graceful}
 * @param shutdownPhaseTimeout {@code spring.lifecycle.timeout-per-shutdown-phase}
 * (Spring's default of 30 s when unset)
 */
record ServiceConfiguration(Set<String> placeholders, boolean gracefulShutdown, Duration shutdownPhaseTimeout) {

	/** Upper-case names only: lower-case ones are Spring property references. */
	private static final Pattern placeholder = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::[^}]*)?}");

	static ServiceConfiguration of(String service) {
		Path file = RepositoryLayout.root().resolve(service).resolve("src/main/resources/application.yml");
		assertThat(Files.isRegularFile(file))
			.as("%s must exist: the deployment's ConfigMap and shutdown timing are checked against it", file)
			.isTrue();
		String text = RepositoryLayout.read(file);
		Set<String> names = new LinkedHashSet<>();
		Matcher matcher = placeholder.matcher(text);
		while (matcher.find()) {
			names.add(matcher.group(1));
		}
		Map<String, Object> yaml = new Yaml().load(text);
		Object shutdown = path(yaml, "server", "shutdown");
		Object timeout = path(yaml, "spring", "lifecycle", "timeout-per-shutdown-phase");
		return new ServiceConfiguration(names, "graceful".equals(shutdown),
				(timeout != null) ? duration(timeout.toString()) : Duration.ofSeconds(30));
	}

	private static Object path(Map<String, Object> yaml, String... keys) {
		Object node = yaml;
		for (String key : keys) {
			if (!(node instanceof Map<?, ?> map)) {
				return null;
			}
			node = map.get(key);
		}
		return node;
	}

	static Duration duration(String value) {
		Matcher matcher = Pattern.compile("(\\d+)(ms|s|m|h)?").matcher(value.trim());
		assertThat(matcher.matches()).as("duration '%s'", value).isTrue();
		long amount = Long.parseLong(matcher.group(1));
		String unit = (matcher.group(2) != null) ? matcher.group(2) : "ms";
		return switch (unit) {
			case "ms" -> Duration.ofMillis(amount);
			case "s" -> Duration.ofSeconds(amount);
			case "m" -> Duration.ofMinutes(amount);
			default -> Duration.ofHours(amount);
		};
	}

}
