package com.example.meshtrace.backend.item;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * No item has the requested id.
 */
class ItemNotFoundException extends ErrorResponseException {

	ItemNotFoundException(long id) {
		super(HttpStatus.NOT_FOUND,
				ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No item with id " + id + "."), null);
	}

}
