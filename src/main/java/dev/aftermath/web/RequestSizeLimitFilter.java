package dev.aftermath.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Request bodies above {@code aftermath.max-request-bytes} get HTTP 413 problem details. A declared
 * {@code Content-Length} above the limit is refused before a byte of the body is read; a body without a length
 * (chunked) is counted while it is read, and reading stops with a {@link BodyTooLargeException} at the limit.
 */
public class RequestSizeLimitFilter extends OncePerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(RequestSizeLimitFilter.class);

    private final long maxBytes;
    private final ObjectMapper mapper;

    public RequestSizeLimitFilter(long maxBytes, ObjectMapper mapper) {
        this.maxBytes = maxBytes;
        this.mapper = mapper;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            LOG.info("Refused {} {}: body of {} bytes above the limit of {}", request.getMethod(),
                    request.getRequestURI(), declared, maxBytes);
            tooLarge(response, maxBytes);
            return;
        }
        CountingRequest counting = new CountingRequest(request, maxBytes);
        try {
            chain.doFilter(counting, response);
        } catch (IOException | ServletException | RuntimeException e) {
            if (BodyTooLargeException.in(e) == null || response.isCommitted()) {
                throw e;
            }
            response.reset();
            tooLarge(response, maxBytes);
            return;
        }
        if (counting.exceeded && !response.isCommitted() && response.getStatus() != 413) {
            response.reset();
            tooLarge(response, maxBytes);
        }
    }

    /** The 413 answer, as problem details naming the body. */
    private void tooLarge(HttpServletResponse response, long maxBytes) throws IOException {
        response.setHeader("Connection", "close");
        Problems.write(response, mapper, Problems.bodyTooLarge(maxBytes));
        response.flushBuffer();
    }

    private static final class CountingRequest extends HttpServletRequestWrapper {

        private final long max;
        private ServletInputStream stream;
        private boolean exceeded;

        CountingRequest(HttpServletRequest request, long max) {
            super(request);
            this.max = max;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Counting(super.getInputStream());
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            Charset charset = StandardCharsets.UTF_8;
            try {
                if (getCharacterEncoding() != null) {
                    charset = Charset.forName(getCharacterEncoding());
                }
            } catch (IllegalArgumentException unknownCharset) {
                // read as UTF-8
            }
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }

        private final class Counting extends ServletInputStream {
            private final ServletInputStream in;
            private long count;

            Counting(ServletInputStream in) {
                this.in = in;
            }

            private int counted(int n) throws BodyTooLargeException {
                if (n > 0) {
                    count += n;
                    if (count > max) {
                        exceeded = true;
                        throw new BodyTooLargeException(max);
                    }
                }
                return n;
            }

            @Override
            public int read() throws IOException {
                int b = in.read();
                if (b >= 0) {
                    counted(1);
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return counted(in.read(b, off, len));
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
