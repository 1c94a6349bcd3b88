package dev.aftermath.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** Slack's v0 signature: Slack's documented example, the five-minute window, a changed body, another secret. */
class SlackSignatureTest {

    // the example of Slack's "Verifying requests from Slack" page
    static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    static final String TIMESTAMP = "1531420618";
    static final String BODY = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
            + "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
            + "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
            + "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    static final String EXPECTED = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
    static final Instant THEN = Instant.ofEpochSecond(Long.parseLong(TIMESTAMP));

    private static byte[] body(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void signs_and_verifies_slacks_documented_example() {
        assertThat(SlackSignature.sign(TIMESTAMP, body(BODY), SECRET)).isEqualTo(EXPECTED);
        assertThat(SlackSignature.verify(TIMESTAMP, body(BODY), EXPECTED, SECRET, THEN.plusSeconds(30))).isTrue();
        assertThat(SlackSignature.verify(TIMESTAMP, body(BODY), EXPECTED.toUpperCase().replace("V0=", "v0="), SECRET,
                THEN)).isTrue();
    }

    @Test
    void refuses_old_or_future_timestamps_changed_bodies_other_secrets_and_missing_parts() {
        assertThat(SlackSignature.verify(TIMESTAMP, body(BODY), EXPECTED, SECRET, THEN.plusSeconds(300))).isTrue();
        assertThat(SlackSignature.verify(TIMESTAMP, body(BODY), EXPECTED, SECRET, THEN.plusSeconds(301))).isFalse();
        assertThat(SlackSignature.verify(TIMESTAMP, body(BODY), EXPECTED, SECRET, THEN.minusSeconds(301))).isFalse();
        assertThat(SlackSignature.verify(TIMESTAMP, body(BODY + "&x=1"), EXPECTED, SECRET, THEN)).isFalse();
        assertThat(SlackSignature.verify(TIMESTAMP, body(BODY), EXPECTED, "another-secret", THEN)).isFalse();
        assertThat(SlackSignature.verify("1531420619", body(BODY), EXPECTED, SECRET, THEN)).isFalse();
        assertThat(SlackSignature.verify(null, body(BODY), EXPECTED, SECRET, THEN)).isFalse();
        assertThat(SlackSignature.verify("soon", body(BODY), EXPECTED, SECRET, THEN)).isFalse();
        assertThat(SlackSignature.verify(TIMESTAMP, body(BODY), null, SECRET, THEN)).isFalse();
        assertThat(SlackSignature.verify(TIMESTAMP, body(BODY), EXPECTED, "", THEN)).isFalse();
        assertThat(SlackSignature.verify(TIMESTAMP, body(BODY), EXPECTED.replace("v0=", "v1="), SECRET, THEN))
                .isFalse();
    }
}
