package com.example.meshtrace.benchmark;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class JitSettlingTests {

	@Test
	void countsAWindowWhoseServicesCompilersKeptAtMostATenthOfACoreBusy() {
		Map<String, Double> cores = Map.of("front", 0.9, "front JIT", 0.04, "backend", 0.5, "backend JIT", 0.06,
				"load generator", 0.4, "load generator JIT", 0.5, Phase.MACHINE, 2.0);
		assertThat(JitSettling.DEFAULT.settled(cores)).isTrue();
	}

	@Test
	void discardsAWindowWhoseCompilersTogetherKeptMoreThanATenthOfACoreBusy() {
		Map<String, Double> cores = Map.of("front", 0.9, "front JIT", 0.06, "backend", 0.5, "backend JIT", 0.05,
				Phase.MACHINE, 2.0);
		assertThat(JitSettling.DEFAULT.jitCores(cores)).isEqualTo(0.11, within(1e-9));
		assertThat(JitSettling.DEFAULT.settled(cores)).isFalse();
	}

	@Test
	void doesNotCountTheProcessesOwnCpuAsCompilation() {
		Map<String, Double> cores = Map.of("front", 1.5, "backend", 1.2, Phase.OTHERS, 0.3, Phase.MACHINE, 2.0);
		assertThat(JitSettling.DEFAULT.settled(cores)).isTrue();
	}

}
