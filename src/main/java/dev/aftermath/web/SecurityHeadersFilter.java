package dev.aftermath.web;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Headers on every answer (pages, APIs, webapps):
 * <ul>
 * <li>{@code X-Content-Type-Options: nosniff}, {@code Referrer-Policy: same-origin} (links in documents and mails
 * carry incident ids: other sites do not learn them) and {@code X-Frame-Options: SAMEORIGIN};</li>
 * <li>every Content-Security-Policy of an Aftermath page gets {@code frame-ancestors 'self'} when it has none, and
 * the dev inbox ({@code /inbox}) gets a policy of its own;</li>
 * <li>{@code Cache-Control: no-store} on everything behind a login (APIs, pages, the webapps' APIs, the OpenAPI
 * description, actuator), so no shared or browser cache keeps what one user saw.</li>
 * </ul>
 * A controller that sets one of these headers itself keeps its value (except that frame-ancestors is added).
 */
public class SecurityHeadersFilter extends OncePerRequestFilter {

    public static final String INBOX_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
            + "form-action 'self'; base-uri 'none'; frame-ancestors 'self'";

    static final String FRAME_ANCESTORS = "frame-ancestors 'self'";

    /** Path prefixes whose answers are for a logged-in user (or a refusal): never stored by a cache. */
    static final List<String> PRIVATE = List.of("/api/", "/engine-rest/", "/camunda/api/", "/inbox", "/library",
            "/insights", "/v3/api-docs", "/swagger-ui", "/actuator/", "/error");

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
        response.setHeader("X-Frame-Options", "SAMEORIGIN");
        boolean noStore = PRIVATE.stream().anyMatch(path::startsWith);
        if (noStore) {
            response.setHeader("Cache-Control", "no-store");
        }
        if (path.equals("/inbox") || path.startsWith("/inbox/")) {
            response.setHeader("Content-Security-Policy", INBOX_CSP);
        }
        // the webapps' pages have Camunda's own policy (with frame-ancestors); the engine REST API sets no-cache
        chain.doFilter(request, new Guarded(response, !path.startsWith("/camunda/"), noStore));
    }

    /**
     * Keeps what this filter decided when the code behind it sets headers: {@code frame-ancestors 'self'} is added to
     * a Content-Security-Policy without one (one policy header, not two), and {@code Cache-Control} stays
     * {@code no-store} behind a login.
     */
    static final class Guarded extends HttpServletResponseWrapper {

        private final boolean frameAncestors;
        private final boolean noStore;

        Guarded(HttpServletResponse response, boolean frameAncestors, boolean noStore) {
            super(response);
            this.frameAncestors = frameAncestors;
            this.noStore = noStore;
        }

        @Override
        public void setHeader(String name, String value) {
            super.setHeader(name, value(name, value));
        }

        @Override
        public void addHeader(String name, String value) {
            if (guarded(name)) {
                super.setHeader(name, value(name, value));
            } else {
                super.addHeader(name, value);
            }
        }

        private boolean guarded(String name) {
            return frameAncestors && "Content-Security-Policy".equalsIgnoreCase(name)
                    || noStore && "Cache-Control".equalsIgnoreCase(name);
        }

        private String value(String name, String value) {
            if (frameAncestors && "Content-Security-Policy".equalsIgnoreCase(name)) {
                return withFrameAncestors(value);
            }
            if (noStore && "Cache-Control".equalsIgnoreCase(name)) {
                return "no-store";
            }
            return value;
        }

        static String withFrameAncestors(String policy) {
            if (policy == null || policy.toLowerCase(Locale.ROOT).contains("frame-ancestors")) {
                return policy;
            }
            String trimmed = policy.strip();
            return trimmed.isEmpty() ? FRAME_ANCESTORS
                    : trimmed + (trimmed.endsWith(";") ? " " : "; ") + FRAME_ANCESTORS;
        }
    }
}
