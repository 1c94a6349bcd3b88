package dev.aftermath.security;

import static org.assertj.core.api.Assertions.assertThat;
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
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.mail.internet.MimeMessage;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.spin.plugin.variable.SpinValues;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;

import dev.aftermath.processapi.ActionItemProcess;
import dev.aftermath.actionitem.ActionItemRepository;
import dev.aftermath.actionitem.ActionItemState;
import dev.aftermath.directory.DirectorySetup;
import dev.aftermath.incident.IncidentRepository;
import dev.aftermath.processapi.PostmortemProcess.Elements;
import dev.aftermath.support.Drafts;
import dev.aftermath.support.Lifecycle;

/**
 * Least privilege, tried as the users would: one table of attempts across {@code /engine-rest}, the Aftermath API, the
 * library pages and the webapps, each by someone who must not succeed. Every attempt must be refused and a read-back
 * must show that nothing changed.
 */
class AuthorizationTest extends Lifecycle {

    @LocalServerPort int port;
    @Autowired TestRestTemplate http;
    @Autowired IdentityService identityService;
    @Autowired AuthorizationService authorizationService;
    @Autowired RepositoryService repositoryService;
    @Autowired FilterService filterService;
    @Autowired IncidentRepository incidents;
    @Autowired ActionItemRepository actionItems;
    @Autowired AuthorizationSetup setup;

    /** One attempt: who does what, which answers count as refused, and the read-back that nothing changed. */
    record Attempt(String what, String user, HttpMethod method, String path, Object body, Set<Integer> refused,
                   Runnable unchanged) {
    }

    private final List<Attempt> attempts = new ArrayList<>();

    private void attempt(String what, String user, HttpMethod method, String path, Object body, Set<Integer> refused,
                         Runnable unchanged) {
        attempts.add(new Attempt(what, user, method, path, body, refused, unchanged));
    }

    private static final Set<Integer> FORBIDDEN = Set.of(403);
    private static final Set<Integer> NOT_FOUND = Set.of(404);
    private static final Set<Integer> FORBIDDEN_OR_NOT_FOUND = Set.of(403, 404);
    private static final Set<Integer> BAD_REQUEST = Set.of(400);

    private ResponseEntity<String> send(String user, HttpMethod method, String path, Object body) {
        HttpHeaders headers = new HttpHeaders();
        if (body instanceof LinkedMultiValueMap<?, ?>) {
            headers.setContentType(MediaType.MULTIPART_FORM_DATA);
        } else if (body != null) {
            headers.setContentType(MediaType.APPLICATION_JSON);
        }
        return http.withBasicAuth(user, user).exchange(path, method, new HttpEntity<>(body, headers), String.class);
    }

