package com.example.meshtrace.manifests;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Maven wrapper that CI and the Dockerfiles run checks what it downloads.
 */
class MavenWrapperTests {

	@Test
	void wrapperVerifiesTheMavenDistributionItDownloadsFromMavenCentral() {
		Properties properties = new Properties();
		try {
			properties.load(new StringReader(
					RepositoryLayout.read(RepositoryLayout.root().resolve(".mvn/wrapper/maven-wrapper.properties"))));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		assertThat(properties.getProperty("distributionUrl")).matches(
				"https://repo\\.maven\\.apache\\.org/maven2/org/apache/maven/apache-maven/[0-9.]+/apache-maven-[0-9.]+-bin\\.zip");
		assertThat(properties.getProperty("distributionSha256Sum")).as("the wrapper checks the zip against this")
			.matches("[0-9a-f]{64}");
	}

}
