package com.example.meshtrace.manifests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every relative link in README.md and docs/ leads to a file that exists and, for a
 * Markdown file, to a heading it has (GitHub's anchor rules). External links are not
 * fetched.
 */
class DocumentationLinksTests {

	/** {@code [text](target)} and {@code ![alt](target)}, the text may span lines. */
	private static final Pattern inlineLink = Pattern
		.compile("\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");

	/** {@code [label]: target} */
	private static final Pattern referenceDefinition = Pattern.compile("(?m)^ {0,3}\\[[^\\]]+\\]:\\s*<?([^\\s>]+)>?");

	private static final Pattern htmlLink = Pattern.compile("(?:href|src)=\"([^\"]+)\"");

	private static final Pattern fencedBlock = Pattern.compile("(?ms)^ {0,3}(```|~~~).*?^ {0,3}\\1[^\\n]*$");

	private static final Pattern codeSpan = Pattern.compile("(`+)(?s:.+?)\\1");

	private static final Pattern heading = Pattern.compile("(?m)^ {0,3}#{1,6}[ \\t]+(.+?)(?:[ \\t]+#+)?[ \\t]*$");

	private static final Pattern scheme = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

	@Test
	void everyRelativeLinkInTheReadmeAndDocsResolves() {
		Path root = RepositoryLayout.root();
		List<String> broken = new ArrayList<>();
		int checked = 0;
		for (Path document : documents(root)) {
			for (String link : links(RepositoryLayout.read(document))) {
				if (scheme.matcher(link).find()) {
					continue;
				}
				checked++;
				String problem = problem(root, document, link);
				if (problem != null) {
					broken.add(root.relativize(document) + ": (" + link + ") " + problem);
				}
			}
		}
		assertThat(checked).as("relative links checked").isPositive();
		assertThat(broken).as("links that lead nowhere").isEmpty();
	}

	@Test
	void anchorsFollowGitHubsHeadingRules() {
		assertThat(anchors("""
				# See the trace
				## Run it, test it
				### `OTEL_*` variables and **bold** [a link](x.md)
				## Run it, test it
				```
				# not a heading
				```
				""")).containsExactly("see-the-trace", "run-it-test-it", "otel_-variables-and-bold-a-link",
				"run-it-test-it-1");
	}

	private static List<Path> documents(Path root) {
		List<Path> documents = new ArrayList<>(List.of(root.resolve("README.md")));
		Path docs = root.resolve("docs");
		if (Files.isDirectory(docs)) {
			try (Stream<Path> files = Files.walk(docs)) {
				files.filter((file) -> file.toString().endsWith(".md")).sorted().forEach(documents::add);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return documents;
	}

	private static List<String> links(String markdown) {
		String text = withoutCode(markdown);
		List<String> links = new ArrayList<>();
		for (Pattern pattern : List.of(inlineLink, referenceDefinition, htmlLink)) {
			Matcher matcher = pattern.matcher(text);
			while (matcher.find()) {
				links.add(matcher.group(1));
			}
		}
		return links;
	}

	/**
	 * Tells what is wrong with a relative link.
	 * @return the problem, or {@code null} if the link resolves
	 */
	private static String problem(Path root, Path document, String link) {
		int hash = link.indexOf('#');
		String path = URLDecoder.decode((hash < 0) ? link : link.substring(0, hash), StandardCharsets.UTF_8);
		String anchor = (hash < 0) ? null : link.substring(hash + 1);
		Path target = path.isEmpty() ? document
				: (path.startsWith("/") ? root.resolve(path.substring(1)) : document.getParent().resolve(path))
					.normalize();
		if (!target.startsWith(root)) {
			return "leaves the repository";
		}
		if (!Files.exists(target)) {
			return "no such file";
		}
		if (anchor != null && target.toString().endsWith(".md")
				&& !anchors(RepositoryLayout.read(target)).contains(anchor)) {
			return "no heading with this anchor in " + root.relativize(target);
		}
		return null;
	}

	/**
	 * The anchors GitHub gives a document's headings: the heading's text in lower case,
	 * without punctuation other than {@code -} and {@code _}, spaces as {@code -}, and
	 * {@code -1}, {@code -2} ... after repeats.
	 */
	private static Set<String> anchors(String markdown) {
		Set<String> anchors = new LinkedHashSet<>();
		Map<String, Integer> seen = new HashMap<>();
		Matcher matcher = heading.matcher(withoutFencedBlocks(markdown));
		while (matcher.find()) {
			String text = matcher.group(1)
				.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1")
				.replaceAll("<[^>]+>", "")
				.toLowerCase(Locale.ROOT);
			String slug = text.replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]", "").replace(' ', '-');
			int repeats = seen.merge(slug, 1, Integer::sum) - 1;
			anchors.add((repeats == 0) ? slug : slug + "-" + repeats);
		}
		return anchors;
	}

	private static String withoutCode(String markdown) {
		return codeSpan.matcher(withoutFencedBlocks(markdown)).replaceAll("");
	}

	private static String withoutFencedBlocks(String markdown) {
		return fencedBlock.matcher(markdown).replaceAll("");
	}

}
