package com.example.meshtrace.containers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * The first container of a rendered Deployment, read as the kubelet would: its
 * environment (ConfigMaps, Secrets, the downward API and {@code $(VAR)} references),
 * port, probes, limits, security context and volumes.
 */
final class RenderedDeployment {

	private static final Pattern reference = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

	private final JsonNode deployment;

	private final JsonNode container;

	private final RenderedOverlay overlay;

	RenderedDeployment(JsonNode deployment, RenderedOverlay overlay) {
		this.deployment = deployment;
		this.container = deployment.path("spec").path("template").path("spec").path("containers").get(0);
		this.overlay = overlay;
	}

	String name() {
		return this.deployment.path("metadata").path("name").asString();
	}

	private JsonNode podSpec() {
		return this.deployment.path("spec").path("template").path("spec");
	}

	/**
	 * The container's environment in the kubelet's order: envFrom first, then env, each
	 * {@code $(VAR)} expanded from the variables before it.
	 * @param secrets the stand-in Secrets, by name and key
	 * @param podName the pod name the downward API reports
	 * @return the variables
	 */
	Map<String, String> environment(Map<String, Map<String, String>> secrets, String podName) {
		Map<String, String> environment = new LinkedHashMap<>();
		for (JsonNode source : this.container.path("envFrom")) {
			String configMap = source.path("configMapRef").path("name").asString();
			this.overlay.resource("ConfigMap", configMap)
				.path("data")
				.properties()
				.forEach((entry) -> environment.put(entry.getKey(), entry.getValue().asString()));
		}
		for (JsonNode variable : this.container.path("env")) {
			String name = variable.path("name").asString();
			JsonNode from = variable.path("valueFrom");
			String value;
			if (from.has("secretKeyRef")) {
				JsonNode key = from.path("secretKeyRef");
				value = secrets.getOrDefault(key.path("name").asString(), Map.of()).get(key.path("key").asString());
				if (value == null) {
					throw new IllegalStateException("No stand-in for secret " + key);
				}
			}
			else if (from.has("configMapKeyRef")) {
				JsonNode key = from.path("configMapKeyRef");
				value = this.overlay.resource("ConfigMap", key.path("name").asString())
					.path("data")
					.path(key.path("key").asString())
					.asString();
			}
			else if (from.has("fieldRef")) {
				value = field(from.path("fieldRef").path("fieldPath").asString(), podName);
			}
			else {
				value = expand(variable.path("value").asString(), environment);
			}
			environment.put(name, value);
		}
		return environment;
	}

	private String field(String path, String podName) {
		JsonNode metadata = this.deployment.path("spec").path("template").path("metadata");
		if (path.equals("metadata.name")) {
			return podName;
		}
		if (path.equals("metadata.namespace")) {
			return this.deployment.path("metadata").path("namespace").asString();
		}
		Matcher label = Pattern.compile("metadata\\.labels\\['(.+)'\\]").matcher(path);
		if (label.matches()) {
			return metadata.path("labels").path(label.group(1)).asString();
		}
		throw new IllegalStateException("Unsupported fieldRef " + path);
	}

	private static String expand(String value, Map<String, String> environment) {
		Matcher matcher = reference.matcher(value);
		StringBuilder expanded = new StringBuilder();
		while (matcher.find()) {
			String replacement = environment.getOrDefault(matcher.group(1), matcher.group());
			matcher.appendReplacement(expanded, Matcher.quoteReplacement(replacement));
		}
		matcher.appendTail(expanded);
		return expanded.toString();
	}

	/**
	 * The container port a probe or Service names.
	 * @param port a port name or number
	 * @return the number
	 */
	int containerPort(JsonNode port) {
		if (port.isNumber()) {
			return port.asInt();
		}
		for (JsonNode declared : this.container.path("ports")) {
			if (declared.path("name").asString().equals(port.asString())) {
				return declared.path("containerPort").asInt();
			}
		}
		throw new IllegalStateException("No container port " + port + " in " + name());
	}

	int httpPort() {
		return containerPort(this.container.path("ports").get(0).path("containerPort"));
	}

	/**
	 * An HTTP probe.
	 * @param kind {@code readinessProbe}, {@code livenessProbe} or {@code startupProbe}
	 * @return its path and container port
	 */
	Probe probe(String kind) {
		JsonNode get = this.container.path(kind).path("httpGet");
		return new Probe(get.path("path").asString(), containerPort(get.path("port")));
	}

	String memoryLimit() {
		return this.container.path("resources").path("limits").path("memory").asString();
	}

	long memoryLimitBytes() {
		Matcher quantity = Pattern.compile("(\\d+)(Ki|Mi|Gi)?").matcher(memoryLimit());
		if (!quantity.matches()) {
			throw new IllegalStateException("Unsupported memory quantity " + memoryLimit());
		}
		long factor = switch (String.valueOf(quantity.group(2))) {
			case "Ki" -> 1024L;
			case "Mi" -> 1024L * 1024;
			case "Gi" -> 1024L * 1024 * 1024;
			default -> 1L;
		};
		return Long.parseLong(quantity.group(1)) * factor;
	}

