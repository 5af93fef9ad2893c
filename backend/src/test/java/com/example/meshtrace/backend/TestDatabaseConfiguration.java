package com.example.meshtrace.backend;

import com.example.meshtrace.localrun.PostgresServer;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * A real PostgreSQL for the tests, handed to the application through the same libpq
 * variables the deployment sets.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestDatabaseConfiguration {

	@Bean(destroyMethod = "close")
	PostgresServer postgresServer() {
		return PostgresServer.start();
	}

	@Bean
	DynamicPropertyRegistrar libpqProperties(PostgresServer postgres) {
		return (registry) -> postgres.libpqEnvironment().forEach((name, value) -> registry.add(name, () -> value));
	}

}
