package dev.aftermath.identity.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import no.nav.security.mock.oauth2.MockOAuth2Server;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import dev.aftermath.notification.ProductionSettingsCheck;

/**
 * Single sign-on mode with an identity provider inside the test: an integrator's bearer token calls
 * {@code POST /api/incidents}; a token of a user without the role gets 403; an expired token and one of a foreign
 * issuer get 401; HTTP Basic still works beside tokens; health and the webhooks stay outside the login; pages send
 * the browser to the provider. And the {@code prod} profile refuses to start in oidc mode without its settings.
 */
@Tag("own-context")
@ExtendWith(OutputCaptureExtension.class)
class OidcBearerApiTest {

    private static MockOAuth2Server provider;
    private static ConfigurableApplicationContext app;
    private static int port;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() {
        provider = OidcTestApp.provider();
        app = OidcTestApp.start(OidcTestApp.settings(provider));
        port = OidcTestApp.port(app);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (provider != null) {
            provider.shutdown();
        }
    }

    private static String token(String issuer, String user, List<String> groups, long lifetimeSeconds) {
        return provider.issueToken(issuer, user, "aftermath",
                Map.of("preferred_username", user, "groups", groups), lifetimeSeconds).serialize();
    }

    @Test
    void a_bearer_token_of_an_incident_commander_posts_an_incident() throws Exception {
        String id = "SSO-" + System.nanoTime() % 1_000_000;
        HttpResponse<String> created = postIncident(id,
                "Bearer " + token(OidcTestApp.ISSUER, "pagerduty-bot", List.of("sre-incident-commanders"), 3600));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location").orElse("")).endsWith("/api/incidents/" + id);

        // the same token reads it back
        HttpResponse<String> read = HTTP.send(HttpRequest.newBuilder(uri("/api/incidents/" + id))
                .header("Authorization", created.request().headers().firstValue("Authorization").orElseThrow())
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(read.body()).contains(id);
    }

    @Test
    void a_token_of_a_user_without_the_role_gets_403() throws Exception {
        HttpResponse<String> refused = postIncident("SSO-403-" + System.nanoTime() % 1_000_000,
                "Bearer " + token(OidcTestApp.ISSUER, "nora", List.of("all-engineers"), 3600));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(refused.body()).contains("nora").contains("incident-commanders");
    }

    @Test
    void an_expired_token_and_a_foreign_issuers_token_get_401() throws Exception {
        String expired = token(OidcTestApp.ISSUER, "pagerduty-bot", List.of("sre-incident-commanders"), -3600);
        String foreign = token("elsewhere", "pagerduty-bot", List.of("sre-incident-commanders"), 3600);
        for (String bad : List.of(expired, foreign, "not-a-jwt")) {
            HttpResponse<String> refused = postIncident("SSO-401-" + System.nanoTime() % 1_000_000, "Bearer " + bad);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
            assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        }
    }

    @Test
    void http_basic_still_works_beside_tokens_and_health_and_webhooks_stay_outside_the_login() throws Exception {
        HttpResponse<String> basic = postIncident("SSO-BASIC-" + System.nanoTime() % 1_000_000, "Basic "
                + Base64.getEncoder().encodeToString("jordan:jordan".getBytes(StandardCharsets.UTF_8)));
        assertThat(basic.statusCode()).as(basic.body()).isEqualTo(201);

        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(uri("/api/incidents")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);

        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(uri("/actuator/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);

        // a webhook is not sent to the provider's login: its controller answers (here: no valid signature)
        HttpResponse<String> webhook = HTTP.send(HttpRequest.newBuilder(uri("/api/webhooks/pagerduty"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(webhook.statusCode()).as(webhook.body()).isBetween(400, 499);
        assertThat(webhook.headers().firstValue("Location")).isEmpty();

        // a page sends the browser to the identity provider
        for (String page : List.of("/library", "/insights", "/inbox", "/swagger-ui.html",
                "/camunda/app/tasklist/default/", "/camunda/app/cockpit/default/")) {
            HttpResponse<String> login = HTTP.send(HttpRequest.newBuilder(uri(page)).header("Accept", "text/html")
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).as(page).isEqualTo(302);
            assertThat(login.headers().firstValue("Location").orElse("")).as(page)
                    .endsWith("/oauth2/authorization/oidc");
        }
        // the webapps' own API calls are answered 401, not redirected
        HttpResponse<String> webappApi = HTTP.send(HttpRequest.newBuilder(
                uri("/camunda/api/admin/auth/user/default")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(webappApi.statusCode()).isEqualTo(401);
    }

    @Test
    void a_sign_in_brings_the_user_and_its_role_memberships_up_to_date() {
        OidcUsers users = app.getBean(OidcUsers.class);
        IdentityService identity = app.getBean(IdentityService.class);
        users.provision("kim", Map.of("preferred_username", "kim", "name", "Kim Park", "email", "kim@example.test",
                "groups", List.of("sre-incident-commanders", "all-engineers", "wiki-editors")));
        assertThat(identity.createUserQuery().userId("kim").singleResult().getEmail()).isEqualTo("kim@example.test");
        assertThat(roles(identity, "kim")).containsExactlyInAnyOrder("incident-commanders", "engineering");

        // the provider moved kim out of the commanders and changed the address: the next sign-in follows
        users.provision("kim", Map.of("preferred_username", "kim", "email", "kim.park@example.test",
                "groups", "all-engineers"));
        assertThat(identity.createUserQuery().userId("kim").singleResult().getEmail())
                .isEqualTo("kim.park@example.test");
        assertThat(identity.createUserQuery().userId("kim").singleResult().getFirstName()).isEqualTo("Kim Park");
        assertThat(roles(identity, "kim")).containsExactly("engineering");
    }

    private static List<String> roles(IdentityService identity, String user) {
        return identity.createGroupQuery().groupMember(user).list().stream().map(Group::getId).toList();
    }

    @Test
    void prod_in_oidc_mode_without_its_settings_refuses_to_start_naming_them(CapturedOutput output) {
        Map<String, Object> p = OidcTestApp.settings(provider);
        p.put("spring.datasource.url", "jdbc:h2:mem:oidc-prod;DB_CLOSE_DELAY=-1");
        p.put("spring.mail.host", "127.0.0.1");
        p.put("camunda.bpm.admin-user.password", "s3cret-Admin-pw");
        p.remove("aftermath.identity.oidc.client-secret");
        p.put("aftermath.identity.oidc.issuer-uri", "");
        assertThatThrownBy(() -> OidcTestApp.start(p, "prod"))
                .isInstanceOf(ProductionSettingsCheck.SettingMissingException.class)
                .hasMessageContaining("AFTERMATH_OIDC_ISSUER_URI")
                .hasMessageContaining("AFTERMATH_OIDC_CLIENT_SECRET")
                .message().doesNotContain("AFTERMATH_OIDC_CLIENT_ID");
        assertThat(output.getAll()).contains("AFTERMATH_OIDC_CLIENT_SECRET (aftermath.identity.oidc.client-secret)");
    }

    private static HttpResponse<String> postIncident(String id, String authorization) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri("/api/incidents"))
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(incident(id)))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static Map<String, Object> incident(String id) {
        Instant resolved = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        Instant started = resolved.minus(47, ChronoUnit.MINUTES);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("title", "Payment API returned 503 for checkout");
        m.put("service", "payments");
        m.put("severity", "SEV4");
        m.put("startedAt", started.toString());
        m.put("detectedAt", started.plus(5, ChronoUnit.MINUTES).toString());
        m.put("acknowledgedAt", started.plus(9, ChronoUnit.MINUTES).toString());
        m.put("mitigatedAt", started.plus(32, ChronoUnit.MINUTES).toString());
        m.put("resolvedAt", resolved.toString());
        m.put("commander", "jordan");
        m.put("responders", List.of("priya", "carlos"));
        m.put("usersAffected", 120);
        m.put("usersAffectedPercent", 0.1);
        m.put("customerImpact", "Customers could not complete payment");
        m.put("symptom", "db-pool-exhausted-" + id);
        m.put("timeline", List.of(Map.of("at", started.toString(), "event", "Error rate > 5% on payment service",
                "source", "PagerDuty")));
        return m;
    }

    private static URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
