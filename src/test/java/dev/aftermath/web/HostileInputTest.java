package dev.aftermath.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.spin.plugin.variable.SpinValues;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.aftermath.processapi.ActionItemProcess;
import dev.aftermath.actionitem.ActionItemRepository;
import dev.aftermath.actionitem.ActionItemState;
import dev.aftermath.incident.IncidentRepository;
import dev.aftermath.pagerduty.PagerDutySignature;
import dev.aftermath.processapi.PostmortemProcess;
import dev.aftermath.processapi.PostmortemProcess.Elements;
import dev.aftermath.support.ProcessTestSupport;

/**
 * A corpus of hostile input over every endpoint: oversized and deeply nested bodies, wrong JSON types, NaN and
 * infinities, negative and huge numbers, control characters and NUL, invalid UTF-8, SQL and script payloads, path
 * tricks, overlong text in every field, bad paging. Every case must answer 4xx problem details (naming the field
 * where there is one), never 5xx, never SQL, an exception name or a stack frame, and leave nothing stored.
 */
class HostileInputTest extends ProcessTestSupport {

    private static final Logger LOG = LoggerFactory.getLogger(HostileInputTest.class);

    /** What no answer may contain. */
    static final Pattern LEAK = Pattern.compile("SQL|Exception|at dev\\.|org\\.h2|org\\.postgresql|select |"
            + "SELECT |\\bat java\\.|\\bat org\\.|ENGINE-03083");

    private static final String PD_SECRET = "test-webhook-secret";
    private static final int LIMIT = 1024 * 1024;

    @LocalServerPort int port;
    @Autowired HistoryService historyService;
    @Autowired IncidentRepository incidents;
    @Autowired ActionItemRepository actionItems;
    @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /** One hostile request and what it must get. */
    record Case(String name, String method, String path, String user, Map<String, String> headers,
                Supplier<HttpRequest.BodyPublisher> body, int status, String field, Runnable readBack) {
    }

    record Reply(int status, String contentType, String body) {
    }

    // ---------------------------------------------------------------- the corpus

