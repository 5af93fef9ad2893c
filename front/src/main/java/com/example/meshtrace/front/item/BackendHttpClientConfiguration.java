package com.example.meshtrace.front.item;

import org.springframework.boot.http.client.HttpComponentsClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tunes the HTTP client that Spring Boot builds for the injected
 * {@code RestClient.Builder}: Apache HttpClient 5, which
 * {@code spring.http.clients.imperative.factory} in {@code application.yml} chooses, and
 * says why.
 */
@Configuration(proxyBeanMethods = false)
class BackendHttpClientConfiguration {

	/**
	 * Kept-alive connections to backend for every request in flight: the pool's default
	 * of 5 per route would queue front's request threads behind each other. Tomcat in
	 * front of it takes up to 8192 connections; 200 bounds what front opens to one
	 * backend. No automatic retries: {@link BackendClient} decides what is safe to send
	 * twice.
	 */
	@Bean
	ClientHttpRequestFactoryBuilderCustomizer<HttpComponentsClientHttpRequestFactoryBuilder> backendPool() {
		return (builder) -> builder.withHttpClientCustomizer((client) -> client.disableAutomaticRetries())
			.withConnectionManagerCustomizer((pool) -> pool.setMaxConnPerRoute(200).setMaxConnTotal(200));
	}

}
