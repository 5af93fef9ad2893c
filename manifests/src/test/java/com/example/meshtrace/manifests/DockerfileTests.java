package com.example.meshtrace.manifests;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Dockerfiles, parsed (no Docker engine is needed): a JDK build stage and a JRE
 * runtime stage pinned by digest, the jar the module's build produces, an AOT cache, a
 * numeric non-root user, without a layer that rewrites the copied files.
 */
class DockerfileTests {

	private static final Pattern pinned = Pattern.compile("[^\\s@]+:[^\\s@]+@sha256:[0-9a-f]{64}");

	@ParameterizedTest
	@ValueSource(strings = { "front", "backend" })
	void buildsOnAJdkAndRunsOnAJreBothPinnedByDigest(String module) {
		Dockerfile dockerfile = Dockerfile.of(module);
		Map<String, String> arguments = dockerfile.globalArguments();
		assertThat(arguments).containsKeys("BUILD_IMAGE", "RUNTIME_IMAGE");
		assertThat(arguments.get("BUILD_IMAGE")).matches(pinned).contains(":25").contains("jdk");
		assertThat(arguments.get("RUNTIME_IMAGE")).matches(pinned).contains(":25").contains("jre");
		assertThat(dockerfile.stages()).hasSize(2);
		assertThat(dockerfile.stages().get(0).from()).isEqualTo("${BUILD_IMAGE} AS build");
		assertThat(dockerfile.stages().get(1).from()).isEqualTo("${RUNTIME_IMAGE}");
	}

	@ParameterizedTest
	@ValueSource(strings = { "front", "backend" })
	void buildStagePackagesTheModuleWithTheWrapperAndExtractsTheJarItProduces(String module) {
		Stage build = Dockerfile.of(module).stages().get(0);
		String jar = module + "/target/" + finalName(module) + ".jar";
		assertThat(build.instructions("RUN"))
			.anySatisfy((run) -> assertThat(run).contains("./mvnw").contains("-pl " + module).contains("package"));
		assertThat(build.instructions("RUN"))
			.anySatisfy((run) -> assertThat(run).contains("-Djarmode=tools -jar " + jar + " extract --layers"));
		assertThat(build.instructions("COPY")).contains(module + "/src/main/ " + module + "/src/main/");
	}

