package dev.aftermath.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.spin.plugin.variable.SpinValues;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.aftermath.processapi.ActionItemProcess;
import dev.aftermath.support.ProcessTestSupport;
import dev.aftermath.support.RestCalls;

/**
 * A restricted incident leaves no trace for those who may not see it (issue 22, item 1): the recurrence shown and the
 * tech lead's list of earlier incidents count only what the viewer may see, a repeated closure of a restricted id
 * carries nothing of it, and an invisible id answers exactly like an unknown one on every endpoint.
 */
class RestrictedTraceTest extends ProcessTestSupport {

    @LocalServerPort int port;

    private RestCalls rest;

    @BeforeEach
    void client() {
        rest = new RestCalls(port, objectMapper);
    }

    /** A closure of service {@code checkout} with {@code symptom}; restricted ones have commander sam and mia. */
    private Map<String, Object> closure(String id, String severity, Duration resolvedAgo, String symptom,
                                        boolean restricted) {
        Map<String, Object> payload = incident(id, severity, resolvedAgo);
        payload.put("service", "checkout-" + symptom);
        payload.put("symptom", symptom);
        if (restricted) {
            payload.put("restricted", true);
            payload.put("commander", "sam");
            payload.put("responders", List.of("mia"));
        }
        return payload;
    }

    @Test
    void counts_and_lists_shown_to_a_person_include_only_what_that_person_may_see() throws Exception {
        String symptom = "pool-exhausted-" + System.nanoTime();
        String earlier = newIncidentId("TRACE-EARLIER");
        String hidden = newIncidentId("TRACE-HIDDEN");
        String current = newIncidentId("TRACE-NOW");
        start(closure(earlier, "SEV4", Duration.ofDays(3), symptom, false));
        start(closure(hidden, "SEV4", Duration.ofDays(2), symptom, true));
        ProcessInstance now = start(closure(current, "SEV3", Duration.ofHours(1), symptom, false));
        runAsyncJobs();

        // the policy counted every occurrence (its decision input) ...
        assertThat(runtimeService.getVariable(now.getId(), "recurrence")).isEqualTo(3);
        // ... the people see what they may see
        assertThat(rest.get("/api/incidents/" + current, "alex").json().path("recurrence").asInt()).isEqualTo(2);
        assertThat(rest.get("/api/incidents/" + current, "sasha").json().path("recurrence").asInt()).isEqualTo(3);
        assertThat(rest.get("/api/incidents/" + current, "mia").json().path("recurrence").asInt())
                .as("mia takes part in the restricted one").isEqualTo(3);
        JsonNode list = rest.get("/api/incidents?symptom=" + symptom, "alex").json();
        assertThat(list.path("total").asLong()).isEqualTo(2);
        List<Integer> listed = new ArrayList<>();
        list.path("items").forEach(i -> listed.add(i.path("recurrence").asInt()));
        assertThat(listed).doesNotContain(3);

        String earlierIncidents = (String) runtimeService.getVariable(now.getId(), "earlierIncidents");
        assertThat(earlierIncidents).startsWith("2 occurrence(s)").contains(earlier).doesNotContain(hidden)
                .doesNotContain("more");
    }

    @Test
    void a_repeated_closure_of_a_restricted_incident_carries_nothing_of_it() throws Exception {
        String hidden = newIncidentId("TRACE-REPOST");
        Map<String, Object> payload = closure(hidden, "SEV2", Duration.ofHours(1), "repost-" + System.nanoTime(),
                true);
        start(payload);
        runAsyncJobs();

        RestCalls.Reply outsider = rest.post("/api/incidents", "jordan", payload);
        assertThat(outsider.status()).isEqualTo(200);
        assertThat(outsider.json().path("incidentId").asText()).isEqualTo(hidden);
        for (String field : List.of("processInstanceId", "requirement", "reason", "publishDeadline",
                "meetingDeadline")) {
            assertThat(outsider.json().path(field).isNull() || outsider.json().path(field).isMissingNode())
                    .as(field + " in " + outsider.body()).isTrue();
        }
        // an admin, who sees it, gets the receipt as before
        RestCalls.Reply admin = rest.post("/api/incidents", "demo", payload);
        assertThat(admin.json().path("processInstanceId").asText()).isNotBlank();
        assertThat(admin.json().path("requirement").asText()).isEqualTo("REQUIRED");
    }

