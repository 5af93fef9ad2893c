package com.example.meshtrace.front.item;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Backend could not be reached (503), did not answer in time (504) or failed (502).
 */
class BackendException extends ErrorResponseException {

	private BackendException(HttpStatus status, String title, String detail, Throwable cause) {
		super(status, problem(status, title, detail), cause);
	}

	static BackendException unavailable(Throwable cause) {
		return new BackendException(HttpStatus.SERVICE_UNAVAILABLE, "Backend unavailable",
				"The items service cannot be reached. Retry later; a retry with the same Idempotency-Key is safe.",
				cause);
	}

	static BackendException timedOut(Throwable cause) {
		return new BackendException(HttpStatus.GATEWAY_TIMEOUT, "Backend timed out",
				"The items service did not answer in time. Retry with the same Idempotency-Key to avoid a duplicate.",
				cause);
	}

	static BackendException answered(HttpStatusCode backendStatus, String retryAfter) {
		BackendException ex = new BackendException(HttpStatus.BAD_GATEWAY, "Backend failed",
				"The items service answered " + backendStatus.value() + ".", null);
		ex.getBody().setProperty("backendStatus", backendStatus.value());
		if (retryAfter != null) {
			// Backend's own estimate (PostgreSQL down: 1 s) is the client's best hint too
			ex.getHeaders().set(HttpHeaders.RETRY_AFTER, retryAfter);
		}
		return ex;
	}

	static BackendException failed(Throwable cause) {
		return new BackendException(HttpStatus.BAD_GATEWAY, "Backend failed",
				"The items service failed to answer the request.", cause);
	}

	private static ProblemDetail problem(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		return problem;
	}

}
