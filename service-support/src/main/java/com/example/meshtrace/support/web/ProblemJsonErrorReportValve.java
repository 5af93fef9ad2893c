package com.example.meshtrace.support.web;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.AbstractProtocol;
import org.apache.coyote.ActionCode;
import org.apache.tomcat.util.res.StringManager;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Answers the errors Tomcat raises before a request reaches Spring MVC (an undecodable
 * path such as {@code /items/1%00}, a query string with raw {@code [} {@code ]}) with
 * {@code application/problem+json}, like every other error, instead of Tomcat's HTML
 * page.
 * <p>
 * A request that Tomcat refuses because graceful shutdown has paused the connector gets
 * no answer at all: its connection is closed. That is what Tomcat does with every
 * kept-alive connection once it is paused; only a request whose request line it was
 * reading at that instant is answered instead, meant as a 503 but sent as a 400 (Tomcat
 * 11.0.24 then checks the headers it skipped and finds no {@code Host}). Either status
 * tells a proxy such as front that its request was processed and failed, where closing
 * tells it the truth: the request was not taken up, and one that is safe to repeat can be
 * sent again on a new connection.
 */
public class ProblemJsonErrorReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		if (refusedWhilePaused(request, response)) {
			response.getCoyoteResponse().action(ActionCode.CLOSE_NOW, null);
			return;
		}
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean();
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		HttpStatus known = HttpStatus.resolve(status);
		String title = (known != null) ? known.getReasonPhrase() : "Error";
		try {
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.setCharacterEncoding("UTF-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
						+ ",\"detail\":\"The server could not read this request.\"}");
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// The client is gone or the response is committed: nothing more to tell
			getContainer().getLogger()
				.debug(StringManager.getManager(ErrorReportValve.class).getString("errorReportValve.noReport"), ex);
		}
	}

	/**
	 * An error for a request of which Tomcat read the request line and no header because
	 * graceful shutdown had paused the connector: the application never saw it.
	 */
	private static boolean refusedWhilePaused(Request request, Response response) {
		return response.getStatus() >= 400 && request.getCoyoteRequest().getMimeHeaders().size() == 0
				&& request.getConnector().getProtocolHandler() instanceof AbstractProtocol<?> protocol
				&& protocol.isPaused();
	}

}
