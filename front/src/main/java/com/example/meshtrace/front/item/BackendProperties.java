package com.example.meshtrace.front.item;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where backend answers. Timeouts are Spring Boot's {@code spring.http.clients.*}.
 *
 * @param url backend's base URL, from {@code BACKEND_URL}
 */
@ConfigurationProperties("front.backend")
record BackendProperties(URI url) {
}
