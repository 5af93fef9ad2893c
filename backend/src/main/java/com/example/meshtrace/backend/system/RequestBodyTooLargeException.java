package com.example.meshtrace.backend.system;

import java.io.IOException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.util.unit.DataSize;

/**
 * A request body was longer than {@code backend.http.max-request-body-size}.
 */
class RequestBodyTooLargeException extends IOException {

	private final DataSize limit;

	RequestBodyTooLargeException(DataSize limit) {
		super("Request body larger than " + limit);
		this.limit = limit;
	}

	ProblemDetail problem() {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
				"The request body is larger than " + this.limit.toBytes() + " bytes.");
		problem.setTitle("Request body too large");
		return problem;
	}

}
