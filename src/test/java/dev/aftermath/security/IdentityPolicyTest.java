package dev.aftermath.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.aftermath.support.ProcessTestSupport;

/**
 * Identities cannot be rewritten by their owners, and nobody can lock anyone out for good (issue 22, items 3 and 4),
 * tried over {@code /engine-rest} as the users would; every refusal is read back as the system.
 */
class IdentityPolicyTest extends ProcessTestSupport {

    @LocalServerPort int port;
    @Autowired IdentityService identityService;
    @Autowired AuthorizationService authorizationService;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @AfterEach
    void resetClockAndUsers() {
        ClockUtil.reset();
        for (String id : List.of("ivy", "lockvictim")) {
            if (identityService.createUserQuery().userId(id).count() > 0) {
                identityService.deleteUser(id);
            }
        }
    }

    private HttpResponse<String> send(String method, String path, String user, String password, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(60)).header("Accept", "application/json");
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String profile(String id, String first, String last, String email) {
        return "{\"id\":\"" + id + "\",\"firstName\":\"" + first + "\",\"lastName\":\"" + last + "\",\"email\":\""
                + email + "\"}";
    }

    private void createUser(String id, String password) {
        User user = identityService.newUser(id);
        user.setFirstName("Throwaway");
        user.setLastName(id);
        user.setEmail(id + "@aftermath.example");
        user.setPassword(password);
        identityService.saveUser(user);
    }

    private User user(String id) {
        return identityService.createUserQuery().userId(id).singleResult();
    }

    @Test
    void users_change_their_own_password_and_nothing_else_admins_manage_profiles() throws Exception {
        // alex cannot take mia's name and e-mail, nor delete himself
        HttpResponse<String> forged = send("PUT", "/engine-rest/user/alex/profile", "alex", "alex",
                profile("alex", "Mia", "Techlead", "mia@aftermath.example"));
        assertThat(forged.statusCode()).as(forged.body()).isEqualTo(403);
        HttpResponse<String> email = send("PUT", "/engine-rest/user/alex/profile", "alex", "alex",
                profile("alex", "Alex", "Engineer", "mia@aftermath.example"));
        assertThat(email.statusCode()).as(email.body()).isEqualTo(403);
        HttpResponse<String> name = send("PUT", "/engine-rest/user/alex/profile", "alex", "alex",
                profile("alex", "Alexander", "Engineer", "alex@aftermath.example"));
        assertThat(name.statusCode()).as(name.body()).isEqualTo(403);
        HttpResponse<String> delete = send("DELETE", "/engine-rest/user/alex", "alex", "alex", null);
        assertThat(delete.statusCode()).as(delete.body()).isEqualTo(403);
        // read back: unchanged, still there
        assertThat(user("alex").getEmail()).isEqualTo("alex@aftermath.example");
        assertThat(user("alex").getFirstName()).isEqualTo("Alex");
        assertThat(identityService.checkPassword("alex", "alex")).isTrue();
        // what the engine grants him on his own account: reading it
        List<Authorization> own = authorizationService.createAuthorizationQuery().userIdIn("alex")
                .resourceType(Resources.USER).resourceId("alex").list();
        assertThat(own).hasSize(1);
        assertThat(own.get(0).isPermissionGranted(Permissions.READ)).isTrue();
        assertThat(own.get(0).isPermissionGranted(Permissions.UPDATE)).isFalse();
        assertThat(own.get(0).isPermissionGranted(Permissions.DELETE)).isFalse();

        // a new user: the same; the own password can be changed (with the current one), someone else's cannot
        createUser("ivy", "ivy-old-secret");
        HttpResponse<String> wrongCurrent = send("PUT", "/engine-rest/user/ivy/credentials", "ivy", "ivy-old-secret",
                "{\"password\":\"ivy-new-secret\",\"authenticatedUserPassword\":\"not-my-password\"}");
        assertThat(wrongCurrent.statusCode()).as(wrongCurrent.body()).isEqualTo(400);
        // that wrong password counts like any other (delay of 3 s): past it on the engine clock
        ClockUtil.setCurrentTime(new Date(System.currentTimeMillis() + 4000));
        HttpResponse<String> changed = send("PUT", "/engine-rest/user/ivy/credentials", "ivy", "ivy-old-secret",
                "{\"password\":\"ivy-new-secret\",\"authenticatedUserPassword\":\"ivy-old-secret\"}");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(204);
        assertThat(identityService.checkPassword("ivy", "ivy-new-secret")).isTrue();
        assertThat(send("GET", "/engine-rest/user/ivy/profile", "ivy", "ivy-new-secret", null).statusCode())
                .isEqualTo(200);
        HttpResponse<String> ivyEmail = send("PUT", "/engine-rest/user/ivy/profile", "ivy", "ivy-new-secret",
                profile("ivy", "Throwaway", "ivy", "demo@aftermath.example"));
        assertThat(ivyEmail.statusCode()).as(ivyEmail.body()).isEqualTo(403);
        assertThat(send("DELETE", "/engine-rest/user/ivy", "ivy", "ivy-new-secret", null).statusCode())
                .isEqualTo(403);
        HttpResponse<String> others = send("PUT", "/engine-rest/user/alex/credentials", "ivy", "ivy-new-secret",
                "{\"password\":\"taken-over\",\"authenticatedUserPassword\":\"ivy-new-secret\"}");
        assertThat(others.statusCode()).as(others.body()).isIn(403, 404);
        assertThat(user("ivy").getEmail()).isEqualTo("ivy@aftermath.example");
        assertThat(identityService.checkPassword("alex", "alex")).isTrue();
        // the old password is gone (a wrong password: ivy waits 3 s now, which no one below needs)
        assertThat(identityService.checkPassword("ivy", "ivy-old-secret")).isFalse();

        // an administrator edits a profile
        HttpResponse<String> admin = send("PUT", "/engine-rest/user/ivy/profile", "demo", "demo",
                profile("ivy", "Ivy", "Throwaway", "ivy.throwaway@aftermath.example"));
        assertThat(admin.statusCode()).as(admin.body()).isEqualTo(204);
        assertThat(user("ivy").getEmail()).isEqualTo("ivy.throwaway@aftermath.example");
        assertThat(user("ivy").getFirstName()).isEqualTo("Ivy");
        assertThat(send("DELETE", "/engine-rest/user/ivy", "demo", "demo", null).statusCode()).isEqualTo(204);
        assertThat(identityService.createUserQuery().userId("ivy").count()).isZero();
    }

