package dev.aftermath.postmortem;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.aftermath.processapi.PostmortemProcess.Vars;
import dev.aftermath.process.JsonVariables;
import dev.aftermath.security.IncidentAccess;
import dev.aftermath.support.Drafts;
import dev.aftermath.support.Lifecycle;

/**
 * {@code POST /api/postmortems/{incidentId}/timeline} over a real port: 201 with the merged timeline for participants
 * and tech leads, 403 for a stranger, 404 for a stranger on a restricted incident, 400 naming each bad field (nothing
 * stored), 409 once published.
 */
class TimelineApiTest extends Lifecycle {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired JsonVariables json;
    @Autowired TimelineContributionRepository contributions;
    @Autowired IncidentAccess access;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    record Reply(int status, String contentType, JsonNode json) {
    }

    private Reply post(String incidentId, String user, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/postmortems/"
                        + incidentId + "/timeline"))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        String type = r.headers().firstValue("Content-Type").orElse("");
        return new Reply(r.statusCode(), type, r.body().isBlank() ? null : objectMapper.readTree(r.body()));
    }

    private static String entries(String... entries) {
        return "{\"entries\":[" + String.join(",", entries) + "]}";
    }

    private static String entry(Object at, String event, String source) throws Exception {
        Map<String, Object> m = new HashMap<>();
        m.put("at", at == null ? null : at.toString());
        m.put("event", event);
        m.put("source", source);
        return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(m);
    }

    private static List<String> fields(Reply reply) {
        List<String> fields = new ArrayList<>();
        reply.json().path("errors").forEach(e -> fields.add(e.path("field").asText()));
        return fields;
    }

    private Map<String, Object> payload(String id) {
        Map<String, Object> payload = incident(id, "SEV1", Duration.ofHours(2));
        payload.put("author", "priya");
        payload.put("facilitator", "carlos");
        return payload;
    }

    @Test
    void a_participant_adds_entries_merged_into_the_running_draft() throws Exception {
        String id = newIncidentId("TLA");
        Map<String, Object> payload = payload(id);
        Instant started = Instant.parse((String) payload.get("startedAt"));
        ProcessInstance pi = start(payload);

        Reply created = post(id, "carlos", entries(
                entry(started.plus(3, ChronoUnit.MINUTES), "Synthetic check failed in eu-west", "monitoring"),
                entry(started, "Error rate > 5% on payment service", "pagerduty")));
        assertThat(created.status()).isEqualTo(201);
        JsonNode timeline = created.json().get("timeline");
        assertThat(timeline).hasSize(3);
        assertThat(timeline.get(0).get("event").asText()).isEqualTo("Error rate > 5% on payment service");
        assertThat(timeline.get(1).get("event").asText()).isEqualTo("Synthetic check failed in eu-west");
        assertThat(timeline.get(1).get("actor").asText()).isEqualTo("carlos");
        // in the draft the author edits, and in the stored document
        assertThat(json.listOfMaps(runtimeService.getVariable(pi.getId(), Vars.TIMELINE.name())))
                .extracting(e -> e.get("event")).contains("Synthetic check failed in eu-west");
        assertThat(json.listOfMaps(runtimeService.getVariable(pi.getId(), Vars.TIMELINE_CONTRIBUTIONS.name())))
                .extracting(e -> e.get("contributor") + ":" + e.get("entries") + ":" + e.get("via"))
                .containsExactly("carlos:1:api");

        // a tech lead who is not a participant may add too; and becomes a participant (contributor)
        assertThat(post(id, "mia", entries(entry(started.plus(50, ChronoUnit.MINUTES),
                "Pool size raised on payments-db", "deploy-log"))).status()).isEqualTo(201);
        assertThat(access.participants(id)).contains("mia", "carlos");

        // a stranger may see the incident but not add to it
        Reply forbidden = post(id, "alex", entries(entry(started, "Something", null)));
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.contentType()).contains("application/problem+json");
        assertThat(contributions.all(id)).hasSize(2);
    }

    @Test
    void bad_fields_are_named_and_nothing_is_stored() throws Exception {
        String id = newIncidentId("TLB");
        Map<String, Object> payload = payload(id);
        Instant started = Instant.parse((String) payload.get("startedAt"));
        Instant resolved = Instant.parse((String) payload.get("resolvedAt"));
        start(payload);
        Map<String, String> bad = Map.of(
                "entries[0].at", entries(entry("yesterday at noon", "Alert fired", null)),
                "entries[0].event", entries(entry(started, "   ", null)),
                "entries[1].event", entries(entry(started, "ok", null), entry(started, "x".repeat(2001), null)),
                "entries[1].at", entries(entry(started, "ok", null),
                        entry(started.minus(25, ChronoUnit.HOURS), "Too early", null)),
                "entries[2].at", entries(entry(started, "ok", null), entry(started, "also ok", null),
                        entry(resolved.plus(25, ChronoUnit.HOURS), "Too late", null)),
                "entries", "{\"entries\":[]}");
        for (Map.Entry<String, String> c : bad.entrySet()) {
            Reply r = post(id, "jordan", c.getValue());
            assertThat(r.status()).as(c.getKey()).isEqualTo(400);
            assertThat(r.contentType()).contains("application/problem+json");
            assertThat(fields(r)).as(c.getKey()).containsExactly(c.getKey());
        }
        // the edges of the window are accepted
        assertThat(post(id, "jordan", entries(entry(started.minus(24, ChronoUnit.HOURS), "Config change merged", "git"),
                entry(resolved.plus(24, ChronoUnit.HOURS), "Status page closed", null))).status()).isEqualTo(201);
        assertThat(contributions.all(id)).hasSize(1);
    }

    @Test
    void a_restricted_incident_is_not_found_for_a_stranger() throws Exception {
        String id = newIncidentId("TLR");
        Map<String, Object> payload = payload(id);
        Instant started = Instant.parse((String) payload.get("startedAt"));
        start(payload);
        jdbc.sql("update am_incident set restricted = true where id = ?").param(id).update();
        access.addParticipants(id, IncidentAccess.RESPONDER, List.of("carlos"));

        Reply hidden = post(id, "alex", entries(entry(started, "Something", null)));
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(post("NO-SUCH-INCIDENT", "alex", entries(entry(started, "Something", null))).status())
                .isEqualTo(404);
        assertThat(post(id, "carlos", entries(entry(started.plus(1, ChronoUnit.MINUTES), "Seen by carlos", null)))
                .status()).isEqualTo(201);
        assertThat(post(id, "demo", entries(entry(started.plus(2, ChronoUnit.MINUTES), "Admin note", null)))
                .status()).isEqualTo(201);
    }

    @Test
    void the_timeline_is_closed_once_published() throws Exception {
        String id = newIncidentId("TLP");
        Map<String, Object> payload = payload(id);
        Instant started = Instant.parse((String) payload.get("startedAt"));
        publish(payload, Drafts.goodDraft(), Map.of(), Drafts.goodMeeting(), Map.of());
        Reply conflict = post(id, "carlos", entries(entry(started, "Too late to add", null)));
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.contentType()).contains("application/problem+json");
        // only the two contribution tasks that closed at the pre-read are recorded
        assertThat(contributions.all(id)).extracting(TimelineContributionRepository.Row::status)
                .containsOnly(TimelineContributionRepository.NOT_CONTRIBUTED);
    }
}