    @Test
    void an_invisible_id_answers_exactly_like_an_unknown_one_everywhere() throws Exception {
        String hidden = newIncidentId("TRACE-404");
        start(closure(hidden, "SEV2", Duration.ofHours(1), "hidden-" + System.nanoTime(), true));
        runAsyncJobs();
        Map<String, Object> vars = new HashMap<>();
        vars.put("incidentId", hidden);
        vars.put("itemNumber", 1);
        vars.put("actionItem", SpinValues.jsonValue("{\"title\":\"Rotate the leaked key\",\"owner\":\"sam\","
                + "\"dueDate\":\"" + java.time.LocalDate.now().plusDays(10) + "\",\"priority\":\"HIGH\"}").create());
        runtimeService.startProcessInstanceByKey(ActionItemProcess.KEY, ActionItemProcess.itemId(hidden, 1), vars);
        runAsyncJobs();
        String unknown = "TRACE-NO-SUCH-" + System.nanoTime();
        // the admin sees both exist / not exist as they are
        assertThat(rest.get("/api/incidents/" + hidden, "demo").status()).isEqualTo(200);
        assertThat(rest.get("/api/action-items/" + hidden + "/AI-1", "demo").status()).isEqualTo(200);

        Map<String, String> timeline = Map.of("body", "{\"entries\":[{\"at\":\"2026-01-01T00:00:00Z\","
                + "\"event\":\"Key rotated\"}]}");
        Map<String, Object> meeting = new LinkedHashMap<>();
        meeting.put("action", "CANCEL");
        meeting.put("reason", "Not needed any more");
        List<String[]> endpoints = List.of(
                new String[] {"GET", "/api/incidents/{id}", null},
                new String[] {"GET", "/api/postmortems/{id}", null},
                new String[] {"GET", "/api/postmortems/{id}/document.md", null},
                new String[] {"GET", "/api/postmortems/{id}/document.html", null},
                new String[] {"GET", "/api/postmortems/{id}/public.md", null},
                new String[] {"GET", "/api/postmortems/{id}/public.html", null},
                new String[] {"POST", "/api/postmortems/{id}/meeting", objectMapper.writeValueAsString(meeting)},
                new String[] {"POST", "/api/postmortems/{id}/timeline", timeline.get("body")},
                new String[] {"GET", "/library/{id}", null},
                new String[] {"GET", "/api/action-items/{id}/AI-1", null},
                new String[] {"POST", "/api/action-items/{id}/AI-1/complete", "{\"resolution\":\"Done\"}"},
                new String[] {"POST", "/api/action-items/{id}/AI-1/owner",
                        "{\"owner\":\"alex\",\"rationale\":\"The team was reorganised last week\"}"});
        int compared = 0;
        for (String user : List.of("alex", "jordan")) {
            for (String[] e : endpoints) {
                RestCalls.Reply invisible = rest.send(e[0], e[1].replace("{id}", hidden), user, e[2]);
                RestCalls.Reply missing = rest.send(e[0], e[1].replace("{id}", unknown), user, e[2]);
                String what = user + " " + e[0] + " " + e[1];
                assertThat(invisible.status()).as(what + ": " + invisible.body()).isEqualTo(404);
                assertThat(missing.status()).as(what).isEqualTo(404);
                assertThat(invisible.contentType()).as(what).isEqualTo(missing.contentType());
                assertThat(invisible.body().replace(hidden, "{id}")).as(what)
                        .isEqualTo(missing.body().replace(unknown, "{id}"));
                compared++;
            }
        }
        assertThat(compared).isEqualTo(24);
    }
}
