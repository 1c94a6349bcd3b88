package dev.aftermath.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.camunda.bpm.engine.IdentityService;

/** The user and password of an HTTP Basic {@code Authorization} header (RFC 7617, UTF-8). */
public record BasicCredentials(String user, String password) {

    private static final String SCHEME = "Basic ";

    /**
     * The credentials of an {@code Authorization} header value; empty when there is none, the scheme is not Basic
     * (case-insensitive), the token is not Base64, or the user part before the first colon is empty.
     */
    public static Optional<BasicCredentials> parse(String header) {
        if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(SCHEME.length()).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        return Optional.of(new BasicCredentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }

    /** The Camunda user whose HTTP Basic credentials the request carries and whose password checks, or null. */
    static String authenticatedUser(HttpServletRequest request, IdentityService identityService) {
        return parse(request.getHeader("Authorization"))
                .filter(c -> identityService.checkPassword(c.user(), c.password()))
                .map(BasicCredentials::user)
                .orElse(null);
    }

    @Override
    public String toString() {
        return "BasicCredentials[user=" + user + "]";
    }
}
