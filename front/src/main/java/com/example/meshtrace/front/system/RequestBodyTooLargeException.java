package com.example.meshtrace.front.system;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A request body was longer than {@code front.http.max-request-body-size}.
 */
public class RequestBodyTooLargeException extends ErrorResponseException {

	public RequestBodyTooLargeException(long limitBytes) {
		super(HttpStatus.CONTENT_TOO_LARGE, problem(limitBytes), null);
	}

	private static ProblemDetail problem(long limitBytes) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
				"The request body is larger than " + limitBytes + " bytes.");
		problem.setTitle("Request body too large");
		return problem;
	}

}
