package dev.aftermath.slack;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import dev.aftermath.security.WebhookSignature;

/**
 * Slack's request signature v0: {@code X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:" + X-Slack-Request-Timestamp
 * + ":" + the raw body>} keyed by the app's signing secret, compared in constant time by {@link WebhookSignature};
 * the timestamp (Unix seconds) may be at most {@link #MAX_AGE} away from the engine clock.
 */
public final class SlackSignature {

    public static final String HEADER = "X-Slack-Signature";
    public static final String TIMESTAMP_HEADER = "X-Slack-Request-Timestamp";
    public static final Duration MAX_AGE = Duration.ofMinutes(5);

    static final WebhookSignature V0 = new WebhookSignature("v0=");

    private SlackSignature() {
    }

    /** The signature Slack sends for {@code body} at {@code timestamp} (Unix seconds). */
    public static String sign(String timestamp, byte[] body, String secret) {
        return V0.sign(base(timestamp, body), secret);
    }

    /** Whether the signature matches and the timestamp is within {@link #MAX_AGE} of {@code now}. */
    public static boolean verify(String timestamp, byte[] body, String signature, String secret, Instant now) {
        if (timestamp == null || !timestamp.strip().matches("\\d{1,12}")) {
            return false;
        }
        long seconds = Long.parseLong(timestamp.strip());
        if (Math.abs(now.getEpochSecond() - seconds) > MAX_AGE.toSeconds()) {
            return false;
        }
        return V0.verify(base(timestamp.strip(), body), signature, secret);
    }

    private static byte[] base(String timestamp, byte[] body) {
        byte[] prefix = ("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, all, 0, prefix.length);
        System.arraycopy(body, 0, all, prefix.length, body.length);
        return all;
    }
}
