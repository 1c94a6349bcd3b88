package dev.aftermath.pagerduty;

import dev.aftermath.security.WebhookSignature;

/**
 * PagerDuty v3 webhook signatures: {@code X-PagerDuty-Signature: v1=<hex HMAC-SHA256 of the raw body>[,v1=...]}
 * (several while a secret is rotated), checked by the one {@link WebhookSignature} verifier.
 */
public final class PagerDutySignature {

    static final WebhookSignature V1 = new WebhookSignature("v1=");

    private PagerDutySignature() {
    }

    public static String sign(byte[] body, String secret) {
        return V1.sign(body, secret);
    }

    public static boolean verify(byte[] body, String header, String secret) {
        return V1.verify(body, header, secret);
    }
}
