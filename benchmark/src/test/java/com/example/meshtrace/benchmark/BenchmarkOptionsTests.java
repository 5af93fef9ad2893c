package com.example.meshtrace.benchmark;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.entry;

class BenchmarkOptionsTests {

	@Test
	void readsEachVariantsNameAndOptionsInOrder() {
		BenchmarkOptions options = BenchmarkOptions.parse("--variant=platform=",
				"--variant=virtual=-XX:NativeMemoryTracking=summary  -Dspring.threads.virtual.enabled=true");
		assertThat(options.variants()).containsExactly(entry("platform", List.of()),
				entry("virtual", List.of("-XX:NativeMemoryTracking=summary", "-Dspring.threads.virtual.enabled=true")));
	}

	@Test
	void separatesAVariantsEnvironmentVariablesFromItsJvmOptions() {
		List<String> words = BenchmarkOptions
			.parse("--variant=base=", "--variant=arena=MALLOC_ARENA_MAX=2 -XX:ReservedCodeCacheSize=64m -Dx.Y=Z=1")
			.variants()
			.get("arena");
		assertThat(BenchmarkOptions.environmentOf(words)).containsExactly(entry("MALLOC_ARENA_MAX", "2"));
		assertThat(BenchmarkOptions.jvmOptionsOf(words)).containsExactly("-XX:ReservedCodeCacheSize=64m", "-Dx.Y=Z=1");
	}

	@Test
	void rejectsASingleVariantAsThereIsNothingToCompare() {
		assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkOptions.parse("--variant=virtual=-Da=b"))
			.withMessageStartingWith("--variant: give at least two");
	}

	@Test
	void rejectsAVariantWithoutAName() {
		assertThatIllegalArgumentException().isThrownBy(
				() -> BenchmarkOptions.parse("--variant=-Dspring.threads.virtual.enabled=true", "--variant=platform="))
			.withMessageStartingWith("--variant: expected NAME=OPTIONS");
	}

	@Test
	void rejectsTheSameNameTwice() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BenchmarkOptions.parse("--variant=a=-Dx=1", "--variant=a=-Dx=2"))
			.withMessageStartingWith("--variant: expected NAME=OPTIONS with a new NAME");
	}

	@Test
	void readsWhichVariantsRunAnotherProjectsJars() {
		BenchmarkOptions options = BenchmarkOptions.parse("--variant=before=", "--variant=after=",
				"--variant-project=before=../before");
		assertThat(options.variantProjects())
			.containsExactly(entry("before", Path.of("../before").toAbsolutePath().normalize()));
	}

	@Test
	void rejectsAnotherProjectForAVariantThatDoesNotExist() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BenchmarkOptions.parse("--variant=a=", "--variant=b=", "--variant-project=c=../c"))
			.withMessageStartingWith("--variant-project: no --variant named [c]");
	}

	@Test
	void readsWhichVariantsRunTheSeedsNodeStack() {
		BenchmarkOptions options = BenchmarkOptions.parse("--variant=java=", "--variant=node=",
				"--variant=node-off=OTEL_SDK_DISABLED=true", "--node-seed=node", "--node-seed=node-off");
		assertThat(options.nodeSeedVariants()).containsExactly("node", "node-off");
		assertThat(BenchmarkOptions.parse("--variant=a=", "--variant=b=").nodeSeedVariants()).isEmpty();
	}

	@Test
	void rejectsJvmOptionsOrAnUnknownVariantForTheSeedsNodeStack() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BenchmarkOptions.parse("--variant=java=", "--variant=node=-Xmx64m", "--node-seed=node"))
			.withMessageStartingWith("--node-seed=node: expected the name of a --variant whose options are only");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BenchmarkOptions.parse("--variant=a=", "--variant=b=", "--node-seed=c"))
			.withMessageStartingWith("--node-seed=c: expected the name of a --variant");
	}

	@Test
	void readsHowManyStartsToCompareAndDefaultsToTheUsualRun() {
		assertThat(BenchmarkOptions.parse("--startups=5").startups()).isEqualTo(5);
		assertThat(BenchmarkOptions.parse("--quick").startups()).isZero();
	}

	@Test
	void rejectsNoStarts() {
		assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkOptions.parse("--startups=0"))
			.withMessageStartingWith("--startups=0: expected a whole number of at least 1");
	}

}