    @Test
    void every_attempt_beyond_a_users_role_is_refused_and_changes_nothing() throws Exception {
        // a running post-mortem: priya writes the draft, carlos schedules the meeting
        String runningId = newIncidentId("INC-AUTHZ-RUN");
        Map<String, Object> payload = incident(runningId, "SEV1", Duration.ofHours(1));
        payload.put("author", "priya");
        payload.put("facilitator", "carlos");
        ProcessInstance running = start(payload);
        runAsyncJobs();
        Task draft = taskService.createTaskQuery().processInstanceId(running.getId())
                .taskDefinitionKey(Elements.TASK_WRITE_DRAFT).singleResult();
        Task schedule = taskService.createTaskQuery().processInstanceId(running.getId())
                .taskDefinitionKey(Elements.TASK_SCHEDULE_MEETING).singleResult();
        String pid = running.getId();
        String summaryBefore = (String) taskService.getVariable(draft.getId(), "summary");

        // an open action item owned by priya
        String itemIncident = newIncident("INC-AUTHZ-ITEM");
        Map<String, Object> vars = new HashMap<>();
        vars.put("incidentId", itemIncident);
        vars.put("itemNumber", 1);
        vars.put("actionItem", SpinValues.jsonValue("{\"title\":\"Alert at 80% pool saturation on payments-db\","
                + "\"owner\":\"priya\",\"dueDate\":\"" + LocalDate.now().plusDays(20) + "\",\"priority\":\"HIGH\"}")
                .create());
        runtimeService.startProcessInstanceByKey(ActionItemProcess.KEY, itemIncident + "/AI-1", vars);
        runAsyncJobs();
        String itemPath = "/api/action-items/" + itemIncident + "/AI-1";

        // mia is a tech lead and the author of this one: it waits for her approval
        String ownId = newIncidentId("INC-AUTHZ-OWN");
        ProcessInstance own = waitingForApproval(ownId, "mia");
        Task approval = taskService.createTaskQuery().processInstanceId(own.getId())
                .taskDefinitionKey(Elements.TASK_APPROVE).singleResult();

        // a restricted, published post-mortem: alex and sam take no part in it, sasha is in security
        String nonce = "rx" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        String restrictedId = newIncidentId("INC-AUTHZ-SECRET");
        Map<String, Object> secret = incident(restrictedId, "SEV2", Duration.ofHours(2));
        secret.put("restricted", true);
        secret.put("title", nonce + " Token signing key exposed");
        greenMail.purgeEmailFromAllMailboxes();
        publish(secret, Drafts.goodDraft(), Map.of("attendees", "mia,carlos"), Drafts.goodMeeting(),
                Drafts.goodDraft());
        assertThat(incidents.find(restrictedId).orElseThrow().restricted()).isTrue();
        String item1 = "/api/action-items/" + restrictedId + "/AI-1";

        long deployments = repositoryService.createDeploymentQuery().count();
        long authorizations = authorizationService.createAuthorizationQuery().count();
        String allTasks = filterService.createFilterQuery().filterName("All tasks").singleResult().getId();

        Runnable draftUntouched = () -> {
            Task t = taskService.createTaskQuery().taskId(draft.getId()).singleResult();
            assertThat(t).as("draft task still open").isNotNull();
            assertThat(t.getAssignee()).isEqualTo("priya");
            assertThat(taskService.getVariable(draft.getId(), "summary")).isEqualTo(summaryBefore);
            assertThat(taskService.getVariable(draft.getId(), "hacked")).isNull();
        };
        Runnable scheduleUntouched = () -> assertThat(taskService.createTaskQuery().taskId(schedule.getId())
                .singleResult().getAssignee()).isEqualTo("carlos");
        Runnable instanceUntouched = () -> {
            ProcessInstance pi = runtimeService.createProcessInstanceQuery().processInstanceId(pid).singleResult();
            assertThat(pi).as("instance still running").isNotNull();
            assertThat(pi.isSuspended()).isFalse();
            assertThat(runtimeService.getVariable(pid, "author")).isEqualTo("priya");
        };
        Runnable nothingDeployed = () -> assertThat(repositoryService.createDeploymentQuery().count())
                .isEqualTo(deployments);
        Runnable noNewGrant = () -> assertThat(authorizationService.createAuthorizationQuery().count())
                .isEqualTo(authorizations);
        Runnable alexNoAdmin = () -> assertThat(identityService.createUserQuery().memberOfGroup("camunda-admin")
                .userId("alex").count()).isZero();
        Runnable itemOpen = () -> assertThat(actionItems.find(itemIncident + "/AI-1").orElseThrow().state())
                .isEqualTo(ActionItemState.OPEN);
        Runnable restrictedItemOpen = () -> assertThat(actionItems.find(restrictedId + "/AI-1").orElseThrow().state())
                .isEqualTo(ActionItemState.OPEN);
        Runnable approvalOpen = () -> {
            Task t = taskService.createTaskQuery().taskId(approval.getId()).singleResult();
            assertThat(t).as("approval still open for the other tech leads").isNotNull();
            assertThat(t.getAssignee()).isNull();
        };
        Runnable nothing = () -> {
        };

        // --- /engine-rest: other people's tasks, instances, deployments, users and grants
        String task = "/engine-rest/task/" + draft.getId();
        attempt("alex completes priya's draft task", "alex", HttpMethod.POST, task + "/complete", "{}",
                FORBIDDEN_OR_NOT_FOUND, draftUntouched);
        attempt("alex submits priya's draft form", "alex", HttpMethod.POST, task + "/submit-form",
                "{\"variables\":{}}", FORBIDDEN_OR_NOT_FOUND, draftUntouched);
        attempt("mia (tech lead) completes priya's draft task", "mia", HttpMethod.POST, task + "/complete", "{}",
                FORBIDDEN_OR_NOT_FOUND, draftUntouched);
        attempt("alex claims carlos's meeting task", "alex", HttpMethod.POST,
                "/engine-rest/task/" + schedule.getId() + "/claim", "{\"userId\":\"alex\"}", FORBIDDEN_OR_NOT_FOUND,
                scheduleUntouched);
        attempt("alex reads priya's task", "alex", HttpMethod.GET, task, null, FORBIDDEN_OR_NOT_FOUND, draftUntouched);
        attempt("alex reads priya's task variables", "alex", HttpMethod.GET, task + "/variables", null,
                FORBIDDEN_OR_NOT_FOUND, draftUntouched);
        attempt("alex changes a variable of priya's task", "alex", HttpMethod.PUT, task + "/variables/summary",
                "{\"value\":\"hacked\",\"type\":\"String\"}", FORBIDDEN_OR_NOT_FOUND, draftUntouched);
        attempt("priya hands her own task to alex", "priya", HttpMethod.POST, task + "/assignee",
                "{\"userId\":\"alex\"}", FORBIDDEN, draftUntouched);
        attempt("priya sets a variable of her task outside a completion", "priya", HttpMethod.PUT,
                task + "/variables/hacked", "{\"value\":\"x\",\"type\":\"String\"}", FORBIDDEN, draftUntouched);
        attempt("alex reads the instance's variables", "alex", HttpMethod.GET,
                "/engine-rest/process-instance/" + pid + "/variables", null, FORBIDDEN_OR_NOT_FOUND,
                instanceUntouched);
        attempt("alex changes the author of the running instance", "alex", HttpMethod.PUT,
                "/engine-rest/process-instance/" + pid + "/variables/author", "{\"value\":\"alex\",\"type\":\"String\"}",
                FORBIDDEN_OR_NOT_FOUND, instanceUntouched);
        attempt("priya (its author) changes a variable of the running instance", "priya", HttpMethod.PUT,
                "/engine-rest/process-instance/" + pid + "/variables/author", "{\"value\":\"alex\",\"type\":\"String\"}",
                FORBIDDEN_OR_NOT_FOUND, instanceUntouched);
        attempt("alex deletes the running post-mortem instance", "alex", HttpMethod.DELETE,
                "/engine-rest/process-instance/" + pid, null, FORBIDDEN_OR_NOT_FOUND, instanceUntouched);
        attempt("jordan (commander) deletes the running post-mortem instance", "jordan", HttpMethod.DELETE,
                "/engine-rest/process-instance/" + pid, null, FORBIDDEN_OR_NOT_FOUND, instanceUntouched);
        attempt("alex suspends the running instance", "alex", HttpMethod.PUT,
                "/engine-rest/process-instance/" + pid + "/suspended", "{\"suspended\":true}", FORBIDDEN_OR_NOT_FOUND,
                instanceUntouched);
        LinkedMultiValueMap<String, Object> deployment = new LinkedMultiValueMap<>();
        deployment.add("deployment-name", "evil");
        deployment.add("evil.bpmn", new ByteArrayResource(("<?xml version=\"1.0\"?><definitions xmlns="
                + "\"http://www.omg.org/spec/BPMN/20100524/MODEL\" targetNamespace=\"x\"><process id=\"evil\" "
                + "isExecutable=\"true\"/></definitions>").getBytes()) {
            @Override
            public String getFilename() {
                return "evil.bpmn";
            }
        });
        attempt("alex deploys a diagram", "alex", HttpMethod.POST, "/engine-rest/deployment/create", deployment,
                FORBIDDEN, nothingDeployed);
        attempt("jordan deploys a diagram", "jordan", HttpMethod.POST, "/engine-rest/deployment/create", deployment,
                FORBIDDEN, nothingDeployed);
        attempt("alex adds himself to camunda-admin", "alex", HttpMethod.PUT,
                "/engine-rest/group/camunda-admin/members/alex", null, FORBIDDEN, alexNoAdmin);
        attempt("alex creates a user", "alex", HttpMethod.POST, "/engine-rest/user/create",
                "{\"profile\":{\"id\":\"mallory\",\"firstName\":\"M\",\"lastName\":\"M\",\"email\":\"m@x.example\"},"
                        + "\"credentials\":{\"password\":\"mallory\"}}", FORBIDDEN,
                () -> assertThat(identityService.createUserQuery().userId("mallory").count()).isZero());
        // identities (issue 22): alex may not become mia in mails, documents and Jira, nor delete himself
        Runnable alexUnchanged = () -> {
            var alex = identityService.createUserQuery().userId("alex").singleResult();
            assertThat(alex).isNotNull();
            assertThat(alex.getEmail()).isEqualTo("alex@aftermath.example");
            assertThat(alex.getFirstName()).isEqualTo("Alex");
            assertThat(alex.getLastName()).isEqualTo("Engineer");
        };
        attempt("alex takes mia's name and e-mail", "alex", HttpMethod.PUT, "/engine-rest/user/alex/profile",
                "{\"id\":\"alex\",\"firstName\":\"Mia\",\"lastName\":\"Techlead\","
                        + "\"email\":\"mia@aftermath.example\"}", FORBIDDEN, alexUnchanged);
        attempt("alex changes his e-mail", "alex", HttpMethod.PUT, "/engine-rest/user/alex/profile",
                "{\"id\":\"alex\",\"firstName\":\"Alex\",\"lastName\":\"Engineer\","
                        + "\"email\":\"alex@elsewhere.example\"}", FORBIDDEN, alexUnchanged);
        attempt("alex deletes his own account", "alex", HttpMethod.DELETE, "/engine-rest/user/alex", null,
                FORBIDDEN, alexUnchanged);
        attempt("alex reads the engine's metrics", "alex", HttpMethod.GET,
                "/engine-rest/metrics/activity-instance/sum", null, FORBIDDEN, () -> { });
        attempt("alex grants himself everything", "alex", HttpMethod.POST, "/engine-rest/authorization/create",
                "{\"type\":1,\"permissions\":[\"ALL\"],\"userId\":\"alex\",\"resourceType\":8,\"resourceId\":\"*\"}",
                FORBIDDEN, noNewGrant);
        attempt("jordan starts an action item instance directly", "jordan", HttpMethod.POST,
                "/engine-rest/process-definition/key/action-item/start", "{\"businessKey\":\"x/AI-9\"}",
                FORBIDDEN_OR_NOT_FOUND,
                () -> assertThat(runtimeService.createProcessInstanceQuery().processInstanceBusinessKey("x/AI-9")
                        .count()).isZero());
        attempt("alex starts a post-mortem from the engine, bypassing the commander check", "alex", HttpMethod.POST,
                "/engine-rest/process-definition/key/postmortem/submit-form",
                "{\"variables\":{\"incidentId\":{\"value\":\"INC-AUTHZ-BYPASS\",\"type\":\"String\"}}}",
                FORBIDDEN_OR_NOT_FOUND, () -> assertThat(incidents.find("INC-AUTHZ-BYPASS")).isEmpty());
        attempt("alex correlates the completion of priya's action item", "alex", HttpMethod.POST,
                "/engine-rest/message", "{\"messageName\":\"" + ActionItemProcess.MESSAGE_COMPLETED
                        + "\",\"businessKey\":\"" + itemIncident + "/AI-1\"}", Set.of(400, 403, 404), itemOpen);
        attempt("alex opens the \"All tasks\" filter", "alex", HttpMethod.GET, "/engine-rest/filter/" + allTasks
                + "/list", null, FORBIDDEN_OR_NOT_FOUND, nothing);

        // --- four eyes: the author never approves her own post-mortem (claim or completion)
        String approve = "/engine-rest/task/" + approval.getId();
        attempt("mia (author and tech lead) claims the approval of her own post-mortem", "mia", HttpMethod.POST,
                approve + "/claim", "{\"userId\":\"mia\"}", BAD_REQUEST, approvalOpen);
        attempt("mia (author and tech lead) approves her own post-mortem", "mia", HttpMethod.POST,
                approve + "/complete", "{\"variables\":{\"approved\":{\"value\":true,\"type\":\"Boolean\"}}}",
                BAD_REQUEST, approvalOpen);

        // --- the Aftermath API: action items
        String completion = "{\"resolution\":\"Alert shipped and tested\"}";
        attempt("alex completes priya's action item", "alex", HttpMethod.POST, itemPath + "/complete", completion,
                FORBIDDEN, itemOpen);
        attempt("jordan (commander, not owner) completes priya's action item", "jordan", HttpMethod.POST,
                itemPath + "/complete", completion, FORBIDDEN, itemOpen);

        // --- a restricted post-mortem: its existence is not disclosed
        attempt("alex reads the restricted incident", "alex", HttpMethod.GET, "/api/incidents/" + restrictedId, null,
                NOT_FOUND, nothing);
        attempt("alex reads the restricted post-mortem", "alex", HttpMethod.GET, "/api/postmortems/" + restrictedId,
                null, NOT_FOUND, nothing);
        attempt("sam (manager) reads the restricted post-mortem", "sam", HttpMethod.GET,
                "/api/postmortems/" + restrictedId, null, NOT_FOUND, nothing);
        attempt("alex reads its Markdown document", "alex", HttpMethod.GET,
                "/api/postmortems/" + restrictedId + "/document.md", null, NOT_FOUND, nothing);
        attempt("alex reads its HTML document", "alex", HttpMethod.GET,
                "/api/postmortems/" + restrictedId + "/document.html", null, NOT_FOUND, nothing);
        attempt("alex reads its public version", "alex", HttpMethod.GET,
                "/api/postmortems/" + restrictedId + "/public.html", null, NOT_FOUND, nothing);
        attempt("sasha (security) reads its public version: there is none", "sasha", HttpMethod.GET,
                "/api/postmortems/" + restrictedId + "/public.md", null, NOT_FOUND, nothing);
        attempt("priya (its author) reads its public version: there is none", "priya", HttpMethod.GET,
                "/api/postmortems/" + restrictedId + "/public.html", null, NOT_FOUND, nothing);
        attempt("alex opens its library page", "alex", HttpMethod.GET, "/library/" + restrictedId, null, NOT_FOUND,
                nothing);
        attempt("alex reads its action item", "alex", HttpMethod.GET, item1, null, NOT_FOUND, nothing);
        attempt("alex completes its action item", "alex", HttpMethod.POST, item1 + "/complete", completion,
                NOT_FOUND, restrictedItemOpen);

        int refused = 0;
        List<String> failures = new ArrayList<>();
        for (Attempt a : attempts) {
            ResponseEntity<String> answer = send(a.user(), a.method(), a.path(), a.body());
            int status = answer.getStatusCode().value();
            if (a.refused().contains(status)) {
                refused++;
            } else {
                failures.add(a.what() + ": " + a.method() + " " + a.path() + " answered " + status + " "
                        + answer.getBody());
            }
            try {
                a.unchanged().run();
            } catch (AssertionError changed) {
                failures.add(a.what() + ": something changed: " + changed.getMessage());
            }
        }

        // searches, lists and counts: the restricted incident is not in them for outsiders
        List<String[]> searches = List.of(
                new String[] {"/api/postmortems?q=" + nonce, "\"total\":0"},
                new String[] {"/api/incidents?symptom=" + secret.get("symptom"), "\"total\":0"},
                new String[] {"/api/action-items?incidentId=" + restrictedId, "\"total\":0"},
                new String[] {"/library?q=" + nonce, "0 post-mortems"});
        for (String user : List.of("alex", "sam")) {
            for (String[] search : searches) {
                ResponseEntity<String> answer = send(user, HttpMethod.GET, search[0], null);
                if (answer.getStatusCode().value() == 200 && answer.getBody().contains(search[1])
                        && !answer.getBody().contains(restrictedId)) {
                    refused++;
                } else {
                    failures.add(user + " finds the restricted post-mortem by " + search[0] + ": "
                            + answer.getStatusCode() + " " + answer.getBody());
                }
            }
        }

        // the webapps: alex logs into Tasklist, but Cockpit and Admin refuse him
        refused += webapps(failures);

        assertThat(failures).as(String.join("\n", failures)).isEmpty();
        assertThat(refused).isGreaterThanOrEqualTo(30);
        System.out.println("AuthorizationTest: " + refused + " attempts refused, nothing changed");

        // ... while the people who take part, security and admins see it
        for (String user : List.of("priya", "jordan", "mia", "sasha", "demo")) {
            ResponseEntity<String> answer = send(user, HttpMethod.GET, "/api/postmortems/" + restrictedId, null);
            assertThat(answer.getStatusCode().value()).as(user).isEqualTo(200);
            assertThat(answer.getBody()).contains("\"restricted\":true", "\"restrictedReason\"")
                    .doesNotContain("publicHtml");
        }
        assertThat(send("sasha", HttpMethod.GET, "/api/postmortems?q=" + nonce, null).getBody())
                .contains(restrictedId, "\"total\":1");
        assertThat(send("sasha", HttpMethod.GET, "/library/" + restrictedId, null).getBody()).contains("Restricted");
        assertThat(send("priya", HttpMethod.GET, "/api/postmortems/" + restrictedId + "/document.md", null)
                .getBody()).contains("**Restricted:**");
        // a commander starts a post-mortem from the Tasklist start form (its submit-form call)
        String formStarted = newIncidentId("INC-AUTHZ-FORM");
        String form = "{\"variables\":{"
                + "\"incidentId\":{\"value\":\"" + formStarted + "\",\"type\":\"String\"},"
                + "\"title\":{\"value\":\"Started from the form\",\"type\":\"String\"},"
                + "\"severity\":{\"value\":\"SEV4\",\"type\":\"String\"},"
                + "\"resolvedAt\":{\"value\":\"" + Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.SECONDS)
                + "\",\"type\":\"String\"},"
                + "\"commander\":{\"value\":\"jordan\",\"type\":\"String\"},"
                + "\"restricted\":{\"value\":true,\"type\":\"Boolean\"}}}";
        ResponseEntity<String> started = send("jordan", HttpMethod.POST,
                "/engine-rest/process-definition/key/postmortem/submit-form", form);
        assertThat(started.getStatusCode().value()).as(started.getBody()).isEqualTo(200);
        assertThat(incidents.find(formStarted).orElseThrow().restricted()).isTrue();
        assertThat(send("alex", HttpMethod.GET, "/api/incidents/" + formStarted, null).getStatusCode().value())
                .isEqualTo(404);
        assertThat(send("jordan", HttpMethod.GET, "/api/incidents/" + formStarted, null).getBody())
                .contains("\"restricted\":true", "Marked restricted");
        // the owner may still complete her own item
        assertThat(send("priya", HttpMethod.POST, itemPath + "/complete", completion).getStatusCode().value())
                .isEqualTo(200);
    }

    @Test
    void the_publication_summary_of_a_restricted_post_mortem_goes_to_its_participants_and_security_only()
            throws Exception {
        String id = newIncidentId("INC-AUTHZ-MAIL");
        Map<String, Object> secret = incident(id, "SEV2", Duration.ofHours(2));
        secret.put("securityIncident", true);
        greenMail.purgeEmailFromAllMailboxes();
        publish(secret, Drafts.goodDraft(), Map.of("attendees", "mia,carlos"), Drafts.goodMeeting(),
                Drafts.goodDraft());
        assertThat(incidents.find(id).orElseThrow().restrictedReason()).isEqualTo("Security incident");
        List<String> summaryTo = new ArrayList<>();
        for (MimeMessage m : greenMail.getReceivedMessages()) {
            if (m.getSubject().contains("Post-mortem published")) {
                summaryTo.addAll(recipients(m));
            }
        }
        assertThat(summaryTo).as("publication summary recipients").isNotEmpty()
                .anyMatch(r -> r.contains("sasha@")).anyMatch(r -> r.contains("priya@"))
                .anyMatch(r -> r.contains("jordan@"))
                .noneMatch(r -> r.contains("alex@")).noneMatch(r -> r.contains("sam@"));
    }

    @Test
    void the_grants_exist_as_documented() {
        for (AuthorizationSetup.Grant grant : setup.grants()) {
            var query = grantQuery(grant);
            Authorization found = query.singleResult();
            assertThat(found).as(grant.toString()).isNotNull();
            for (Permission p : grant.permissions()) {
                assertThat(found.isPermissionGranted(p)).as(grant + " " + p).isTrue();
            }
        }
        // granting again (a second node starting) changes nothing
        long before = authorizationService.createAuthorizationQuery().count();
        setup.grantAll();
        assertThat(authorizationService.createAuthorizationQuery().count()).isEqualTo(before);
        // "All tasks" is for administrators only: no GLOBAL or group grant but camunda-admin's
        String allTasks = filterService.createFilterQuery().filterName("All tasks").singleResult().getId();
        assertThat(authorizationService.createAuthorizationQuery().resourceType(5).resourceId(allTasks).count())
                .isZero();
        for (String name : List.of(DirectorySetup.MY_TASKS, DirectorySetup.MY_GROUPS_TASKS)) {
            assertThat(filterService.createFilterQuery().filterName(name).count()).isEqualTo(1);
        }
    }

    @Test
    void two_nodes_granting_at_once_on_an_empty_database_end_with_one_grant_each() throws Exception {
        List<AuthorizationSetup.Grant> ours = setup.grants().stream()
                .filter(g -> !"camunda-admin".equals(g.group())).toList();
        for (AuthorizationSetup.Grant grant : ours) {
            var query = authorizationService.createAuthorizationQuery().resourceType(grant.resource())
                    .resourceId(grant.resourceId());
            query.list().stream().filter(a -> grant.group().equals(a.getGroupId())
                            || AuthorizationSetup.EVERYONE.equals(grant.group()) && "*".equals(a.getUserId()))
                    .forEach(a -> authorizationService.deleteAuthorization(a.getId()));
        }
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
        java.util.concurrent.ExecutorService nodes = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<?>> started = new ArrayList<>();
            for (int node = 0; node < 2; node++) {
                started.add(nodes.submit(() -> {
                    together.await();
                    setup.grantAll();
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : started) {
                f.get(); // neither node fails to start
            }
        } finally {
            nodes.shutdownNow();
        }
        for (AuthorizationSetup.Grant grant : ours) {
            var query = grantQuery(grant);
            assertThat(query.count()).as(grant.toString()).isEqualTo(1);
        }
    }

    /** A post-mortem whose author is {@code author}, driven up to its approval (which waits for the tech leads). */
    private ProcessInstance waitingForApproval(String id, String author) {
        Map<String, Object> payload = incident(id, "SEV1", Duration.ofHours(1));
        payload.put("author", author);
        payload.put("facilitator", "carlos");
        ProcessInstance pi = start(payload);
        complete(task(Elements.TASK_WRITE_DRAFT, pi), Drafts.goodDraft());
        complete(task(Elements.TASK_SCHEDULE_MEETING, pi), withVariables("meetingStart",
                Instant.now().plus(Duration.ofHours(3)).truncatedTo(ChronoUnit.MINUTES).toString(), "attendees",
                "mia,carlos"));
        runAsyncJobs();
        fireTimer(pi, Elements.TIMER_MEETING_START);
        complete(task(Elements.TASK_HOLD_MEETING, pi), Drafts.goodMeeting());
        complete(task(Elements.TASK_FINALIZE, pi), Drafts.goodDraft());
        runAsyncJobs();
        return pi;
    }

    /** Webapp login as alex: Tasklist yes; Cockpit and Admin (login and their APIs) no. Returns the refusals. */
    private int webapps(List<String> failures) throws Exception {
        String base = "http://localhost:" + port + "/camunda";
        CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        HttpClient client = HttpClient.newBuilder().cookieHandler(cookies).build();
        client.send(HttpRequest.newBuilder(URI.create(base + "/app/tasklist/default/")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        int refused = 0;
        if (login(client, cookies, base, "tasklist") != 200) {
            failures.add("alex cannot log into Tasklist");
        }
        for (String app : List.of("cockpit", "admin")) {
            int status = login(client, cookies, base, app);
            if (status == 401 || status == 403) {
                refused++;
            } else {
                failures.add("alex logs into " + app + ": " + status);
            }
        }
        for (String path : List.of("/api/cockpit/plugin/base/default/process-definition/statistics",
                "/api/cockpit/plugin/base/default/incident/count")) {
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(base + path))
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 401 || answer.statusCode() == 403) {
                refused++;
            } else {
                failures.add("alex reads Cockpit's API " + path + ": " + answer.statusCode() + " " + answer.body());
            }
        }
        return refused;
    }

    private static int login(HttpClient client, CookieManager cookies, String base, String app) throws Exception {
        String xsrf = cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                .map(c -> c.getValue()).findFirst().orElse("");
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(
                        URI.create(base + "/api/admin/auth/user/default/login/" + app))
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-XSRF-TOKEN", xsrf)
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("username=alex&password=alex")).build(),
                HttpResponse.BodyHandlers.ofString());
        return answer.statusCode();
    }

    /** The authorizations that carry one documented grant: global for everyone, else the group's. */
    private org.camunda.bpm.engine.authorization.AuthorizationQuery grantQuery(AuthorizationSetup.Grant grant) {
        var query = authorizationService.createAuthorizationQuery().resourceType(grant.resource())
                .resourceId(grant.resourceId());
        return AuthorizationSetup.EVERYONE.equals(grant.group()) ? query.authorizationType(Authorization.AUTH_TYPE_GLOBAL)
                : query.groupIdIn(grant.group());
    }
}
