package dev.aftermath.pagerduty;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * PagerDuty v3 webhook signatures: {@code X-PagerDuty-Signature: v1=<hex HMAC-SHA256 of the raw body>[,v1=...]}
 * (several while a secret is rotated). Compared in constant time.
 */
public final class PagerDutySignature {

    private PagerDutySignature() {
    }

    public static String sign(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "v1=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    public static boolean verify(byte[] body, String header, String secret) {
        if (header == null || header.isBlank() || secret == null || secret.isBlank()) {
            return false;
        }
        byte[] expected = sign(body, secret).getBytes(StandardCharsets.US_ASCII);
        boolean match = false;
        for (String candidate : header.split(",")) {
            String c = candidate.trim();
            if (c.startsWith("v1=")) {
                match |= MessageDigest.isEqual(expected, c.getBytes(StandardCharsets.US_ASCII));
            }
        }
        return match;
    }
}
