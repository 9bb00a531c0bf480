package com.offloadnic.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Caps request bodies while they are read, so a chunked body without Content-Length cannot exceed the limit
 * either. The bearer-token interceptor lowers the cap to the tenant's quota; reading past it fails the JSON
 * parse with {@link BodyTooLargeException}, which the exception handler answers with 413.
 */
final class RequestBodyLimit extends OncePerRequestFilter {

    /** Raised by the stream when the body exceeds the limit. */
    static final class BodyTooLargeException extends IOException {
        private final long limit;

        BodyTooLargeException(long limit) {
            super("request body exceeds the limit of " + limit + " bytes");
            this.limit = limit;
        }

        long limit() {
            return limit;
        }
    }

    private final long globalLimit;

    RequestBodyLimit(long globalLimit) {
        this.globalLimit = globalLimit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(new LimitedRequest(request, globalLimit), response);
    }

    /** The request with a counting body stream whose limit may be lowered once the tenant is known. */
    static final class LimitedRequest extends HttpServletRequestWrapper {
        private volatile long limit;
        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        long limit() {
            return limit;
        }

        void lowerLimit(long newLimit) {
            limit = Math.min(limit, newLimit);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Counting(super.getInputStream());
            }
            return stream;
        }

        private final class Counting extends ServletInputStream {
            private final ServletInputStream in;
            private long count;

            Counting(ServletInputStream in) {
                this.in = in;
            }

            @Override
            public int read() throws IOException {
                int b = in.read();
                if (b >= 0) {
                    add(1);
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = in.read(b, off, len);
                if (n > 0) {
                    add(n);
                }
                return n;
            }

            private void add(int n) throws BodyTooLargeException {
                count += n;
                if (count > limit) {
                    throw new BodyTooLargeException(limit);
                }
            }

            @Override
            public boolean isFinished() {
                return in.isFinished();
            }

            @Override
            public boolean isReady() {
                return in.isReady();
            }

            @Override
            public void setReadListener(ReadListener listener) {
                in.setReadListener(listener);
            }
        }
    }
}
