package dev.aftermath.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import dev.aftermath.directory.UserDirectory;
import dev.aftermath.processapi.PostmortemProcess.Elements;
import dev.aftermath.support.Drafts;
import dev.aftermath.support.Lifecycle;

/**
 * Identity mode {@code ldap} against an LDAP server started in the test (UnboundID's in-memory server with
 * {@code identity/ldap-directory.ldif}): the directory's groups ({@code sre-leads}, {@code all-engineers}, …) reach the
 * engine as Aftermath's roles through {@code aftermath.identity.group-roles}; a SEV1 goes from closure to publication
 * with the directory's people, who sign in with their directory passwords and receive mail at their directory
 * addresses; the four-eyes rule holds; eve, in a group that maps to no role, is refused like the access tests expect.
 * Own context (other identity provider): own JVM, see pom.xml.
 */
@Tag("own-context")
@TestPropertySource(properties = {
        "aftermath.identity.mode=ldap",
        "aftermath.identity.group-roles.incident-commanders[0]=sre-oncall-leads",
        "aftermath.identity.group-roles.tech-leads[0]=sre-leads",
        "aftermath.identity.group-roles.engineering-managers[0]=eng-managers",
        "aftermath.identity.group-roles.engineering[0]=all-engineers",
        "aftermath.identity.group-roles.security[0]=infosec",
        "aftermath.identity.group-roles.camunda-admin[0]=aftermath-admins"})
class LdapLifecycleTest extends Lifecycle {

    static final String BASE_DN = "dc=aftermath,dc=test";
    static final String MANAGER_DN = "cn=manager," + BASE_DN;
    static final String MANAGER_PASSWORD = "manager-secret";

    private static InMemoryDirectoryServer ldap;

