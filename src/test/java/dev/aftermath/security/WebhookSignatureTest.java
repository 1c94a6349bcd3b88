package dev.aftermath.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The one signed-webhook verifier (PagerDuty's v1=, Jira's sha256=), without a server. */
class WebhookSignatureTest {

    private static final byte[] BODY = "{\"event\":\"incident.resolved\"}".getBytes(StandardCharsets.UTF_8);
    private static final WebhookSignature V1 = new WebhookSignature("v1=");
    private static final WebhookSignature SHA256 = new WebhookSignature("sha256=");

    @Test
    void a_signature_is_the_prefix_and_the_lowercase_hex_hmac_sha256() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
        assertThat(SHA256.sign("what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII), "Jefe"))
                .isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void the_own_signature_verifies_and_another_secret_or_body_does_not() {
        String signature = V1.sign(BODY, "secret");
        assertThat(V1.verify(BODY, signature, "secret")).isTrue();
        assertThat(V1.verify(BODY, signature, "other")).isFalse();
        assertThat(V1.verify("{}".getBytes(StandardCharsets.UTF_8), signature, "secret")).isFalse();
    }

    @Test
    void one_matching_value_of_several_is_enough_while_a_secret_is_rotated() {
        String header = V1.sign(BODY, "old") + ", " + V1.sign(BODY, "new");
        assertThat(V1.verify(BODY, header, "new")).isTrue();
        assertThat(V1.verify(BODY, header, "old")).isTrue();
        assertThat(V1.verify(BODY, header, "third")).isFalse();
    }

    @Test
    void prefix_and_hex_digits_are_compared_case_insensitively_and_whitespace_around_is_ignored() {
        String signature = SHA256.sign(BODY, "secret");
        assertThat(SHA256.verify(BODY, "  " + signature.toUpperCase() + "  ", "secret")).isTrue();
    }

    @Test
    void another_prefix_does_not_verify() {
        String hex = V1.sign(BODY, "secret").substring(3);
        assertThat(V1.verify(BODY, "v0=" + hex, "secret")).isFalse();
        assertThat(V1.verify(BODY, hex, "secret")).isFalse();
        assertThat(SHA256.verify(BODY, "v1=" + hex, "secret")).isFalse();
    }

    @Test
    void without_a_header_or_a_secret_nothing_verifies() {
        String signature = V1.sign(BODY, "secret");
        assertThat(V1.verify(BODY, null, "secret")).isFalse();
        assertThat(V1.verify(BODY, " ", "secret")).isFalse();
        assertThat(V1.verify(BODY, signature, null)).isFalse();
        assertThat(V1.verify(BODY, signature, "")).isFalse();
    }
}
