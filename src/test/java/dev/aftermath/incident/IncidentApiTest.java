package dev.aftermath.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.aftermath.processapi.PostmortemProcess;
import dev.aftermath.processapi.PostmortemProcess.Elements;
import dev.aftermath.support.ProcessTestSupport;

/**
 * The HTTP surface over a real port with a real client: the incident API, the post-mortem API, authentication, and
 * the engine REST API (and Tasklist's engine API) refusing bad form input with 400.
 */
class IncidentApiTest extends ProcessTestSupport {

    @LocalServerPort int port;
    @Autowired HistoryService historyService;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    // ---------------------------------------------------------------- HTTP helpers

    record Reply(int status, String contentType, String location, String body, JsonNode json) {
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private Reply send(HttpClient client, HttpRequest.Builder request) throws Exception {
        HttpResponse<String> r = client.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        String type = r.headers().firstValue("Content-Type").orElse("");
        if (type.contains("json") && !r.body().isBlank()) {
            json = objectMapper.readTree(r.body());
        }
        return new Reply(r.statusCode(), type, r.headers().firstValue("Location").orElse(null), r.body(), json);
    }

    /** {@code user} null: no credentials; the password is the user id unless {@code password} is given. */
    private Reply request(String method, String path, String user, String password, String jsonBody) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Accept", "application/json, */*");
        if (user != null) {
            b.header("Authorization", basic(user, password == null ? user : password));
        }
        if (jsonBody != null) {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return send(http, b);
    }

    private Reply get(String path, String user) throws Exception {
        return request("GET", path, user, null, null);
    }

    private Reply post(String path, String user, String jsonBody) throws Exception {
        return request("POST", path, user, null, jsonBody);
    }

    private Reply postIncident(Map<String, Object> incident) throws Exception {
        return post("/api/incidents", "jordan", objectMapper.writeValueAsString(incident));
    }

    private static List<String> fields(Reply reply) {
        List<String> fields = new ArrayList<>();
        JsonNode errors = reply.json() == null ? null : reply.json().get("errors");
        if (errors != null) {
            errors.forEach(e -> fields.add(e.path("field").asText()));
        }
        return fields;
    }

    /** Lifecycle instances (task-notification instances carry the incident id as business key too). */
    private long instancesFor(String businessKey) {
        return historyService.createHistoricProcessInstanceQuery().processDefinitionKey(PostmortemProcess.KEY)
                .processInstanceBusinessKey(businessKey).count();
    }

    private long postmortemInstances() {
        return historyService.createHistoricProcessInstanceQuery().processDefinitionKey(PostmortemProcess.KEY).count();
    }

    // ---------------------------------------------------------------- POST /api/incidents

    @Test
    void a_valid_sev1_is_created_once_and_the_same_id_again_answers_the_same_lifecycle() throws Exception {
        String id = newIncidentId("API-SEV1");
        Map<String, Object> incident = incident(id, "SEV1", Duration.ofHours(2));

        Reply created = postIncident(incident);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.location()).endsWith("/api/incidents/" + id);
        JsonNode receipt = created.json();
        assertThat(receipt.path("incidentId").asText()).isEqualTo(id);
        String pid = receipt.path("processInstanceId").asText();
        assertThat(pid).isNotBlank();
        assertThat(receipt.path("requirement").asText()).isEqualTo("REQUIRED");
        assertThat(receipt.path("reason").asText()).contains("SEV1");
        Instant resolvedAt = Instant.parse((String) incident.get("resolvedAt"));
        assertThat(Instant.parse(receipt.path("meetingDeadline").asText()))
                .isEqualTo(resolvedAt.plus(48, ChronoUnit.HOURS));
        assertThat(Instant.parse(receipt.path("publishDeadline").asText())).isAfter(resolvedAt);
        assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(pid).singleResult().getBusinessKey())
                .isEqualTo(id);