    @DynamicPropertySource
    static void directory(DynamicPropertyRegistry registry) throws Exception {
        if (ldap == null) {
            InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE_DN);
            config.addAdditionalBindCredentials(MANAGER_DN, MANAGER_PASSWORD);
            config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", 0));
            ldap = new InMemoryDirectoryServer(config);
            ldap.importFromLDIF(true, LdapLifecycleTest.class.getResource("/identity/ldap-directory.ldif").getPath());
            ldap.startListening();
        }
        int port = ldap.getListenPort();
        registry.add("aftermath.identity.ldap.url", () -> "ldap://localhost:" + port);
        registry.add("aftermath.identity.ldap.manager-dn", () -> MANAGER_DN);
        registry.add("aftermath.identity.ldap.manager-password", () -> MANAGER_PASSWORD);
        registry.add("aftermath.identity.ldap.base-dn", () -> BASE_DN);
    }

    @AfterAll
    static void stopDirectory() {
        if (ldap != null) {
            ldap.shutDown(true);
            ldap = null;
        }
    }

    @LocalServerPort int port;
    @Autowired TestRestTemplate http;
    @Autowired IdentityService identityService;
    @Autowired UserDirectory directory;

    private static List<String> ids(List<? extends Group> groups) {
        return groups.stream().map(Group::getId).toList();
    }

    private static List<String> userIds(List<User> users) {
        return users.stream().map(User::getId).toList();
    }

    @Test
    void the_directorys_groups_reach_the_engine_as_roles_and_nobody_is_created() {
        assertThat(identityService.isReadOnly()).isTrue();
        // group ids by member: the roles of the directory groups, never the directory's own names
        assertThat(ids(identityService.createGroupQuery().groupMember("mia").list()))
                .containsExactly("engineering", "tech-leads");
        assertThat(ids(identityService.createGroupQuery().groupMember("jordan").list()))
                .containsExactly("engineering", "incident-commanders");
        assertThat(ids(identityService.createGroupQuery().groupMember("ada").list())).containsExactly("camunda-admin");
        assertThat(identityService.createGroupQuery().groupMember("eve").list()).isEmpty();
        assertThat(identityService.createGroupQuery().groupId("tech-leads").count()).isEqualTo(1);
        assertThat(identityService.createGroupQuery().groupId("sre-leads").count()).isZero();
        assertThat(ids(identityService.createGroupQuery().groupNameLike("%lead%").list())).containsExactly("tech-leads");
        // members by role: every member of the mapped directory group(s)
        assertThat(userIds(identityService.createUserQuery().memberOfGroup("tech-leads").list()))
                .containsExactly("carlos", "mia");
        assertThat(userIds(identityService.createUserQuery().memberOfGroup("engineering").list()))
                .containsExactly("alex", "carlos", "jordan", "mia", "priya", "sam");
        assertThat(identityService.createUserQuery().memberOfGroup("engineering").count()).isEqualTo(6);
        assertThat(identityService.createUserQuery().memberOfGroup("tech-leads").userId("mia").count()).isEqualTo(1);
        assertThat(identityService.createUserQuery().memberOfGroup("tech-leads").userId("priya").count()).isZero();
        assertThat(identityService.createUserQuery().memberOfGroup("security").list()).isEmpty();
        // profiles and e-mail addresses from the directory (mail recipients, the Jira mapping by e-mail)
        User mia = identityService.createUserQuery().userId("mia").singleResult();
        assertThat(mia.getFirstName()).isEqualTo("Mia");
        assertThat(mia.getLastName()).isEqualTo("Lindqvist");
        assertThat(mia.getEmail()).isEqualTo("mia.lindqvist@corp.example");
        assertThat(directory.findByEmail("mia.lindqvist@corp.example")).map(User::getId).contains("mia");
        assertThat(userIds(directory.resolve(List.of("group:tech-leads", "priya")).users()))
                .containsExactly("carlos", "mia", "priya");
        assertThat(directory.groupIds("sam")).containsExactly("engineering", "engineering-managers");
        // passwords are checked by the directory; no demo user, no first administrator was created
        assertThat(identityService.checkPassword("mia", "pw-mia")).isTrue();
        assertThat(identityService.checkPassword("mia", "mia")).isFalse();
        assertThat(identityService.createUserQuery().userId("demo").count()).isZero();
        assertThat(identityService.checkPassword("demo", "demo")).isFalse();
    }

    @Test
    void a_sev1_goes_from_closure_to_publication_with_the_directorys_people() throws Exception {
        String id = newIncidentId("INC-LDAP");
        Map<String, Object> payload = incident(id, "SEV1", Duration.ofHours(1));
        payload.put("author", "mia");
        payload.put("facilitator", "carlos");

        // eve (no role) may not post it; jordan (sre-oncall-leads -> incident-commanders) may, with his LDAP password
        assertThat(send("eve", HttpMethod.POST, "/api/incidents", payload).getStatusCode().value()).isEqualTo(403);
        ResponseEntity<String> posted = send("jordan", HttpMethod.POST, "/api/incidents", payload);
        assertThat(posted.getStatusCode().value()).as(posted.getBody()).isEqualTo(201);
        ProcessInstance pi = runtimeService.createProcessInstanceQuery().processInstanceBusinessKey(id).singleResult();
        continueAfterDecision(pi.getId());
        runAsyncJobs();

        // the draft and the meeting reach their directory people, by mail at their directory addresses
        assertThat(pi).isWaitingAt(Elements.TASK_WRITE_DRAFT, Elements.TASK_SCHEDULE_MEETING);
        assertThat(task(Elements.TASK_WRITE_DRAFT, pi)).isAssignedTo("mia");
        assertThat(recipients(mailTo("mia", id))).containsExactly("Mia Lindqvist <mia.lindqvist@corp.example>");
        assertThat(recipients(mailTo("carlos", "Schedule the post-mortem meeting")))
                .containsExactly("Carlos Mendes <carlos.mendes@corp.example>");

        complete(task(Elements.TASK_WRITE_DRAFT, pi), Drafts.goodDraft());
        complete(task(Elements.TASK_SCHEDULE_MEETING, pi), withVariables("meetingStart",
                Instant.now().plus(Duration.ofHours(3)).truncatedTo(ChronoUnit.MINUTES).toString(),
                "attendees", "jordan,alex"));
        runAsyncJobs();
        MimeMessage invitation = mailTo("alex", "nvitation");
        assertThat(recipients(invitation)).containsExactlyInAnyOrder("Alex Novak <alex.novak@corp.example>",
                "Jordan Okafor <jordan.okafor@corp.example>", "Carlos Mendes <carlos.mendes@corp.example>");
        fireTimer(pi, Elements.TIMER_MEETING_START);
        complete(task(Elements.TASK_HOLD_MEETING, pi), Drafts.goodMeeting());
        complete(task(Elements.TASK_FINALIZE, pi), Drafts.goodDraft());
        runAsyncJobs();

        // the approval: candidate group tech-leads resolves to the directory's sre-leads (mia and carlos)
        assertThat(pi).isWaitingAt(Elements.TASK_APPROVE);
        Task approval = task(Elements.TASK_APPROVE, pi);
        assertThat(approval).hasCandidateGroup("tech-leads");
        assertThat(taskService.createTaskQuery().taskId(approval.getId()).taskCandidateUser("carlos").count())
                .isEqualTo(1);
        assertThat(taskService.createTaskQuery().taskId(approval.getId()).taskCandidateUser("alex").count()).isZero();
        String approve = "/engine-rest/task/" + approval.getId();
        String approved = "{\"variables\":{\"approved\":{\"value\":true,\"type\":\"Boolean\"}}}";
        // four eyes: mia, tech lead and author, never approves her own post-mortem
        assertThat(send("mia", HttpMethod.POST, approve + "/claim", "{\"userId\":\"mia\"}").getStatusCode().value())
                .isEqualTo(400);
        assertThat(send("mia", HttpMethod.POST, approve + "/complete", approved).getStatusCode().value())
                .isEqualTo(400);
        // eve and alex (no tech lead) are refused; the task stays open
        assertThat(send("eve", HttpMethod.POST, approve + "/complete", approved).getStatusCode().value())
                .isIn(403, 404);
        assertThat(send("alex", HttpMethod.POST, approve + "/complete", approved).getStatusCode().value())
                .isIn(403, 404);
        assertThat(send("eve", HttpMethod.GET, "/engine-rest/process-instance/" + pi.getId(), null)
                .getStatusCode().value()).isIn(403, 404);
        assertThat(taskService.createTaskQuery().taskId(approval.getId()).count()).isEqualTo(1);
        // carlos, the other tech lead, approves with his directory password
        ResponseEntity<String> done = send("carlos", HttpMethod.POST, approve + "/complete", approved);
        assertThat(done.getStatusCode().value()).as(done.getBody()).isEqualTo(204);
        runAsyncJobs();

        assertThat(pi).hasPassed(Elements.PUBLISH, Elements.SEND_PUBLISHED);
        // the published summary goes to the engineering list: all-engineers' directory addresses
        MimeMessage summary = mailTo("sam", "ublished");
        assertThat(recipients(summary)).containsExactlyInAnyOrder("Jordan Okafor <jordan.okafor@corp.example>",
                "Priya Raman <priya.raman@corp.example>", "Carlos Mendes <carlos.mendes@corp.example>",
                "Mia Lindqvist <mia.lindqvist@corp.example>", "Sam Whitaker <sam.whitaker@corp.example>",
                "Alex Novak <alex.novak@corp.example>");
        for (String engineer : List.of("jordan", "priya", "carlos", "mia", "alex")) {
            assertThat(mailsTo(engineer)).as(engineer).anyMatch(m -> subject(m).contains("ublished"));
        }
        assertThat(mailsTo("eve")).isEmpty();
        // the administrators' grants apply to the directory's admin group: ada sees the instance, eve nothing
        assertThat(send("ada", HttpMethod.GET, "/engine-rest/process-instance/" + pi.getId(), null)
                .getStatusCode().value()).isEqualTo(200);
        assertThat(send("eve", HttpMethod.GET, "/engine-rest/process-instance/count", null).getBody())
                .contains("\"count\":0");
    }

    @Test
    void the_webapps_sign_in_with_the_directory_and_see_roles() throws Exception {
        assertThat(webappLogin("mia", "tasklist")).isEqualTo(200);
        assertThat(webappLogin("eve", "cockpit")).isIn(401, 403);
        assertThat(webappLogin("alex", "cockpit")).isIn(401, 403);
        assertThat(webappLogin("ada", "cockpit")).isEqualTo(200);
        assertThat(webappLogin("mia", "tasklist", "wrong-password")).isIn(401, 403);
    }

    private int webappLogin(String user, String app) throws Exception {
        return webappLogin(user, app, "pw-" + user);
    }

    private int webappLogin(String user, String app, String password) throws Exception {
        String base = "http://localhost:" + port + "/camunda";
        CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        HttpClient client = HttpClient.newBuilder().cookieHandler(cookies).build();
        client.send(HttpRequest.newBuilder(URI.create(base + "/app/" + app + "/default/")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        String xsrf = cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                .map(c -> c.getValue()).findFirst().orElse("");
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(
                        URI.create(base + "/api/admin/auth/user/default/login/" + app))
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-XSRF-TOKEN", xsrf)
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + password)).build(),
                HttpResponse.BodyHandlers.ofString());
        return answer.statusCode();
    }

    private ResponseEntity<String> send(String user, HttpMethod method, String path, Object body) {
        HttpHeaders headers = new HttpHeaders();
        if (body != null) {
            headers.setContentType(MediaType.APPLICATION_JSON);
        }
        return http.withBasicAuth(user, "pw-" + user).exchange(path, method, new HttpEntity<>(body, headers),
                String.class);
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
