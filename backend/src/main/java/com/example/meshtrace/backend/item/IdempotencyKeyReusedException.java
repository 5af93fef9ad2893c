package com.example.meshtrace.backend.item;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * An {@code Idempotency-Key} came back with a different request body.
 */
class IdempotencyKeyReusedException extends ErrorResponseException {

	IdempotencyKeyReusedException(String idempotencyKey) {
		super(HttpStatus.UNPROCESSABLE_CONTENT, problem(), null);
	}

	private static ProblemDetail problem() {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
				"This Idempotency-Key was already used with a different request body.");
		problem.setTitle("Idempotency-Key reused");
		return problem;
	}

}
