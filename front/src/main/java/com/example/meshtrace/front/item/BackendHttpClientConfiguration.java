package com.example.meshtrace.front.item;

import java.net.http.HttpClient;

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
	 * The JDK client defaults to HTTP/2: against a plain-text backend every new
	 * connection then carries an {@code Upgrade: h2c} request that backend declines. Over
	 * HTTP/1.1 it keeps an unbounded pool of kept-alive connections, so no request waits
	 * for one.
	 */
	@Bean
	ClientHttpRequestFactoryBuilderCustomizer<JdkClientHttpRequestFactoryBuilder> http11() {
		return (builder) -> builder.withHttpClientCustomizer((client) -> client.version(HttpClient.Version.HTTP_1_1));
	}

}
