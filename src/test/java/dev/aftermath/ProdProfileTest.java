package dev.aftermath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import dev.aftermath.notification.ProductionSettingsCheck;

/**
 * The {@code prod} profile, started the way an operator starts it ({@link SpringApplicationBuilder}, own JVM): without
 * a mail server it refuses to start and says why in one line naming {@code SPRING_MAIL_HOST}; without the first
 * administrator's password it refuses too; with both it starts without the embedded SMTP server, {@code /inbox} is
 * 404, no demo user exists, and the session cookie is {@code Secure} and {@code SameSite=Lax}, also the one the
 * Camunda webapps set at login.
 */
@Tag("own-context")
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProdProfileTest {

    private static final String ADMIN_PASSWORD = "s3cret-Admin-pw";

    private static Map<String, Object> settings() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("server.port", 0);
        p.put("spring.datasource.url", "jdbc:h2:mem:prod-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        p.put("camunda.bpm.job-execution.enabled", false);
        p.put("aftermath.templates.dir", "templates");
        return p;
    }

    /** The application in the prod profile, the settings given as command-line arguments (they win over files). */
    private static ConfigurableApplicationContext startProd(Map<String, Object> properties) {
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(AftermathApplication.class).profiles("prod").run(args);
    }

    @Test
    @Order(1)
    void without_a_mail_server_start_up_fails_with_one_line_naming_SPRING_MAIL_HOST(CapturedOutput output) {
        Map<String, Object> p = settings();
        p.put("camunda.bpm.admin-user.password", ADMIN_PASSWORD);

        assertThatThrownBy(() -> startProd(p))
                .isInstanceOf(ProductionSettingsCheck.SettingMissingException.class)
                .hasMessageContaining("SPRING_MAIL_HOST");

        List<String> lines = output.getAll().lines().filter(l -> l.contains("SPRING_MAIL_HOST is not set")).toList();
        assertThat(lines).as(output.getAll()).isNotEmpty();
        assertThat(lines.get(0)).contains("ERROR").contains(ProductionSettingsCheck.class.getSimpleName());
        // it failed before anything started: no dev SMTP server, no engine, no web server
        assertThat(output.getAll()).doesNotContain("Embedded dev SMTP server").doesNotContain("Tomcat started")
                .doesNotContain("ENGINE-00001");
    }

    @Test
    @Order(2)
    void without_the_first_admin_password_start_up_fails_naming_it(CapturedOutput output) {
        Map<String, Object> p = settings();
        p.put("spring.mail.host", "127.0.0.1");
        p.put("spring.mail.port", 2525);

        assertThatThrownBy(() -> startProd(p))
                .isInstanceOf(ProductionSettingsCheck.SettingMissingException.class)
                .hasMessageContaining("AFTERMATH_ADMIN_PASSWORD");
        assertThat(output.getAll()).contains("AFTERMATH_ADMIN_PASSWORD is not set").doesNotContain("Tomcat started");
    }

    @Test
    @Order(3)
    void with_a_mail_server_there_is_no_inbox_no_demo_user_and_the_session_cookie_is_secure() throws Exception {
        GreenMail smtp = new dev.aftermath.notification.NoDelayGreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        Map<String, Object> p = settings();
        p.put("spring.mail.host", "127.0.0.1");
        p.put("spring.mail.port", smtp.getSmtp().getPort());
        p.put("camunda.bpm.admin-user.password", ADMIN_PASSWORD);
        try (ConfigurableApplicationContext context = startProd(p)) {
            int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
            assertThat(context.getBeansOfType(GreenMail.class)).isEmpty();

            IdentityService identity = context.getBean(IdentityService.class);
            for (String demo : List.of("demo", "jordan", "priya", "carlos", "mia", "sam", "alex")) {
                assertThat(identity.createUserQuery().userId(demo).count()).as(demo).isZero();
            }
            assertThat(identity.checkPassword("admin", ADMIN_PASSWORD)).isTrue();

            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            HttpResponse<String> inbox = http.send(HttpRequest.newBuilder(uri(port, "/inbox"))
                    .header("Authorization", basic("admin", ADMIN_PASSWORD)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(inbox.statusCode()).isEqualTo(404);
            assertThat(inbox.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");

            // the webapps' session: created when Tasklist is opened, replaced at login; both cookies flagged
            HttpResponse<String> open = http.send(HttpRequest.newBuilder(uri(port, "/camunda/app/tasklist/default/"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            String session = cookie(open, "JSESSIONID");
            assertFlags(session);
            String csrf = value(cookie(open, "XSRF-TOKEN"));
            // the CSRF cookie too travels over HTTPS only (the webapps' script reads it: not HttpOnly)
            assertThat(List.of(cookie(open, "XSRF-TOKEN").toLowerCase(java.util.Locale.ROOT).split(";")).stream()
                    .map(String::trim).toList()).as(cookie(open, "XSRF-TOKEN")).contains("secure");
            HttpResponse<String> login = http.send(HttpRequest.newBuilder(
                            uri(port, "/camunda/api/admin/auth/user/default/login/tasklist"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "application/json")
                    .header("X-XSRF-TOKEN", csrf)
                    .header("Cookie", "JSESSIONID=" + value(session) + "; XSRF-TOKEN=" + csrf)
                    .POST(HttpRequest.BodyPublishers.ofString("username=admin&password=" + ADMIN_PASSWORD))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
            String loggedIn = cookie(login, "JSESSIONID");
            assertThat(value(loggedIn)).isNotEqualTo(value(session));
            assertFlags(loggedIn);
        } finally {
            smtp.stop();
        }
    }

    private static void assertFlags(String setCookie) {
        assertThat(setCookie).isNotNull();
        List<String> attributes = List.of(setCookie.split(";")).stream().map(String::trim)
                .map(a -> a.toLowerCase(java.util.Locale.ROOT)).toList();
        assertThat(attributes).as(setCookie).contains("secure", "samesite=lax", "httponly");
    }

    /** The Set-Cookie header that sets {@code name} (the last one). */
    private static String cookie(HttpResponse<?> response, String name) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "="))
                .reduce((a, b) -> b).orElse(null);
    }

    private static String value(String setCookie) {
        assertThat(setCookie).isNotNull();
        String pair = setCookie.split(";")[0];
        return pair.substring(pair.indexOf('=') + 1);
    }

    private static URI uri(int port, String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