    @TestFactory
    Stream<DynamicTest> every_hostile_request_gets_a_4xx_problem_naming_the_field_and_stores_nothing()
            throws Exception {
        // fixtures: an open action item (with its completion task) and a SEV3 waiting for the team decision
        String itemIncident = newIncident("HOSTILE-AI");
        ProcessInstance item = startItem(itemIncident);
        String itemId = itemIncident + ActionItemProcess.ID_SEPARATOR + "1";
        Task completeTask = taskService.createTaskQuery().processInstanceId(item.getId())
                .taskDefinitionKey(ActionItemProcess.Elements.TASK_COMPLETE).singleResult();
        assertThat(completeTask).isNotNull();
        String sev3 = newIncidentId("HOSTILE-SEV3");
        ProcessInstance decide = start(incident(sev3, "SEV3", Duration.ofHours(1)));
        runAsyncJobs();
        Task decideTask = taskService.createTaskQuery().processInstanceId(decide.getId())
                .taskDefinitionKey(Elements.TASK_DECIDE_NEED).singleResult();
        assertThat(decideTask).isNotNull();

        Runnable itemUntouched = () -> {
            assertThat(actionItems.find(itemId).orElseThrow().state()).isEqualTo(ActionItemState.OPEN);
            assertThat(actionItems.find(itemId).orElseThrow().resolution()).isNull();
            assertThat(taskService.createTaskQuery().taskId(completeTask.getId()).count()).isEqualTo(1);
        };
        Runnable decisionOpen = () -> {
            assertThat(taskService.createTaskQuery().taskId(decideTask.getId()).count()).isEqualTo(1);
            assertThat(runtimeService.getVariable(decide.getId(), "decisionReason")).isNull();
            assertThat(runtimeService.getVariable(decide.getId(), "notes")).isNull();
        };

        List<Case> cases = new ArrayList<>();
        incidentCases(cases);
        incidentQueryCases(cases);
        postmortemAndLibraryCases(cases);
        actionItemCases(cases, itemIncident, itemUntouched);
        pagerDutyCases(cases);
        engineRestCases(cases, completeTask.getId(), decideTask.getId(), itemUntouched, decisionOpen);

        AtomicInteger serverErrors = new AtomicInteger();
        AtomicInteger ran = new AtomicInteger();
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : cases) {
            tests.add(DynamicTest.dynamicTest(c.name(), () -> {
                long lifecycles = lifecycles();
                Reply reply = send(c);
                ran.incrementAndGet();
                if (reply.status() >= 500) {
                    serverErrors.incrementAndGet();
                }
                assertThat(reply.status()).as(c.name() + ": " + reply.body()).isEqualTo(c.status());
                assertThat(reply.contentType()).as(c.name()).startsWith("application/problem+json");
                JsonNode json = objectMapper.readTree(reply.body());
                assertThat(json.path("status").asInt()).as(reply.body()).isEqualTo(c.status());
                if (c.field() != null) {
                    List<String> fields = new ArrayList<>();
                    json.path("errors").forEach(e -> fields.add(e.path("field").asText()));
                    assertThat(fields).as(c.name() + ": " + reply.body()).contains(c.field());
                }
                assertThat(LEAK.matcher(reply.body()).find()).as(c.name() + " leaks: " + reply.body()).isFalse();
                assertThat(lifecycles()).as(c.name() + ": no lifecycle started").isEqualTo(lifecycles);
                if (c.readBack() != null) {
                    c.readBack().run();
                }
            }));
        }
        tests.add(DynamicTest.dynamicTest("summary: at least 100 cases, no 5xx", () -> {
            LOG.info("Hostile input corpus: {} cases, {} answered 5xx", ran.get(), serverErrors.get());
            assertThat(ran.get()).isEqualTo(cases.size()).isGreaterThanOrEqualTo(100);
            assertThat(serverErrors.get()).isZero();
        }));
        return tests.stream();
    }

    private void incidentCases(List<Case> cases) {
        String s301 = "t".repeat(301);
        badIncident(cases, "title 301 chars", "title", m -> m.put("title", s301));
        badIncident(cases, "title 5000 chars", "title", m -> m.put("title", "x".repeat(5000)));
        badIncident(cases, "service 201 chars", "service", m -> m.put("service", "s".repeat(201)));
        badIncident(cases, "service 5000 chars", "service", m -> m.put("service", "s".repeat(5000)));
        badIncident(cases, "symptom 501 chars", "symptom", m -> m.put("symptom", "y".repeat(501)));
        badIncident(cases, "symptom 5000 chars", "symptom", m -> m.put("symptom", "y".repeat(5000)));
        badIncident(cases, "customerImpact 10001 chars", "customerImpact",
                m -> m.put("customerImpact", "c".repeat(10_001)));
        badIncident(cases, "id 201 chars", "id", m -> m.put("id", "I".repeat(201)));
        badIncident(cases, "id with a path", "id", m -> m.put("id", "../../etc/passwd"));
        badIncident(cases, "id with NUL", "id", m -> m.put("id", "INC\u0000-1"));
        badIncident(cases, "id with a script", "id", m -> m.put("id", "<script>alert(1)</script>"));
        badIncident(cases, "id with SQL", "id", m -> m.put("id", "x'; DROP TABLE am_incident; --"));
        badIncident(cases, "commander 101 chars", "commander", m -> m.put("commander", "j".repeat(101)));
        badIncident(cases, "commander with SQL", "commander", m -> m.put("commander", "jordan' OR '1'='1"));
        badIncident(cases, "author 101 chars", "author", m -> m.put("author", "a".repeat(101)));
        badIncident(cases, "facilitator with NUL", "facilitator", m -> m.put("facilitator", "car\u0000los"));
        badIncident(cases, "51 responders", "responders", m -> m.put("responders",
                java.util.Collections.nCopies(51, "priya")));
        badIncident(cases, "responder 101 chars", "responders[0]", m -> m.put("responders", List.of("p".repeat(101))));
        badIncident(cases, "responders a number", "responders", m -> m.put("responders", 42));
        badIncident(cases, "responders with a script", "responders",
                m -> m.put("responders", List.of("<img src=x onerror=alert(1)>")));
        badIncident(cases, "201 timeline entries", "timeline", m -> m.put("timeline",
                java.util.Collections.nCopies(201, Map.of("at", "2026-01-01T00:00:00Z", "event", "e"))));
        badIncident(cases, "timeline event 1001 chars", "timeline[0].event", m -> m.put("timeline",
                List.of(Map.of("at", "2026-01-01T00:00:00Z", "event", "e".repeat(1001)))));
        badIncident(cases, "timeline source 201 chars", "timeline[0].source", m -> m.put("timeline",
                List.of(Map.of("at", "2026-01-01T00:00:00Z", "event", "e", "source", "s".repeat(201)))));
        badIncident(cases, "timeline actor 201 chars", "timeline[0].actor", m -> m.put("timeline",
                List.of(Map.of("at", "2026-01-01T00:00:00Z", "event", "e", "actor", "a".repeat(201)))));
        badIncident(cases, "timeline event an object", "timeline[0].event", m -> m.put("timeline",
                List.of(Map.of("at", "2026-01-01T00:00:00Z", "event", Map.of("nested", true)))));
        badIncident(cases, "timeline not a list", "timeline", m -> m.put("timeline", "yesterday"));
        badIncident(cases, "timeline unknown key", "timeline[0].x", m -> m.put("timeline",
                List.of(Map.of("at", "2026-01-01T00:00:00Z", "event", "e", "x", 1))));
        badIncident(cases, "timeline at a number", "timeline[0].at", m -> m.put("timeline",
                List.of(Map.of("at", 123, "event", "e"))));
        badIncident(cases, "timeline at not a date", "timeline[0].at", m -> m.put("timeline",
                List.of(Map.of("at", "soon", "event", "e"))));
        badIncident(cases, "title with NUL", "title", m -> m.put("title", "Payments\u0000down"));
        badIncident(cases, "title with BEL", "title", m -> m.put("title", "Payments\u0007down"));
        badIncident(cases, "title with a line break", "title", m -> m.put("title", "Payments\ndown"));
        badIncident(cases, "service with ESC", "service", m -> m.put("service", "pay\u001b[31mments"));
        badIncident(cases, "customerImpact with NUL", "customerImpact", m -> m.put("customerImpact", "a\u0000b"));
        badIncident(cases, "symptom with DEL", "symptom", m -> m.put("symptom", "503\u007f"));
        badIncidentRaw(cases, "title an unpaired surrogate", "title", m -> m.put("title", "@@SURROGATE@@"),
                "\"@@SURROGATE@@\"", "\"\\ud800 broken\"");
        badIncident(cases, "title a number", "title", m -> m.put("title", 42));
        badIncident(cases, "title an object", "title", m -> m.put("title", Map.of("a", 1)));
        badIncident(cases, "title a list", "title", m -> m.put("title", List.of("a", "b")));
        badIncident(cases, "severity a number", "severity", m -> m.put("severity", 1));
        badIncident(cases, "severity with SQL", "severity", m -> m.put("severity", "SEV1' OR '1'='1"));
        badIncident(cases, "severity 5000 chars", "severity", m -> m.put("severity", "S".repeat(5000)));
        badIncident(cases, "usersAffected negative", "usersAffected", m -> m.put("usersAffected", -1));
        badIncident(cases, "usersAffected 1e30", "usersAffected", m -> m.put("usersAffected", 1e30));
        badIncidentRaw(cases, "usersAffected a 23-digit integer", "usersAffected",
                m -> m.put("usersAffected", "@@HUGE@@"), "\"@@HUGE@@\"", "99999999999999999999999");
        badIncident(cases, "usersAffected a fraction", "usersAffected", m -> m.put("usersAffected", 1.5));
        badIncident(cases, "usersAffected \"NaN\"", "usersAffected", m -> m.put("usersAffected", "NaN"));
        badIncident(cases, "usersAffected \"Infinity\"", "usersAffected", m -> m.put("usersAffected", "Infinity"));
        badIncident(cases, "usersAffectedPercent \"NaN\"", "usersAffectedPercent",
                m -> m.put("usersAffectedPercent", "NaN"));
        badIncident(cases, "usersAffectedPercent \"-Infinity\"", "usersAffectedPercent",
                m -> m.put("usersAffectedPercent", "-Infinity"));
        badIncidentRaw(cases, "usersAffectedPercent 1e309", "usersAffectedPercent",
                m -> m.put("usersAffectedPercent", "@@BIG@@"), "\"@@BIG@@\"", "1e309");
        badIncidentRaw(cases, "usersAffectedPercent a bare NaN token", "body",
                m -> m.put("usersAffectedPercent", "@@NAN@@"), "\"@@NAN@@\"", "NaN");
        badIncident(cases, "usersAffectedPercent negative", "usersAffectedPercent",
                m -> m.put("usersAffectedPercent", -0.5));
        badIncident(cases, "usersAffectedPercent an object", "usersAffectedPercent",
                m -> m.put("usersAffectedPercent", Map.of()));
        badIncident(cases, "dataLoss \"yes\"", "dataLoss", m -> m.put("dataLoss", "yes"));
        badIncident(cases, "securityIncident 1", "securityIncident", m -> m.put("securityIncident", 1));
        badIncident(cases, "startedAt impossible date", "startedAt", m -> m.put("startedAt", "2026-13-45T99:99:99Z"));
        badIncident(cases, "startedAt 5000 chars", "startedAt", m -> m.put("startedAt", "2".repeat(5000)));
        badIncident(cases, "resolvedAt year 999999999", "resolvedAt",
                m -> m.put("resolvedAt", "+999999999-12-31T23:59:59Z"));
        badIncident(cases, "resolvedAt before year 1", "resolvedAt", m -> {
            m.put("resolvedAt", "-0001-01-01T00:00:00Z");
            m.remove("startedAt");
            m.remove("detectedAt");
            m.remove("acknowledgedAt");
            m.remove("mitigatedAt");
        });
        rawIncident(cases, "body a JSON list", "[]", 400, "body");
        rawIncident(cases, "body a JSON string", "\"incident\"", 400, "body");
        rawIncident(cases, "body null", "null", 400, "body");
        rawIncident(cases, "body empty", "", 400, "body");
        rawIncident(cases, "body cut off", "{\"id\":\"X-1\",\"title\":\"Pay", 400, "body");
        rawIncident(cases, "body nested 10000 deep", "[".repeat(10_000) + "]".repeat(10_000), 400, "body");
        rawIncident(cases, "title nested 40 deep", "{\"id\":\"NEST-1\",\"title\":" + "[".repeat(40)
                + "]".repeat(40) + "}", 400, "body");
        rawIncidentBytes(cases, "invalid UTF-8 (C3 28)", utf8Broken(new byte[] {(byte) 0xC3, 0x28}), 400, "body");
        rawIncidentBytes(cases, "invalid UTF-8 (FF)", utf8Broken(new byte[] {(byte) 0xFF}), 400, "body");
        rawIncidentBytes(cases, "truncated UTF-8 sequence (E2 82)", utf8Broken(new byte[] {(byte) 0xE2, (byte) 0x82}),
                400, "body");
        rawIncidentBytes(cases, "UTF-8 continuation byte alone (80)", utf8Broken(new byte[] {(byte) 0x80}), 400,
                "body");
        cases.add(new Case("body 1 MiB + 1 byte", "POST", "/api/incidents", "jordan", json(),
                () -> HttpRequest.BodyPublishers.ofByteArray(padded(LIMIT + 1)), 413, "body", null));
        cases.add(new Case("body 2 MiB chunked", "POST", "/api/incidents", "jordan", json(),
                () -> chunked(padded(2 * LIMIT)), 413, "body", null));
        cases.add(new Case("body as text/plain", "POST", "/api/incidents", "jordan",
                Map.of("Content-Type", "text/plain"), () -> HttpRequest.BodyPublishers.ofString("{}"), 415, null,
                null));
    }

    private void incidentQueryCases(List<Case> cases) {
        get(cases, "/api/incidents?page=2147483647&size=200", "jordan", 400, "page");
        get(cases, "/api/incidents?page=-1", "jordan", 400, "page");
        get(cases, "/api/incidents?size=0", "jordan", 400, "size");
        get(cases, "/api/incidents?size=201", "jordan", 400, "size");
        get(cases, "/api/incidents?page=abc", "jordan", 400, "page");
        get(cases, "/api/incidents?size=1e3", "jordan", 400, "size");
        get(cases, "/api/incidents?page=99999999999", "jordan", 400, "page");
        get(cases, "/api/incidents?page=NaN", "jordan", 400, "page");
        get(cases, "/api/incidents?size=-2147483648", "jordan", 400, "size");
        get(cases, "/api/incidents?service=" + "s".repeat(201), "jordan", 400, "service");
        get(cases, "/api/incidents?symptom=a%00b", "jordan", 400, "symptom");
        get(cases, "/api/incidents?from=yesterday", "jordan", 400, "from");
        get(cases, "/api/incidents?to=2026-99-99", "jordan", 400, "to");
        get(cases, "/api/incidents?from=" + "2".repeat(5000), "jordan", 400, "from");
        get(cases, "/api/incidents/" + enc("' OR '1'='1; select * from am_incident"), "jordan", 404, null);
        get(cases, "/api/incidents/" + enc("<script>alert(1)<script>"), "jordan", 404, null);
        get(cases, "/api/incidents/%2e%2e%3b", "jordan", 404, null);
    }

    private void postmortemAndLibraryCases(List<Case> cases) {
        get(cases, "/api/postmortems/NO-SUCH-INCIDENT", "jordan", 404, null);
        get(cases, "/api/postmortems/NO-SUCH-INCIDENT/document.html", "jordan", 404, null);
        get(cases, "/api/postmortems/NO-SUCH-INCIDENT/public.md", "jordan", 404, null);
        get(cases, "/api/postmortems/" + enc("x' UNION select password from act_id_user --"), "jordan", 404, null);
        get(cases, "/api/postmortems?page=-1", "jordan", 400, "page");
        get(cases, "/api/postmortems?size=101", "jordan", 400, "size");
        get(cases, "/api/postmortems?page=abc", "jordan", 400, "page");
        get(cases, "/api/postmortems?page=2147483647", "jordan", 400, "page");
        get(cases, "/api/postmortems?severity=" + enc("SEV1' OR 1=1 --"), "jordan", 400, "severity");
        get(cases, "/api/postmortems?causeCategory=" + enc("<script>"), "jordan", 400, "causeCategory");
        get(cases, "/api/postmortems?from=2026-02-30", "jordan", 400, "from");
        get(cases, "/api/postmortems?to=" + "9".repeat(3000), "jordan", 400, "to");
        get(cases, "/api/postmortems?q=" + "q".repeat(201), "jordan", 400, "q");
        get(cases, "/api/postmortems?q=a%00b", "jordan", 400, "q");
        get(cases, "/library?q=" + "q".repeat(201), "jordan", 400, "q");
        get(cases, "/library?q=a%00b", "jordan", 400, "q");
        get(cases, "/library?q=%07", "jordan", 400, "q");
        get(cases, "/library?page=-5", "jordan", 400, "page");
        get(cases, "/library?size=abc", "jordan", 400, "size");
        get(cases, "/library?from=x", "jordan", 400, "from");
        get(cases, "/library/NO-SUCH-INCIDENT", "jordan", 404, null);
    }

    private void actionItemCases(List<Case> cases, String incidentId, Runnable untouched) {
        String complete = "/api/action-items/" + incidentId + "/AI-1/complete";
        get(cases, "/api/action-items?page=-1", "jordan", 400, "page");
        get(cases, "/api/action-items?size=1000", "jordan", 400, "size");
        get(cases, "/api/action-items?state=DELETED", "jordan", 400, "state");
        get(cases, "/api/action-items?state=" + "O".repeat(5000), "jordan", 400, "state");
        get(cases, "/api/action-items?owner=" + "o".repeat(201), "jordan", 400, "owner");
        get(cases, "/api/action-items?incidentId=%00", "jordan", 400, "incidentId");
        get(cases, "/api/action-items?page=1e2", "jordan", 400, "page");
        get(cases, "/api/action-items/" + incidentId + "/AI-abc", "jordan", 400, "number");
        get(cases, "/api/action-items/" + incidentId + "/AI-99999999999", "jordan", 400, "number");
        post(cases, "complete: resolution 4001 chars", complete, "alex",
                "{\"resolution\":\"" + "r".repeat(4001) + "\"}", 400, "resolution", untouched);
        post(cases, "complete: resolution a number", complete, "alex", "{\"resolution\":42}", 400, "resolution",
                untouched);
        post(cases, "complete: resolution with NUL", complete, "alex", "{\"resolution\":\"done\\u0000\"}", 400,
                "resolution", untouched);
        post(cases, "complete: ticket 2001 chars", complete, "alex",
                "{\"resolution\":\"done\",\"ticket\":\"" + "t".repeat(2001) + "\"}", 400, "ticket", untouched);
        post(cases, "complete: ticket with a line break", complete, "alex",
                "{\"resolution\":\"done\",\"ticket\":\"https://t/1\\nSet-Cookie: x\"}", 400, "ticket", untouched);
        post(cases, "complete: body a list", complete, "alex", "[\"done\"]", 400, "body", untouched);
        post(cases, "complete: invalid JSON", complete, "alex", "{\"resolution\":", 400, "body", untouched);
        post(cases, "complete: unknown field state", complete, "alex",
                "{\"resolution\":\"done\",\"state\":\"DONE\"}", 400, "state", untouched);
        post(cases, "complete: nested 100 deep", complete, "alex",
                "{\"resolution\":" + "[".repeat(100) + "]".repeat(100) + "}", 400, "body", untouched);
        cases.add(new Case("complete: body 2 MiB", "POST", complete, "alex", json(),
                () -> HttpRequest.BodyPublishers.ofByteArray(padded(2 * LIMIT)), 413, "body", untouched));
    }

    private void pagerDutyCases(List<Case> cases) throws Exception {
        String path = "/api/webhooks/pagerduty";
        cases.add(new Case("pagerduty: body 2 MiB", "POST", path, null, json(),
                () -> HttpRequest.BodyPublishers.ofByteArray(padded(2 * LIMIT)), 413, "body", null));
        cases.add(new Case("pagerduty: body 2 MiB chunked", "POST", path, null, json(),
                () -> chunked(padded(2 * LIMIT)), 413, "body", null));
        signed(cases, "pagerduty: invalid JSON", "{\"event\":", 400, "body", null);
        signed(cases, "pagerduty: nested 5000 deep", "[".repeat(5000) + "]".repeat(5000), 400, "body", null);
        signedBytes(cases, "pagerduty: invalid UTF-8", utf8Broken(new byte[] {(byte) 0xFE}), 400, "body");
        signed(cases, "pagerduty: event missing", "{\"other\":1}", 400, "event", null);
        signed(cases, "pagerduty: event a string", "{\"event\":\"incident.resolved\"}", 400, "event", null);
        String pathId = "PD-../../etc";
        signed(cases, "pagerduty: id with a path", pagerDuty(e -> data(e).put("id", pathId)), 400, "event.data.id",
                () -> assertThat(incidents.find(pathId)).isEmpty());
        String longId = "P".repeat(300);
        signed(cases, "pagerduty: id 300 chars", pagerDuty(e -> data(e).put("id", longId)), 400, "event.data.id",
                () -> assertThat(incidents.find(longId)).isEmpty());
        String id3 = newIncidentId("PD-HOSTILE");
        signed(cases, "pagerduty: occurred_at not a date", pagerDuty(e -> {
            data(e).put("id", id3);
            e.put("occurred_at", "yesterday");
        }), 400, "event.occurred_at", () -> assertThat(incidents.find(id3)).isEmpty());
        String id4 = newIncidentId("PD-HOSTILE");
        signed(cases, "pagerduty: unknown priority", pagerDuty(e -> {
            data(e).put("id", id4);
            ((ObjectNode) data(e).get("priority")).put("summary", "P9' OR 1=1");
        }), 400, "event.data.priority.summary", () -> assertThat(incidents.find(id4)).isEmpty());
        String id5 = newIncidentId("PD-HOSTILE");
        signed(cases, "pagerduty: resolved before created", pagerDuty(e -> {
            data(e).put("id", id5);
            data(e).put("created_at", "2030-01-01T00:00:00Z");
        }), 400, "event.occurred_at", () -> assertThat(incidents.find(id5)).isEmpty());
        String id6 = newIncidentId("PD-HOSTILE");
        signed(cases, "pagerduty: id with NUL", pagerDuty(e -> data(e).put("id", id6 + "\u0000x")), 400,
                "event.data.id", () -> assertThat(incidents.find(id6)).isEmpty());
    }

    private void engineRestCases(List<Case> cases, String completeTask, String decideTask, Runnable itemUntouched,
                                 Runnable decisionOpen) {
        post(cases, "engine: complete an unknown task", "/engine-rest/task/no-such-task/complete", "demo",
                "{\"variables\":{}}", 404, null, null);
        get(cases, "/engine-rest/task/no-such-task", "demo", 404, null);
        get(cases, "/engine-rest/process-instance/no-such-instance", "demo", 404, null);
        post(cases, "engine: execute an unknown job", "/engine-rest/job/no-such-job/execute", "demo", "{}", 404,
                null, null);
        get(cases, "/engine-rest/process-instance/no-such-instance/variables", "demo", 404, null);
        String decide = "/engine-rest/task/" + decideTask + "/complete";
        post(cases, "engine: decisionReason 1001 chars", decide, "mia", variables(Map.of("postmortemNeeded",
                Map.of("value", false), "decisionReason", Map.of("value", "d".repeat(1001)))), 400, "decisionReason",
                decisionOpen);
        post(cases, "engine: decisionReason with NUL", decide, "mia", variables(Map.of("postmortemNeeded",
                Map.of("value", false), "decisionReason", Map.of("value", "known\u0000issue"))), 400,
                "decisionReason", decisionOpen);
        post(cases, "engine: any variable of 5000 chars", decide, "mia", variables(Map.of("postmortemNeeded",
                Map.of("value", false), "decisionReason", Map.of("value", "Known issue"), "notes",
                Map.of("value", "n".repeat(5000)))), 400, "notes", decisionOpen);
        post(cases, "engine: postmortemNeeded \"maybe\"", decide, "mia", variables(Map.of("postmortemNeeded",
                Map.of("value", "maybe"), "decisionReason", Map.of("value", "Known issue"))), 400,
                "postmortemNeeded", decisionOpen);
        post(cases, "engine: a value of the wrong type", decide, "mia", variables(Map.of("postmortemNeeded",
                Map.of("value", "abc", "type", "Integer"))), 400, null, decisionOpen);
        post(cases, "engine: invalid JSON", decide, "mia", "{\"variables\":", 400, null, decisionOpen);
        post(cases, "engine: nested 3000 deep", decide, "mia", "{\"variables\":" + "[".repeat(3000)
                + "]".repeat(3000) + "}", 400, null, decisionOpen);
        cases.add(new Case("engine: body 2 MiB", "POST", decide, "mia", json(),
                () -> HttpRequest.BodyPublishers.ofByteArray(padded(2 * LIMIT)), 413, "body", decisionOpen));
        cases.add(new Case("engine: body 2 MiB chunked", "POST", decide, "mia", json(),
                () -> chunked(padded(2 * LIMIT)), 413, "body", decisionOpen));
        String item = "/engine-rest/task/" + completeTask + "/complete";
        post(cases, "engine: resolution 5000 chars", item, "alex",
                variables(Map.of("resolution", Map.of("value", "r".repeat(5000)))), 400, "resolution",
                itemUntouched);
        post(cases, "engine: resolution with NUL", item, "alex",
                variables(Map.of("resolution", Map.of("value", "done\u0000"))), 400, "resolution", itemUntouched);
        post(cases, "engine: resolution with SQL and 4001 chars", item, "alex",
                variables(Map.of("resolution", Map.of("value", "'; DELETE FROM am_action_item; --"
                        + "x".repeat(4000)))), 400, "resolution", itemUntouched);
        post(cases, "engine: start form overlong title", "/engine-rest/process-definition/key/"
                        + PostmortemProcess.KEY + "/start", "demo",
                variables(Map.of("incidentId", Map.of("value", "ENGINE-START-1"), "title",
                        Map.of("value", "x".repeat(3000)), "severity", Map.of("value", "SEV2"), "resolvedAt",
                        Map.of("value", "2026-01-01T00:00:00Z"), "commander", Map.of("value", "jordan"))), 400,
                "title", () -> assertThat(incidents.find("ENGINE-START-1")).isEmpty());
    }

    // ---------------------------------------------------------------- a body too large is refused unread

    /**
     * A declared {@code Content-Length} of 20 MB is answered 413 before a byte of the body is sent: the client
     * sends the headers only and still gets the answer.
     */
    @Test
    void a_20_mb_body_is_refused_before_it_is_read() throws Exception {
        for (String path : List.of("/api/incidents", "/api/webhooks/pagerduty", "/engine-rest/task/x/complete")) {
            try (Socket socket = new Socket("localhost", port)) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Authorization: " + basic("jordan") + "\r\nContent-Length: 20000000\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
                assertThat(head).as(path).isEqualTo("HTTP/1.1 413");
            }
        }
    }

    // ---------------------------------------------------------------- PagerDuty text beyond the limits is cut, not refused

    @Test
    void pagerduty_text_beyond_the_limits_is_cut_to_fit_and_the_incident_is_stored() throws Exception {
        String id = newIncidentId("PD-LONG");
        String body = pagerDuty(e -> {
            data(e).put("id", id);
            data(e).put("title", "T\u0007".repeat(3000));
            ((ObjectNode) data(e).get("service")).put("summary", "S".repeat(900));
        });
        Reply reply = send(new Case("long", "POST", "/api/webhooks/pagerduty", null, signature(body),
                () -> HttpRequest.BodyPublishers.ofString(body), 202, null, null));
        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        var stored = incidents.find(id).orElseThrow();
        assertThat(stored.title()).hasSize(InputLimits.TITLE).endsWith("…").doesNotContain("\u0007");
        assertThat(stored.service()).hasSize(InputLimits.SERVICE);
        assertThat(stored.symptom()).hasSizeLessThanOrEqualTo(InputLimits.SYMPTOM);
    }

    // ---------------------------------------------------------------- helpers

    private long lifecycles() {
        return historyService.createHistoricProcessInstanceQuery().processDefinitionKey(PostmortemProcess.KEY)
                .count();
    }

    @Override
    protected String newIncident(String prefix) {
        String id = newIncidentId(prefix);
        Map<String, Object> payload = incident(id, "SEV4", Duration.ofHours(1));
        start(payload);
        runAsyncJobs();
        return id;
    }

    private ProcessInstance startItem(String incidentId) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("incidentId", incidentId);
        vars.put("itemNumber", 1);
        vars.put("actionItem", SpinValues.jsonValue("{\"title\":\"Alert at 80% pool saturation\",\"owner\":\"alex\","
                + "\"dueDate\":\"" + LocalDate.now().plusDays(20) + "\",\"priority\":\"HIGH\"}").create());
        ProcessInstance pi = runtimeService.startProcessInstanceByKey(ActionItemProcess.KEY,
                incidentId + ActionItemProcess.ID_SEPARATOR + "1", vars);
        runAsyncJobs();
        return pi;
    }

    /** A valid closure changed by {@code change}: its id must never be stored. */
    private void badIncident(List<Case> cases, String name, String field, Consumer<Map<String, Object>> change) {
        badIncidentRaw(cases, name, field, change, null, null);
    }

    /** The same, with a placeholder in the JSON replaced by raw JSON that a Map cannot hold. */
    private void badIncidentRaw(List<Case> cases, String name, String field, Consumer<Map<String, Object>> change,
                                String placeholder, String raw) {
        String id = newIncidentId("HOSTILE");
        Map<String, Object> m = incident(id, "SEV2", Duration.ofHours(1));
        change.accept(m);
        String body;
        try {
            body = objectMapper.writeValueAsString(m);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        String finalBody = placeholder == null ? body : body.replace(placeholder, raw);
        String storedId = m.get("id") instanceof String s ? s : id;
        cases.add(new Case("incident: " + name, "POST", "/api/incidents", "jordan", json(),
                () -> HttpRequest.BodyPublishers.ofString(finalBody), 400, field,
                () -> assertThat(stored(storedId)).as("stored " + storedId).isFalse()));
    }

    /**
     * Whether an incident with this id was stored. PostgreSQL refuses a NUL in a parameter (and in a stored text), so
     * the id is matched with LIKE, NUL standing for any one character: the same check on H2 and PostgreSQL.
     */
    private boolean stored(String id) {
        if (id.indexOf('\u0000') < 0) {
            return incidents.find(id).isPresent();
        }
        String like = id.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_").replace('\u0000', '_');
        return jdbc.sql("select count(*) from am_incident where id like ? escape '\\'").param(like).query(Long.class)
                .single() > 0;
    }

    private void rawIncident(List<Case> cases, String name, String body, int status, String field) {
        cases.add(new Case("incident: " + name, "POST", "/api/incidents", "jordan", json(),
                () -> HttpRequest.BodyPublishers.ofString(body), status, field, null));
    }

    private void rawIncidentBytes(List<Case> cases, String name, byte[] body, int status, String field) {
        cases.add(new Case("incident: " + name, "POST", "/api/incidents", "jordan", json(),
                () -> HttpRequest.BodyPublishers.ofByteArray(body), status, field, null));
    }

    /** A closure whose title contains {@code bad} bytes. */
    private byte[] utf8Broken(byte[] bad) {
        String id = newIncidentId("HOSTILE-UTF8");
        byte[] head = ("{\"id\":\"" + id + "\",\"severity\":\"SEV2\",\"resolvedAt\":\"2026-01-01T00:00:00Z\","
                + "\"commander\":\"jordan\",\"title\":\"Pay").getBytes(StandardCharsets.UTF_8);
        byte[] tail = "ments\"}".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + bad.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(bad, 0, all, head.length, bad.length);
        System.arraycopy(tail, 0, all, head.length + bad.length, tail.length);
        return all;
    }

    /** A JSON object of {@code size} bytes. */
    private static byte[] padded(int size) {
        byte[] body = new byte[size];
        java.util.Arrays.fill(body, (byte) 'a');
        byte[] head = "{\"title\":\"".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, body, 0, head.length);
        body[size - 2] = '"';
        body[size - 1] = '}';
        return body;
    }

    /** A body without Content-Length (Transfer-Encoding: chunked). */
    private static HttpRequest.BodyPublisher chunked(byte[] body) {
        return HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
    }

    private void get(List<Case> cases, String path, String user, int status, String field) {
        cases.add(new Case("GET " + (path.length() > 90 ? path.substring(0, 90) + "…" : path), "GET", path, user,
                Map.of(), HttpRequest.BodyPublishers::noBody, status, field, null));
    }

    private void post(List<Case> cases, String name, String path, String user, String body, int status,
                      String field, Runnable readBack) {
        cases.add(new Case(name, "POST", path, user, json(), () -> HttpRequest.BodyPublishers.ofString(body), status,
                field, readBack));
    }

    private void signed(List<Case> cases, String name, String body, int status, String field, Runnable readBack) {
        cases.add(new Case(name, "POST", "/api/webhooks/pagerduty", null, signature(body),
                () -> HttpRequest.BodyPublishers.ofString(body), status, field, readBack));
    }

    private void signedBytes(List<Case> cases, String name, byte[] body, int status, String field) {
        Map<String, String> headers = new LinkedHashMap<>(json());
        headers.put("X-PagerDuty-Signature", PagerDutySignature.sign(body, PD_SECRET));
        cases.add(new Case(name, "POST", "/api/webhooks/pagerduty", null, headers,
                () -> HttpRequest.BodyPublishers.ofByteArray(body), status, field, null));
    }

    private static Map<String, String> signature(String body) {
        Map<String, String> headers = new LinkedHashMap<>(json());
        headers.put("X-PagerDuty-Signature", PagerDutySignature.sign(body.getBytes(StandardCharsets.UTF_8),
                PD_SECRET));
        return headers;
    }

    private String pagerDuty(Consumer<ObjectNode> change) throws Exception {
        ObjectNode root = (ObjectNode) objectMapper.readTree(java.nio.file.Files.readString(
                java.nio.file.Path.of("src/test/resources/pagerduty/incident-resolved.json")));
        ObjectNode event = (ObjectNode) root.get("event");
        if (!event.path("data").has("priority") || event.path("data").get("priority").isNull()) {
            ((ObjectNode) event.get("data")).putObject("priority").put("summary", "P1");
        }
        change.accept(event);
        return objectMapper.writeValueAsString(root);
    }

    private static ObjectNode data(ObjectNode event) {
        return (ObjectNode) event.get("data");
    }

    private String variables(Map<String, Object> variables) {
        try {
            return objectMapper.writeValueAsString(Map.of("variables", variables));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> json() {
        return Map.of("Content-Type", "application/json");
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8));
    }

    private Reply send(Case c) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + c.path()))
                .timeout(Duration.ofSeconds(60)).header("Accept", "application/json, */*");
        if (c.user() != null) {
            b.header("Authorization", basic(c.user()));
        }
        c.headers().forEach(b::header);
        b.method(c.method(), c.body().get());
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    }
}