	int terminationGracePeriodSeconds() {
		return podSpec().path("terminationGracePeriodSeconds").asInt(30);
	}

	/**
	 * The security context and volumes as {@code run} options: read-only root, no
	 * privilege escalation, the dropped capabilities, emptyDirs as tmpfs, Secret volumes
	 * as read-only directories holding their keys (or only the listed {@code items}) from
	 * the stand-in Secrets.
	 * @param secrets the stand-in Secrets, by name and key
	 * @param volumes a directory to write the Secret volumes' files in
	 * @return the options
	 * @throws IllegalStateException for a volume of a kind that is not stood in
	 */
	List<String> runOptions(Map<String, Map<String, String>> secrets, Path volumes) {
		List<String> options = new ArrayList<>();
		JsonNode security = this.container.path("securityContext");
		if (security.path("readOnlyRootFilesystem").asBoolean()) {
			options.add("--read-only");
		}
		if (!security.path("allowPrivilegeEscalation").asBoolean(true)) {
			options.addAll(List.of("--security-opt", "no-new-privileges"));
		}
		for (JsonNode capability : security.path("capabilities").path("drop")) {
			options.addAll(List.of("--cap-drop", capability.asString()));
		}
		options.addAll(List.of("--memory", memoryLimit().replace("Mi", "m").replace("Gi", "g")));
		for (JsonNode mount : this.container.path("volumeMounts")) {
			String name = mount.path("name").asString();
			String mountPath = mount.path("mountPath").asString();
			JsonNode volume = volume(name);
			if (volume.has("emptyDir")) {
				String size = volume.path("emptyDir").path("sizeLimit").asString("");
				options.addAll(List.of("--tmpfs", mountPath + ":rw,mode=1777"
						+ (size.isEmpty() ? "" : ",size=" + size.replace("Mi", "m").replace("Gi", "g"))));
			}
			else if (volume.has("secret")) {
				Path directory = secretVolume(volume.path("secret"), secrets, volumes.resolve(name() + "-" + name));
				// The kubelet mounts Secret volumes read-only whatever the mount says
				options.addAll(List.of("--volume", directory + ":" + mountPath + ":ro"));
			}
			else {
				throw new IllegalStateException("Volume " + name + " of kind "
						+ volume.properties()
							.stream()
							.map(Map.Entry::getKey)
							.filter((key) -> !key.equals("name"))
							.toList()
						+ " in " + name() + " is not stood in");
			}
		}
		return options;
	}

	/**
	 * Writes a Secret volume's files as the kubelet projects them: every key, or only the
	 * listed items at their paths, with the item's mode, else {@code defaultMode}, else
	 * 0644.
	 */
	private static Path secretVolume(JsonNode secret, Map<String, Map<String, String>> secrets, Path directory) {
		String secretName = secret.path("secretName").asString();
		Map<String, String> data = secrets.get(secretName);
		if (data == null) {
			throw new IllegalStateException("No stand-in for secret " + secretName);
		}
		int defaultMode = secret.path("defaultMode").asInt(0644);
		Map<String, JsonNode> items = new LinkedHashMap<>();
		for (JsonNode item : secret.path("items")) {
			items.put(item.path("key").asString(), item);
		}
		try {
			Files.createDirectories(directory);
			Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
			for (Map.Entry<String, String> entry : data.entrySet()) {
				JsonNode item = items.get(entry.getKey());
				if (!items.isEmpty() && item == null) {
					continue;
				}
				Path file = directory.resolve((item != null) ? item.path("path").asString() : entry.getKey());
				Files.createDirectories(file.getParent());
				Files.writeString(file, entry.getValue());
				int mode = (item != null) ? item.path("mode").asInt(defaultMode) : defaultMode;
				Files.setPosixFilePermissions(file, permissions(mode));
			}
			for (String key : items.keySet()) {
				if (!data.containsKey(key)) {
					throw new IllegalStateException("No key " + key + " in the stand-in for secret " + secretName);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return directory;
	}

	private static Set<PosixFilePermission> permissions(int mode) {
		StringBuilder symbolic = new StringBuilder();
		for (int shift = 6; shift >= 0; shift -= 3) {
			int bits = (mode >> shift) & 7;
			symbolic.append(((bits & 4) != 0) ? 'r' : '-')
				.append(((bits & 2) != 0) ? 'w' : '-')
				.append(((bits & 1) != 0) ? 'x' : '-');
		}
		return PosixFilePermissions.fromString(symbolic.toString());
	}

	private JsonNode volume(String name) {
		for (JsonNode volume : podSpec().path("volumes")) {
			if (volume.path("name").asString().equals(name)) {
				return volume;
			}
		}
		throw new IllegalStateException("No volume " + name + " in " + name());
	}

	/** An HTTP probe's path and container port. */
	record Probe(String path, int port) {
	}

}
