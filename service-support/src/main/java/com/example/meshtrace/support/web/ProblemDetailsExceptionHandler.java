package com.example.meshtrace.support.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The base of each service's {@code @RestControllerAdvice}: Spring MVC's own errors as
 * {@code application/problem+json} (RFC 9457), a 406 in problem+json too, and a 500 that
 * tells the client nothing of the server's insides.
 */
public abstract class ProblemDetailsExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ProblemDetailsExceptionHandler.class);

	@ExceptionHandler(Exception.class)
	protected ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		logger.error("Unexpected error", ex);
		return ResponseEntity.internalServerError()
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "An unexpected error occurred."));
	}

	@Override
	protected ResponseEntity<Object> handleHttpMediaTypeNotAcceptable(HttpMediaTypeNotAcceptableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		// The client's Accept excludes JSON or cannot be parsed: content negotiation has
		// nothing to choose from, so the type is set here
		headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		return super.handleHttpMediaTypeNotAcceptable(ex, headers, status, request);
	}

}