	@ParameterizedTest
	@ValueSource(strings = { "front", "backend" })
	void buildStageHasEveryReactorPomAndTheSourcesOfTheProjectModulesTheServiceNeeds(String module) {
		List<String> copies = Dockerfile.of(module).stages().get(0).instructions("COPY");
		String parent = RepositoryLayout.read(RepositoryLayout.root().resolve("pom.xml"));
		Matcher modules = Pattern.compile("<module>([^<]+)</module>").matcher(parent);
		while (modules.find()) {
			String reactorModule = modules.group(1);
			assertThat(copies).as("-pl %s -am reads every module's pom", module)
				.contains(reactorModule + "/pom.xml " + reactorModule + "/");
		}
		String pom = RepositoryLayout.read(RepositoryLayout.root().resolve(module).resolve("pom.xml"));
		Matcher dependencies = Pattern
			.compile("<groupId>com\\.example\\.meshtrace</groupId>\\s*<artifactId>([^<]+)</artifactId>")
			.matcher(pom.substring(pom.indexOf("<dependencies>")));
		List<String> ignore = RepositoryLayout.read(RepositoryLayout.root().resolve(".dockerignore")).lines().toList();
		while (dependencies.find()) {
			String source = dependencies.group(1) + "/src/main/";
			assertThat(copies).as("%s builds %s", module, dependencies.group(1)).contains(source + " " + source);
			assertThat(ignore).as(".dockerignore lets %s into the context", source).contains("!" + source);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "front", "backend" })
	void runtimeStageRunsTheJarWithAnAotCacheAsANumericNonRootUser(String module) {
		Stage runtime = Dockerfile.of(module).stages().get(1);
		String jar = finalName(module) + ".jar";
		assertThat(runtime.instructions("COPY")).filteredOn((copy) -> copy.startsWith("--from=build"))
			.extracting((copy) -> copy.split("\\s+")[1])
			.containsExactly("/workspace/extracted/dependencies/", "/workspace/extracted/spring-boot-loader/",
					"/workspace/extracted/snapshot-dependencies/", "/workspace/extracted/application/");
		String training = runtime.instructions("RUN")
			.stream()
			.filter((run) -> run.contains("-XX:AOTCacheOutput=app.aot"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No AOT cache training run"));
		assertThat(training).contains("-Dspring.context.exit=onRefresh").contains("-jar " + jar);
		assertThat(training).as("a pinned heap, so that the cache's compressed-oops mode is the runtime's")
			.containsPattern("-Xmx[0-9]+[mg]\\b");
		assertThat(runtime.instructions("RUN")).as("no layer that rewrites every copied file")
			.noneMatch((run) -> run.contains("chgrp -R") || run.contains("chmod -R"));
		List<String> users = runtime.instructions("USER");
		assertThat(users).hasSize(1);
		assertThat(users.get(0)).matches("[1-9][0-9]*(:0)?");
		assertThat(runtime.instructions("EXPOSE")).containsExactly("8080");
		assertThat(runtime.instructions("ENV")).contains("SERVER_PORT=8080");
		List<String> entrypoint = runtime.entrypoint();
		assertThat(entrypoint.get(0)).isEqualTo("java");
		assertThat(entrypoint).contains("-XX:AOTCache=app.aot")
			.anySatisfy((argument) -> assertThat(argument).startsWith("-XX:MaxRAMPercentage="))
			.endsWith("-jar", jar);
		assertThat(runtime.lastIndexOf("USER")).as("USER after the last RUN").isGreaterThan(runtime.lastIndexOf("RUN"));
	}

	@Test
	void dockerignoreKeepsBuildOutputAndGitOutOfTheContext() {
		List<String> patterns = RepositoryLayout.read(RepositoryLayout.root().resolve(".dockerignore"))
			.lines()
			.map(String::strip)
			.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
			.toList();
		assertThat(patterns.get(0)).as("allow-list: everything is excluded first").isEqualTo("*");
		assertThat(patterns).contains("**/target/")
			.noneMatch(
					(pattern) -> pattern.startsWith("!") && (pattern.contains("target") || pattern.contains(".git")));
	}

	/** The jar name a module's build produces: its finalName, resolved. */
	static String finalName(String module) {
		Path pom = RepositoryLayout.root().resolve(module).resolve("pom.xml");
		try {
			Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
			Element project = document.getDocumentElement();
			String artifactId = childText(project, "artifactId");
			Element build = child(project, "build");
			String finalName = (build != null) ? childText(build, "finalName") : null;
			assertThat(finalName).as("%s sets build/finalName", pom).isNotNull();
			return finalName.replace("${project.artifactId}", artifactId);
		}
		catch (Exception ex) {
			throw new AssertionError("Cannot read " + pom, ex);
		}
	}

	private static Element child(Element parent, String name) {
		for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
			if (node instanceof Element element && element.getTagName().equals(name)) {
				return element;
			}
		}
		return null;
	}

	private static String childText(Element parent, String name) {
		Element element = child(parent, name);
		return (element != null) ? element.getTextContent().strip() : null;
	}

	/** A Dockerfile as global ARGs and stages of instructions. */
	record Dockerfile(Map<String, String> globalArguments, List<Stage> stages) {

		static Dockerfile of(String module) {
			List<String[]> instructions = parse(
					RepositoryLayout.read(RepositoryLayout.root().resolve("Dockerfile." + module)));
			Map<String, String> arguments = new java.util.LinkedHashMap<>();
			List<Stage> stages = new ArrayList<>();
			for (String[] instruction : instructions) {
				if (instruction[0].equals("FROM")) {
					stages.add(new Stage(instruction[1], new ArrayList<>()));
				}
				else if (stages.isEmpty()) {
					assertThat(instruction[0]).as("only ARG before the first FROM").isEqualTo("ARG");
					String[] argument = instruction[1].split("=", 2);
					arguments.put(argument[0], (argument.length > 1) ? argument[1] : "");
				}
				else {
					stages.get(stages.size() - 1).instructions().add(instruction);
				}
			}
			return new Dockerfile(arguments, stages);
		}

		/**
		 * Instructions as {keyword, arguments}; comments dropped, continuations joined.
		 */
		private static List<String[]> parse(String text) {
			List<String[]> instructions = new ArrayList<>();
			StringBuilder current = new StringBuilder();
			for (String line : text.lines().toList()) {
				String stripped = line.strip();
				if (stripped.startsWith("#") || (stripped.isEmpty() && current.isEmpty())) {
					continue;
				}
				if (stripped.endsWith("\\")) {
					current.append(stripped, 0, stripped.length() - 1).append(' ');
					continue;
				}
				current.append(stripped);
				String instruction = current.toString().replaceAll("\\s+", " ").strip();
				current.setLength(0);
				int space = instruction.indexOf(' ');
				instructions.add(new String[] { instruction.substring(0, space).toUpperCase(),
						instruction.substring(space + 1) });
			}
			return instructions;
		}

	}

	/** One build stage. */
	record Stage(String from, List<String[]> instructionList) {

		List<String[]> instructions() {
			return this.instructionList;
		}

		List<String> instructions(String keyword) {
			return this.instructionList.stream()
				.filter((instruction) -> instruction[0].equals(keyword))
				.map((instruction) -> instruction[1])
				.collect(Collectors.toList());
		}

		int lastIndexOf(String keyword) {
			int last = -1;
			for (int i = 0; i < this.instructionList.size(); i++) {
				if (this.instructionList.get(i)[0].equals(keyword)) {
					last = i;
				}
			}
			return last;
		}

		/** The exec-form ENTRYPOINT as a list; fails for the shell form. */
		List<String> entrypoint() {
			List<String> entrypoints = instructions("ENTRYPOINT");
			assertThat(entrypoints).hasSize(1);
			String value = entrypoints.get(0);
			assertThat(value).as("exec form (JSON array), so the JVM is PID 1 and receives SIGTERM").startsWith("[");
			JsonNode array = JsonMapper.builder().build().readTree(value);
			List<String> arguments = new ArrayList<>();
			array.forEach((argument) -> arguments.add(argument.asString()));
			return arguments;
		}

	}

}
