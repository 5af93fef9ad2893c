package com.example.meshtrace.backend.system;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Makes reading a request body over the configured size fail, whether the client declares
 * a {@code Content-Length} or streams the body in chunks; {@link ProblemDetailsAdvice}
 * answers 413.
 */
@Component
class RequestBodyLimitFilter extends OncePerRequestFilter {

	private final DataSize limit;

	RequestBodyLimitFilter(HttpLimitsProperties properties) {
		this.limit = properties.maxRequestBodySize();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		chain.doFilter(new LimitedBodyRequest(request, this.limit), response);
	}

	/**
	 * A request whose body stream fails once it has read more than the limit.
	 */
	private static final class LimitedBodyRequest extends HttpServletRequestWrapper {

		private final DataSize limit;

		private ServletInputStream stream;

		LimitedBodyRequest(HttpServletRequest request, DataSize limit) {
			super(request);
			this.limit = limit;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new LimitedInputStream(super.getInputStream(), getContentLengthLong(), this.limit);
			}
			return this.stream;
		}

	}

	private static final class LimitedInputStream extends ServletInputStream {

		private final ServletInputStream delegate;

		private final DataSize limit;

		private final long declaredLength;

		private long read;

		LimitedInputStream(ServletInputStream delegate, long declaredLength, DataSize limit) {
			this.delegate = delegate;
			this.declaredLength = declaredLength;
			this.limit = limit;
		}

		@Override
		public int read() throws IOException {
			count(0);
			int b = this.delegate.read();
			if (b != -1) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			count(0);
			int n = this.delegate.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) throws RequestBodyTooLargeException {
			this.read += n;
			if (this.declaredLength > this.limit.toBytes() || this.read > this.limit.toBytes()) {
				throw new RequestBodyTooLargeException(this.limit);
			}
		}

		@Override
		public boolean isFinished() {
			return this.delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.delegate.setReadListener(listener);
		}

	}

}
