package com.example.meshtrace.benchmark;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CpuProfileTests {

	private static final List<String> TOMCAT_MAP_LOOKUP = List.of("java.util.HashMap.getNode", "java.util.HashMap.get",
			"org.apache.catalina.connector.Request.getAttribute", "java.lang.Thread.run");

	private static final List<String> CLIENT_SELECTOR = List.of("sun.nio.ch.EPoll.wait",
			"jdk.internal.net.http.HttpClientImpl$SelectorManager.run");

	private static final List<String> CONTROLLER = List.of("com.example.meshtrace.front.item.ItemController.create",
			"org.springframework.web.method.support.InvocableHandlerMethod.doInvoke");

	@Test
	void countsASampleForTheInnermostFrameOutsideTheJdk() {
		assertThat(CpuProfile.library(TOMCAT_MAP_LOOKUP)).isEqualTo("Tomcat");
		assertThat(CpuProfile.library(CLIENT_SELECTOR)).isEqualTo("JDK HttpClient");
		assertThat(CpuProfile.library(CONTROLLER)).isEqualTo("the application");
		assertThat(CpuProfile.library(List.of("java.lang.Thread.run"))).isEqualTo("JDK (no other frame)");
		assertThat(CpuProfile.library(List.of("java.util.HashMap.get", "kotlin.jvm.internal.Foo.bar")))
			.isEqualTo("other: kotlin.jvm.*");
	}

	@Test
	void sharesAreOfAllSamplesMostFirst() {
		CpuProfile profile = CpuProfile.of(List.of(TOMCAT_MAP_LOOKUP, TOMCAT_MAP_LOOKUP, TOMCAT_MAP_LOOKUP,
				CLIENT_SELECTOR, CONTROLLER, CONTROLLER, List.of()));

		assertThat(profile.samples()).isEqualTo(6);
		assertThat(profile.libraries()).containsExactly(new CpuProfile.Share("Tomcat", 3, 50.0),
				new CpuProfile.Share("the application", 2, 33.3), new CpuProfile.Share("JDK HttpClient", 1, 16.7));
		assertThat(profile.methods()).first().isEqualTo(new CpuProfile.Share("java.util.HashMap.getNode", 3, 50.0));
	}

}