    /** The delay after the n-th wrong password in a row (application.yml): 3 s doubling, at most 5 minutes. */
    static long delaySeconds(int n) {
        return Math.min(3L << (n - 1), 300L);
    }

    private int as(String user, String password) throws Exception {
        return send("GET", "/engine-rest/user/" + user + "/profile", user, password, null).statusCode();
    }

    private UserEntity stored(String id) {
        return (UserEntity) user(id);
    }

    @Test
    void fifteen_wrong_passwords_delay_the_account_but_never_lock_it_for_good_and_an_admin_unlocks_it()
            throws Exception {
        createUser("lockvictim", "right-password");
        // engine time, fixed, well before now: no timer of another test falls due while it moves
        long t = System.currentTimeMillis() - Duration.ofHours(3).toMillis();
        ClockUtil.setCurrentTime(new Date(t));
        assertThat(as("lockvictim", "right-password")).isEqualTo(200);

        List<Long> delays = new ArrayList<>();
        for (int n = 1; n <= 15; n++) {
            ClockUtil.setCurrentTime(new Date(t));
            assertThat(as("lockvictim", "wrong-" + n)).as("wrong password " + n).isEqualTo(401);
            UserEntity locked = stored("lockvictim");
            assertThat(locked.getAttempts()).isEqualTo(n);
            long delay = (locked.getLockExpirationTime().getTime() - t) / 1000;
            delays.add(delay);
            assertThat(delay).as("delay after wrong password " + n).isEqualTo(delaySeconds(n));
            // within the delay even the right password is refused (and does not count)
            ClockUtil.setCurrentTime(new Date(t + (delay - 1) * 1000));
            assertThat(as("lockvictim", "right-password")).as("right password within delay " + n).isEqualTo(401);
            assertThat(stored("lockvictim").getAttempts()).isEqualTo(n);
            t += (delay + 1) * 1000;
        }
        assertThat(delays).containsExactly(3L, 6L, 12L, 24L, 48L, 96L, 192L, 300L, 300L, 300L, 300L, 300L, 300L,
                300L, 300L);
        // after the last delay the right password works again: no permanent lock by a stranger
        ClockUtil.setCurrentTime(new Date(t));
        assertThat(as("lockvictim", "right-password")).isEqualTo(200);
        assertThat(stored("lockvictim").getAttempts()).isZero();

        // locked again; a stranger cannot unlock it, an administrator can, at once
        for (int n = 1; n <= 6; n++) {
            t += (delaySeconds(n) + 1) * 1000;
            ClockUtil.setCurrentTime(new Date(t));
            assertThat(as("lockvictim", "wrong")).isEqualTo(401);
        }
        assertThat(as("lockvictim", "right-password")).isEqualTo(401);
        assertThat(send("POST", "/engine-rest/user/lockvictim/unlock", "alex", "alex", null).statusCode())
                .isIn(401, 403);
        assertThat(as("lockvictim", "right-password")).isEqualTo(401);
        HttpResponse<String> unlock = send("POST", "/engine-rest/user/lockvictim/unlock", "demo", "demo", null);
        assertThat(unlock.statusCode()).as(unlock.body()).isEqualTo(204);
        assertThat(as("lockvictim", "right-password")).isEqualTo(200);
    }
}
