package com.example.meshtrace.front.item;

import java.net.http.HttpClient;
import java.util.concurrent.Executors;

import org.springframework.boot.http.client.HttpComponentsClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.JdkClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tunes the HTTP client that Spring Boot builds for the injected
 * {@code RestClient.Builder}. {@code spring.http.clients.imperative.factory} in
 * {@code application.yml} chooses it, and says why.
 */
@Configuration(proxyBeanMethods = false)
class BackendHttpClientConfiguration {

	/**
	 * HTTP/1.1: the JDK client defaults to HTTP/2, and against a plain-text backend every
	 * new connection then carries an {@code Upgrade: h2c} request that backend declines.
	 * Over HTTP/1.1 it keeps an unbounded pool of kept-alive connections, so no request
	 * waits for one.
	 * <p>
	 * An executor: without one on the client, Spring's
	 * {@code JdkClientHttpRequestFactory} writes each request body from a new platform
	 * thread (a {@code SimpleAsyncTaskExecutor}), a thread started per {@code POST} (a
	 * JFR recording of front under load counted 1,727 thread starts in 13 s). Virtual
	 * threads cost next to nothing to start, and an idle virtual-thread executor holds no
	 * thread.
	 */
	@Bean
	ClientHttpRequestFactoryBuilderCustomizer<JdkClientHttpRequestFactoryBuilder> http11() {
		return (builder) -> builder.withHttpClientCustomizer((client) -> client.version(HttpClient.Version.HTTP_1_1)
			.executor(Executors.newVirtualThreadPerTaskExecutor()));
	}

	@Bean
	ClientHttpRequestFactoryBuilderCustomizer<HttpComponentsClientHttpRequestFactoryBuilder> pooled() {
		return (builder) -> builder.withHttpClientCustomizer((client) -> client.disableAutomaticRetries())
			.withConnectionManagerCustomizer((pool) -> pool.setMaxConnPerRoute(200).setMaxConnTotal(200));
	}

}
