package dev.aftermath.identity.oidc;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.aftermath.AftermathApplication;

/**
 * An identity provider inside the test ({@code mock-oauth2-server}, issuer {@code default}, an interactive login
 * form) and the application in single sign-on mode against it, started the way an operator starts it (own JVM: the
 * tests using it carry the {@code own-context} tag).
 */
final class OidcTestApp {

    static final String ISSUER = "default";
    static final String CLIENT_ID = "aftermath";
    static final String CLIENT_SECRET = "client-s3cret";

    private OidcTestApp() {
    }

    static MockOAuth2Server provider() {
        // interactive login: the authorization endpoint shows a login form (user name, claims as JSON)
        MockOAuth2Server server = new MockOAuth2Server(new OAuth2Config(true));
        server.start();
        return server;
    }

    static Map<String, Object> settings(MockOAuth2Server provider) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("server.port", 0);
        p.put("spring.datasource.url", "jdbc:h2:mem:oidc-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        p.put("camunda.bpm.job-execution.enabled", false);
        p.put("aftermath.templates.dir", "templates");
        p.put("aftermath.identity.mode", "oidc");
        p.put("aftermath.identity.oidc.issuer-uri", provider.issuerUrl(ISSUER).toString());
        p.put("aftermath.identity.oidc.client-id", CLIENT_ID);
        p.put("aftermath.identity.oidc.client-secret", CLIENT_SECRET);
        // the provider's group names differ from the roles: the mapping of aftermath.identity.group-roles applies
        p.put("aftermath.identity.group-roles.incident-commanders", "sre-incident-commanders");
        p.put("aftermath.identity.group-roles.engineering", "all-engineers");
        return p;
    }

    static ConfigurableApplicationContext start(Map<String, Object> settings, String... profiles) {
        String[] args = settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(AftermathApplication.class).profiles(profiles).run(args);
    }

    static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }
}
