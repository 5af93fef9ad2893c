package com.example.meshtrace.front.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits on what a client may send.
 *
 * @param maxRequestBodySize the largest request body accepted
 */
@ConfigurationProperties("front.http")
public record HttpLimitsProperties(@DefaultValue("16KB") DataSize maxRequestBodySize) {
}
