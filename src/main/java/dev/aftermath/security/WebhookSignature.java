package dev.aftermath.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * The signature of a signed webhook: {@code <prefix><hex HMAC-SHA256 of the raw body>}, keyed by a shared secret.
 * Used by PagerDuty ({@code X-PagerDuty-Signature: v1=...}) and Jira ({@code X-Hub-Signature: sha256=...}).
 * A header may carry several comma-separated values (PagerDuty sends two while a secret is rotated); one matching
 * value is enough. The prefix and the hex digits are compared case-insensitively, the digest in constant time.
 * Without a header or a secret nothing verifies.
 */
public record WebhookSignature(String prefix) {

    private static final String ALGORITHM = "HmacSHA256";

    /** The header value for {@code body} signed with {@code secret}: the prefix and lower-case hex. */
    public String sign(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return prefix + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " unavailable", e);
        }
    }

    /** Whether some value of the header is the signature of {@code body} with {@code secret}. */
    public boolean verify(byte[] body, String header, String secret) {
        if (header == null || header.isBlank() || secret == null || secret.isBlank()) {
            return false;
        }
        byte[] expected = sign(body, secret).getBytes(StandardCharsets.US_ASCII);
        boolean match = false;
        for (String candidate : header.split(",")) {
            String c = candidate.strip();
            if (c.regionMatches(true, 0, prefix, 0, prefix.length())) {
                byte[] given = (prefix + c.substring(prefix.length()).toLowerCase(Locale.ROOT))
                        .getBytes(StandardCharsets.US_ASCII);
                match |= MessageDigest.isEqual(expected, given);
            }
        }
        return match;
    }

    /** The answer to a request whose {@code header} does not verify: 401 as problem details, naming the header. */
    public static ResponseEntity<ProblemDetail> refused(String header) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
                header + " is missing or does not match the body");
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