        Reply again = postIncident(incident);
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().path("processInstanceId").asText()).isEqualTo(pid);
        assertThat(again.location()).endsWith("/api/incidents/" + id);
        assertThat(instancesFor(id)).isEqualTo(1);
        assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey(PostmortemProcess.KEY)
                .processInstanceBusinessKey(id).count()).isEqualTo(1);
    }

    static Stream<Arguments> badPayloads() {
        return Stream.of(
                bad("invalid JSON", "body", null),
                bad("missing id", "id", m -> m.remove("id")),
                bad("missing severity", "severity", m -> m.remove("severity")),
                bad("unknown severity SEV9", "severity", m -> m.put("severity", "SEV9")),
                bad("detectedAt before startedAt", "detectedAt", m -> m.put("detectedAt",
                        Instant.parse((String) m.get("startedAt")).minus(10, ChronoUnit.MINUTES).toString())),
                bad("resolvedAt before detectedAt", "resolvedAt", m -> m.put("resolvedAt",
                        Instant.parse((String) m.get("detectedAt")).minus(1, ChronoUnit.MINUTES).toString())),
                bad("bad timestamp format", "startedAt", m -> m.put("startedAt", "20/11/2026 14:23")),
                bad("unknown commander", "commander", m -> m.put("commander", "nobody-here")),
                bad("unknown responder", "responders", m -> m.put("responders", List.of("priya", "ghost"))),
                bad("chat channel with a space", "chatChannel", m -> m.put("chatChannel", "#inc 2041")),
                bad("usersAffectedPercent 150", "usersAffectedPercent", m -> m.put("usersAffectedPercent", 150)),
                bad("timeline entry without at", "timeline[0].at",
                        m -> m.put("timeline", List.of(Map.of("event", "Error rate > 5%", "source", "PagerDuty")))));
    }

    private static Arguments bad(String name, String field, Consumer<Map<String, Object>> change) {
        return Arguments.of(name, field, change);
    }

    @ParameterizedTest(name = "{0} -> 400 naming {1}")
    @MethodSource("badPayloads")
    void a_bad_payload_is_refused_with_the_field_named_and_nothing_created(String name, String field,
            Consumer<Map<String, Object>> change) throws Exception {
        String id = newIncidentId("API-BAD");
        Map<String, Object> incident = incident(id, "SEV2", Duration.ofHours(1));
        String body;
        if (change == null) {
            body = objectMapper.writeValueAsString(incident);
            body = body.substring(0, body.length() / 2); // cut off in the middle
        } else {
            change.accept(incident);
            body = objectMapper.writeValueAsString(incident);
        }
        long before = postmortemInstances();

        Reply reply = post("/api/incidents", "jordan", body);

        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(fields(reply)).as(reply.body()).contains(field);
        assertThat(get("/api/incidents/" + id, "jordan").status()).isEqualTo(404);
        assertThat(instancesFor(id)).isZero();
        assertThat(postmortemInstances()).isEqualTo(before);
    }

    @Test
    void a_payload_with_several_bad_fields_names_each_of_them() throws Exception {
        String id = newIncidentId("API-MANY");
        Map<String, Object> incident = incident(id, "SEV1", Duration.ofHours(1));
        incident.put("severity", "SEV9");
        incident.put("commander", "nobody-here");
        incident.put("usersAffectedPercent", 150);
        incident.put("startedAt", "yesterday");

        Reply reply = postIncident(incident);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(fields(reply)).as(reply.body())
                .contains("severity", "commander", "usersAffectedPercent", "startedAt");
        assertThat(reply.json().path("detail").asText()).contains("severity", "commander", "usersAffectedPercent");
        assertThat(instancesFor(id)).isZero();
    }

    // ---------------------------------------------------------------- authentication

    @Test
    void everything_but_health_needs_credentials_and_only_commanders_post() throws Exception {
        String body = objectMapper.writeValueAsString(incident(newIncidentId("API-AUTH"), "SEV2", Duration.ofHours(1)));

        assertThat(get("/api/incidents", null).status()).isEqualTo(401);
        assertThat(get("/api/incidents/anything", null).status()).isEqualTo(401);
        Reply anonymousPost = post("/api/incidents", null, body);
        assertThat(anonymousPost.status()).isEqualTo(401);
        assertThat(get("/engine-rest/task", null).status()).isEqualTo(401);
        assertThat(get("/api/postmortems/anything", null).status()).isEqualTo(401);

        assertThat(get("/engine-rest/task", "mia").status()).isEqualTo(200);
        // a wrong password: mia, whom no other test logs in as (Camunda locks a user for seconds after a failed login)
        assertThat(request("POST", "/api/incidents", "mia", "wrong", body).status()).isEqualTo(401);
        assertThat(request("GET", "/api/incidents/anything", "mia", "wrong", null).status()).isEqualTo(401);
        assertThat(request("GET", "/engine-rest/task", "mia", "wrong", null).status()).isEqualTo(401);
        assertThat(request("GET", "/api/incidents/anything", "nobody-here", "x", null).status()).isEqualTo(401);

        Reply priya = post("/api/incidents", "priya", body);
        assertThat(priya.status()).isEqualTo(403);
        assertThat(priya.contentType()).startsWith("application/problem+json");
        assertThat(instancesFor(objectMapper.readTree(body).path("id").asText())).isZero();

        Reply health = get("/actuator/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).contains("UP");
    }

    // ---------------------------------------------------------------- GET incident and post-mortem

    @Test
    void an_incident_reads_back_with_its_decision_and_an_unknown_id_is_404() throws Exception {
        String id = newIncidentId("API-GET");
        Map<String, Object> incident = incident(id, "SEV1", Duration.ofHours(1));
        incident.put("chatChannel", "#inc-get-checkout");
        String pid = postIncident(incident).json().path("processInstanceId").asText();

        Reply reply = get("/api/incidents/" + id, "sam");
        assertThat(reply.status()).isEqualTo(200);
        JsonNode i = reply.json();
        assertThat(i.path("id").asText()).isEqualTo(id);
        assertThat(i.path("title").asText()).isEqualTo(incident.get("title"));
        assertThat(i.path("service").asText()).isEqualTo("payments");
        assertThat(i.path("severity").asText()).isEqualTo("SEV1");
        assertThat(i.path("commander").asText()).isEqualTo("jordan");
        assertThat(i.path("responders").toString()).isEqualTo("[\"priya\",\"carlos\"]");
        for (String t : List.of("startedAt", "detectedAt", "acknowledgedAt", "mitigatedAt", "resolvedAt")) {
            assertThat(Instant.parse(i.path(t).asText())).as(t).isEqualTo(Instant.parse((String) incident.get(t)));
        }
        assertThat(i.path("usersAffected").asLong()).isEqualTo(12000);
        assertThat(i.path("usersAffectedPercent").asDouble()).isEqualTo(0.8);
        assertThat(i.path("customerImpact").asText()).isEqualTo(incident.get("customerImpact"));
        assertThat(i.path("timeline")).hasSize(2);
        // stored in time order
        assertThat(i.path("timeline").get(0).path("event").asText()).startsWith("Error rate");
        assertThat(i.path("requirement").asText()).isEqualTo("REQUIRED");
        assertThat(i.path("reason").asText()).contains("SEV1");
        assertThat(i.path("state").asText()).isEqualTo("POSTMORTEM_IN_PROGRESS");
        assertThat(i.path("processInstanceId").asText()).isEqualTo(pid);
        assertThat(i.path("chatChannel").asText()).isEqualTo("#inc-get-checkout");

        Reply unknown = get("/api/incidents/NO-SUCH-INCIDENT", "sam");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(unknown.json().path("detail").asText()).contains("NO-SUCH-INCIDENT");
    }

    @Test
    void a_postmortem_reads_back_as_json_markdown_and_html_and_an_unknown_one_is_404() throws Exception {
        String id = newIncidentId("API-PM");
        Map<String, Object> incident = incident(id, "SEV1", Duration.ofHours(1));
        incident.put("author", "priya");
        incident.put("facilitator", "carlos");
        Reply created = postIncident(incident);
        assertThat(created.status()).isEqualTo(201);
        continueAfterDecision(created.json().path("processInstanceId").asText());
        ProcessInstance pi = runtimeService.createProcessInstanceQuery()
                .processInstanceId(created.json().path("processInstanceId").asText()).singleResult();
        assertThat(pi).isWaitingAt(Elements.TASK_WRITE_DRAFT, Elements.TASK_SCHEDULE_MEETING);

        Reply pm = get("/api/postmortems/" + id, "sam");
        assertThat(pm.status()).as(pm.body()).isEqualTo(200);
        JsonNode doc = pm.json();
        assertThat(doc.path("incidentId").asText()).isEqualTo(id);
        assertThat(doc.path("status").asText()).isEqualTo("DRAFT");
        assertThat(doc.path("summary").asText()).isNotBlank();
        assertThat(doc.path("impact").asText()).contains("12");
        assertThat(doc.path("timeline")).hasSize(2);
        assertThat(doc.path("links").path("self").asText()).endsWith("/api/postmortems/" + id);
        assertThat(doc.path("links").path("incident").asText()).endsWith("/api/incidents/" + id);
        assertThat(doc.path("links").path("documentMarkdown").asText()).endsWith("/api/postmortems/" + id + "/document.md");
        assertThat(doc.path("links").path("documentHtml").asText()).endsWith("/api/postmortems/" + id + "/document.html");

        Reply md = get("/api/postmortems/" + id + "/document.md", "sam");
        assertThat(md.status()).isEqualTo(200);
        assertThat(md.contentType()).startsWith("text/markdown");
        assertThat(md.body()).contains("# Post-Mortem", "Payment API returned 503");

        Reply html = get("/api/postmortems/" + id + "/document.html", "sam");
        assertThat(html.status()).isEqualTo(200);
        assertThat(html.contentType()).startsWith("text/html");
        assertThat(html.body()).contains("Payment API returned 503").doesNotContain("#if(");

        for (String path : List.of("/api/postmortems/NO-SUCH", "/api/postmortems/NO-SUCH/document.md",
                "/api/postmortems/NO-SUCH/document.html")) {
            Reply unknown = get(path, "sam");
            assertThat(unknown.status()).as(path).isEqualTo(404);
            assertThat(unknown.contentType()).as(path).startsWith("application/problem+json");
        }
    }

    // ---------------------------------------------------------------- rejected form input over the engine APIs

    private static final String BAD_OWNER_VARIABLES = "{\"rootCause\":{\"value\":\"x\",\"type\":\"String\"},"
            + "\"causeCategory\":{\"value\":\"CAPACITY\",\"type\":\"String\"},"
            + "\"actionItems\":{\"value\":\"[{\\\"title\\\":\\\"a\\\",\\\"owner\\\":\\\"team\\\","
            + "\\\"dueDate\\\":\\\"2099-01-01\\\",\\\"priority\\\":\\\"HIGH\\\"}]\",\"type\":\"Json\"}}";

    /** A SEV2 (author priya, facilitator carlos) posted over HTTP and moved to Task_HoldMeeting with the Java API. */
    private Task holdMeetingTask() throws Exception {
        String id = newIncidentId("API-HOLD");
        Map<String, Object> incident = incident(id, "SEV2", Duration.ofHours(1));
        incident.put("author", "priya");
        incident.put("facilitator", "carlos");
        Reply created = postIncident(incident);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        continueAfterDecision(created.json().path("processInstanceId").asText());
        ProcessInstance pi = runtimeService.createProcessInstanceQuery()
                .processInstanceId(created.json().path("processInstanceId").asText()).singleResult();
        assertThat(pi).isWaitingAt(Elements.TASK_WRITE_DRAFT, Elements.TASK_SCHEDULE_MEETING);

        taskService.complete(task(Elements.TASK_WRITE_DRAFT, pi).getId(), dev.aftermath.support.Drafts.goodDraft());
        Map<String, Object> meeting = new LinkedHashMap<>();
        meeting.put("meetingStart", Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES).toString());
        meeting.put("attendees", "priya,mia");
        taskService.complete(task(Elements.TASK_SCHEDULE_MEETING, pi).getId(), meeting);
        runAsyncJobs();
        fireTimer(pi, Elements.TIMER_MEETING_START);
        assertThat(pi).isWaitingAt(Elements.TASK_HOLD_MEETING);
        Task task = task(Elements.TASK_HOLD_MEETING, pi);
        assertThat(task.getAssignee()).isEqualTo("carlos");
        return task;
    }

    @Test
    void engine_rest_refuses_a_team_as_action_item_owner_with_400_and_the_task_stays_open() throws Exception {
        Task task = holdMeetingTask();

        Reply reply = post("/engine-rest/task/" + task.getId() + "/complete", "carlos",
                "{\"variables\":" + BAD_OWNER_VARIABLES + "}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.json().path("type").asText()).isEqualTo("urn:aftermath:problem:invalid-input");
        assertThat(reply.json().path("message").asText()).contains("actionItems[0].owner").contains("team")
                .doesNotContain("ENGINE-");
        assertThat(fields(reply)).containsExactly("actionItems[0].owner");
        assertThat(taskService.createTaskQuery().taskId(task.getId()).count()).isEqualTo(1);

        // an unknown task is 404, whether read or completed, and the answer names no exception
        Reply unknownTask = get("/engine-rest/task/no-such-task", "carlos");
        assertThat(unknownTask.status()).isEqualTo(404);
        assertThat(unknownTask.json().path("type").asText()).isEqualTo("urn:aftermath:problem:not-found");
        Reply unknownComplete = post("/engine-rest/task/no-such-task/complete", "carlos", "{\"variables\":{}}");
        assertThat(unknownComplete.status()).as(unknownComplete.body()).isEqualTo(404);
        assertThat(unknownComplete.body()).doesNotContain("Exception");

        // and a good owner completes the task
        String due = LocalDate.now().plusDays(7).toString();
        Reply good = post("/engine-rest/task/" + task.getId() + "/complete", "carlos",
                "{\"variables\":" + BAD_OWNER_VARIABLES.replace("team", "mia").replace("2099-01-01", due) + "}");
        assertThat(good.status()).as(good.body()).isEqualTo(204);
        assertThat(taskService.createTaskQuery().taskId(task.getId()).count()).isZero();
    }

    @Test
    void tasklist_engine_api_refuses_a_team_as_action_item_owner_with_400() throws Exception {
        Task task = holdMeetingTask();
        CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies).build();

        // like the browser: open Tasklist (CSRF cookie), log in, submit the form with the CSRF header
        send(browser, HttpRequest.newBuilder(uri("/camunda/app/tasklist/default/")).GET());
        Reply login = send(browser, withCsrf(cookies, HttpRequest.newBuilder(
                uri("/camunda/api/admin/auth/user/default/login/tasklist")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("username=carlos&password="
                        + URLEncoder.encode("carlos", StandardCharsets.UTF_8))));
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        // the login starts a new session: its CSRF token comes with the next read, as in Tasklist
        Reply self = send(browser, HttpRequest.newBuilder(uri("/camunda/api/admin/auth/user/default"))
                .header("Accept", "application/json").GET());
        assertThat(self.status()).as(self.body()).isEqualTo(200);
        assertThat(self.json().path("userId").asText()).isEqualTo("carlos");

        Reply reply = send(browser, withCsrf(cookies, HttpRequest.newBuilder(
                uri("/camunda/api/engine/engine/default/task/" + task.getId() + "/submit-form")))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"variables\":" + BAD_OWNER_VARIABLES + "}")));

        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().path("type").asText()).isEqualTo("urn:aftermath:problem:invalid-input");
        assertThat(reply.json().path("message").asText()).contains("actionItems[0].owner").doesNotContain("ENGINE-");
        assertThat(fields(reply)).containsExactly("actionItems[0].owner");
        assertThat(taskService.createTaskQuery().taskId(task.getId()).count()).isEqualTo(1);
    }

    private static HttpRequest.Builder withCsrf(CookieManager cookies, HttpRequest.Builder request) {
        cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                .map(HttpCookie::getValue).reduce((a, b) -> b)
                .ifPresent(token -> request.header("X-XSRF-TOKEN", token));
        return request;
    }
}
