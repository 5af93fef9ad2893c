package com.example.meshtrace.backend.system;

import java.util.List;
import java.util.Map;

import com.example.meshtrace.support.web.ProblemDetailsExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.context.MessageSourceResolvable;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;

/**
 * Answers every error as {@code application/problem+json} (RFC 9457), naming what was
 * wrong with the request and nothing of the server's insides.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ProblemDetailsExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

	@ExceptionHandler({ DataAccessResourceFailureException.class, TransientDataAccessException.class,
			QueryTimeoutException.class })
	ResponseEntity<ProblemDetail> databaseUnavailable(Exception ex) {
		logger.warn("Database unavailable: {}", ex.getMessage());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The database is not available. Retry later; a retry with the same Idempotency-Key is safe.");
		problem.setTitle("Database unavailable");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1").body(problem);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		RequestBodyTooLargeException tooLarge = findCause(ex, RequestBodyTooLargeException.class);
		if (tooLarge != null) {
			return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(tooLarge.problem());
		}
		UnrecognizedPropertyException unknownField = findCause(ex, UnrecognizedPropertyException.class);
		if (unknownField != null) {
			// Jackson stops at the first unknown field
			List<Map<String, String>> errors = List
				.of(Map.of("field", unknownField.getPropertyName(), "message", "is not a field of this request"));
			return handleExceptionInternal(ex, invalid(errors), headers, HttpStatus.BAD_REQUEST, request);
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The request body is missing or is not the JSON this endpoint expects.");
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, String>> errors = ex.getFieldErrors().stream().map(ProblemDetailsAdvice::describe).toList();
		return handleExceptionInternal(ex, invalid(errors), headers, status, request);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, String>> errors = ex.getParameterValidationResults()
			.stream()
			.flatMap((result) -> result.getResolvableErrors()
				.stream()
				.map((error) -> describe(result.getMethodParameter().getParameterName(), error)))
			.toList();
		return handleExceptionInternal(ex, invalid(errors), headers, HttpStatus.BAD_REQUEST, request);
	}

	private static ProblemDetail invalid(List<Map<String, String>> errors) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The request is not valid.");
		problem.setTitle("Invalid request");
		problem.setProperty("errors", errors);
		return problem;
	}

	private static Map<String, String> describe(FieldError error) {
		return Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage()));
	}

	private static Map<String, String> describe(String parameter, MessageSourceResolvable error) {
		String field = (error instanceof FieldError fieldError) ? fieldError.getField() : parameter;
		return Map.of("field", String.valueOf(field), "message", String.valueOf(error.getDefaultMessage()));
	}

	private static <T extends Throwable> T findCause(Throwable ex, Class<T> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

}
