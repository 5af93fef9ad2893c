package com.example.meshtrace.support.web;

import org.apache.catalina.core.StandardHost;
import org.apache.tomcat.util.http.InvalidParameterException;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Makes the errors that Tomcat finds in a request problem+json 400s, whether Tomcat
 * answers them itself or throws them into the application.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(StandardHost.class)
public class ContainerErrorsAutoConfiguration {

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemJsonErrorReports() {
		return (factory) -> factory.addContextCustomizers((context) -> {
			if (context.getParent() instanceof StandardHost host) {
				host.setErrorReportValveClass(ProblemJsonErrorReportValve.class.getName());
			}
		});
	}

	@Bean
	InvalidParameterAdvice invalidParameterAdvice() {
		return new InvalidParameterAdvice();
	}

	/**
	 * Tomcat throws when the application first reads a query string that is not valid
	 * percent-encoded UTF-8: that is the client's mistake, a 400.
	 */
	@RestControllerAdvice
	@Order(Ordered.HIGHEST_PRECEDENCE)
	static class InvalidParameterAdvice {

		@ExceptionHandler(InvalidParameterException.class)
		ResponseEntity<ProblemDetail> invalidParameter(InvalidParameterException ex) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
					"The query string is not valid percent-encoded UTF-8.");
			problem.setTitle("Invalid query string");
			return ResponseEntity.badRequest().body(problem);
		}

	}

}
