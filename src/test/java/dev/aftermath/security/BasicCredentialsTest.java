package dev.aftermath.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

/** The one HTTP Basic parser of the API and actuator filters, without a servlet container. */
class BasicCredentialsTest {

    private static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void user_and_password_are_split_at_the_first_colon() {
        assertThat(BasicCredentials.parse(basic("mia:s3cr:et")))
                .contains(new BasicCredentials("mia", "s3cr:et"));
    }

    @Test
    void the_scheme_is_case_insensitive_and_the_token_may_be_padded_with_spaces() {
        String token = Base64.getEncoder().encodeToString("mia:pw".getBytes(StandardCharsets.UTF_8));
        assertThat(BasicCredentials.parse("bAsIc   " + token + "  ")).contains(new BasicCredentials("mia", "pw"));
    }

    @Test
    void utf8_credentials_are_decoded() {
        assertThat(BasicCredentials.parse(basic("jürgen:päss"))).contains(new BasicCredentials("jürgen", "päss"));
    }

    @Test
    void an_empty_password_is_a_password() {
        assertThat(BasicCredentials.parse(basic("mia:"))).contains(new BasicCredentials("mia", ""));
    }

    @Test
    void anything_else_is_no_credentials() {
        assertThat(BasicCredentials.parse(null)).isEmpty();
        assertThat(BasicCredentials.parse("")).isEmpty();
        assertThat(BasicCredentials.parse("Bearer abc")).isEmpty();
        assertThat(BasicCredentials.parse("Basic")).isEmpty();
        assertThat(BasicCredentials.parse("Basic not*base64")).isEmpty();
        assertThat(BasicCredentials.parse(basic("no-colon"))).isEmpty();
        assertThat(BasicCredentials.parse(basic(":password-without-user"))).isEmpty();
    }

    @Test
    void the_password_is_not_in_the_text_form() {
        assertThat(new BasicCredentials("mia", "s3cret").toString()).contains("mia").doesNotContain("s3cret");
    }
}
