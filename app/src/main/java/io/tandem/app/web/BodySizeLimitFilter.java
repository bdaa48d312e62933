package io.tandem.app.web;

import io.tandem.app.problem.ApiException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Refuses request bodies over the limit (1 MiB unless {@code tandem.http.max-body-size} says otherwise) with 413:
 * at once when the declared {@code Content-Length} is too large, and while reading when a chunked body grows past
 * it ({@link ProblemHandler} turns the read failure into the same 413). Runs inside the security chain's order, so
 * unauthenticated callers are refused with 401 before their body is even looked at.
 */
@Component
@Order(0)
class BodySizeLimitFilter extends OncePerRequestFilter {

    /** An import carries a whole local-only PWA's data (up to tandem.import.max-items), so it gets its own limit. */
    private static final Pattern IMPORT = Pattern.compile("^/api/v1/workspaces/[^/]+/import$");

    private final long limit;
    private final long importLimit;
    private final HandlerExceptionResolver problems;

    BodySizeLimitFilter(@Value("${tandem.http.max-body-size:1MB}") DataSize limit,
            @Value("${tandem.http.max-import-body-size:32MB}") DataSize importLimit,
            @Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
        this.limit = limit.toBytes();
        this.importLimit = importLimit.toBytes();
        this.problems = problems;
    }

    static ApiException tooLarge(long limit) {
        return new ApiException(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large",
                "The request body exceeds the limit of " + limit + " bytes", null);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long allowed = IMPORT.matcher(request.getRequestURI()).matches() ? importLimit : limit;
        if (request.getContentLengthLong() > allowed) {
            problems.resolveException(request, response, null, tooLarge(allowed));
            return;
        }
        chain.doFilter(new Limited(request, allowed), response);
    }

    /** A request whose body stream fails once more than the limit has been read. */
    private static final class Limited extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream stream;

        Limited(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new CountingStream(super.getInputStream(), limit);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }

    private static final class CountingStream extends ServletInputStream {

        private final ServletInputStream delegate;
        private final long limit;
        private long read;

        CountingStream(ServletInputStream delegate, long limit) {
            this.delegate = delegate;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = delegate.read();
            if (b != -1) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = delegate.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws BodyTooLargeException {
            read += n;
            if (read > limit) {
                throw new BodyTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return delegate.isFinished();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            delegate.setReadListener(listener);
        }
    }
}
