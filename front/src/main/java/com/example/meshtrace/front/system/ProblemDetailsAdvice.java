package com.example.meshtrace.front.system;

import com.example.meshtrace.support.web.ProblemDetailsExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;

/**
 * Answers every error front raises itself as {@code application/problem+json} (RFC 9457),
 * with nothing of the server's insides.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ProblemDetailsExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

	@Override
	protected ResponseEntity<Object> handleErrorResponseException(ErrorResponseException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		if (status.is5xxServerError()) {
			logger.warn("{}: {}", ex.getBody().getTitle(), (ex.getCause() != null) ? ex.getCause().toString() : "");
		}
		return super.handleErrorResponseException(ex, headers, status, request);
	}

}
