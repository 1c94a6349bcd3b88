package dev.aftermath.pagerduty;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.aftermath.incident.Incident;
import dev.aftermath.incident.IncidentRepository;
import dev.aftermath.incident.Severity;
import dev.aftermath.processapi.PostmortemProcess;
import dev.aftermath.support.ProcessTestSupport;

/** PagerDuty's v3 webhook over HTTP: signature checked, incident.resolved mapped and started, the rest ignored. */
class PagerDutyWebhookTest extends ProcessTestSupport {

    private static final String SECRET = "test-webhook-secret";

    @LocalServerPort int port;
    @Autowired IncidentRepository incidents;

    private final HttpClient http = HttpClient.newHttpClient();

    private static String sample(String name) throws Exception {
        return Files.readString(Path.of("src/test/resources/pagerduty/" + name + ".json"));
    }

    /** The documented sample with another incident id, so each test starts its own lifecycle. */
    private String resolved(String incidentId) throws Exception {
        ObjectNode root = (ObjectNode) objectMapper.readTree(sample("incident-resolved"));
        ((ObjectNode) root.get("event").get("data")).put("id", incidentId);
        return objectMapper.writeValueAsString(root);
    }

    private HttpResponse<String> post(String body, String signature) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/webhooks/pagerduty"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (signature != null) {
            b.header("X-PagerDuty-Signature", signature);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sign(String body) {
        return PagerDutySignature.sign(body.getBytes(StandardCharsets.UTF_8), SECRET);
    }

    private long lifecycles(String incidentId) {
        return runtimeService.createProcessInstanceQuery().processDefinitionKey(PostmortemProcess.KEY)
                .processInstanceBusinessKey(incidentId).count()
                + processEngine.getHistoryService().createHistoricProcessInstanceQuery()
                .processDefinitionKey(PostmortemProcess.KEY).processInstanceBusinessKey(incidentId).finished().count();
    }

    @Test
    void the_documented_sample_with_a_correct_signature_starts_the_lifecycle() throws Exception {
        String body = sample("incident-resolved");
        HttpResponse<String> r = post(body, "v1=0000000000000000000000000000000000000000000000000000000000000000,"
                + sign(body));
        assertThat(r.statusCode()).isEqualTo(202);
        JsonNode json = objectMapper.readTree(r.body());
        assertThat(json.get("incidentId").asText()).isEqualTo("PGR0VU2");
        assertThat(json.get("processInstanceId").asText()).isNotBlank();
        Incident incident = incidents.find("PGR0VU2").orElseThrow();
        assertThat(incident.severity()).isEqualTo(Severity.SEV1);
        assertThat(incident.title()).isEqualTo("A little bump in the road");
        assertThat(incident.service()).isEqualTo("API Service");
        assertThat(incident.startedAt()).isEqualTo(Instant.parse("2020-04-09T15:16:27Z"));
        assertThat(incident.resolvedAt()).isEqualTo(Instant.parse("2020-10-02T18:45:22.169Z"));
        assertThat(incident.commander()).isEqualTo("jordan");
        assertThat(incident.requirement()).isEqualTo("REQUIRED");
        assertThat(incident.processInstanceId()).isEqualTo(json.get("processInstanceId").asText());
        assertThat(incident.chatChannel()).as("a conference bridge that is no Slack link").isNull();

        // delivered again (PagerDuty retries): same lifecycle
        HttpResponse<String> again = post(body, sign(body));
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(objectMapper.readTree(again.body()).get("processInstanceId").asText())
                .isEqualTo(json.get("processInstanceId").asText());
        assertThat(lifecycles("PGR0VU2")).isEqualTo(1);
    }

    @Test
    void a_wrong_missing_or_replayed_signature_is_refused_and_starts_nothing() throws Exception {
        String id = newIncidentId("PDSIG");
        String body = resolved(id);
        assertThat(post(body, null).statusCode()).isEqualTo(401);
        assertThat(post(body, "v1=" + "ab".repeat(32)).statusCode()).isEqualTo(401);
        assertThat(post(body, PagerDutySignature.sign(body.getBytes(StandardCharsets.UTF_8), "another-secret"))
                .statusCode()).isEqualTo(401);
        // a replayed body with one changed byte
        String signed = sign(body);
        String tampered = body.replace("\"P1\"", "\"P2\"");
        assertThat(tampered).isNotEqualTo(body);
        assertThat(post(tampered, signed).statusCode()).isEqualTo(401);
        // HTTP Basic does not open this door
        HttpResponse<String> basic = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/webhooks/pagerduty"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("demo:demo".getBytes()))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(basic.statusCode()).isEqualTo(401);
        assertThat(incidents.find(id)).isEmpty();
        assertThat(lifecycles(id)).isZero();
    }

    @Test
    void other_event_types_are_accepted_and_ignored() throws Exception {
        String body = sample("incident-priority-updated").replace("PGR0VU2", "PDIGNORED1");
        HttpResponse<String> r = post(body, sign(body));
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(objectMapper.readTree(r.body()).get("ignored").asBoolean()).isTrue();
        assertThat(incidents.find("PDIGNORED1")).isEmpty();
        assertThat(lifecycles("PDIGNORED1")).isZero();
    }

    @Test
    void a_resolved_event_missing_required_fields_is_a_400_naming_them() throws Exception {
        ObjectNode root = (ObjectNode) objectMapper.readTree(sample("incident-resolved"));
        ObjectNode event = (ObjectNode) root.get("event");
        ((ObjectNode) event.get("data")).remove("id");
        ((ObjectNode) event.get("data")).remove("priority");
        ((ObjectNode) event.get("data")).remove("urgency");
        event.remove("occurred_at");
        String body = objectMapper.writeValueAsString(root);
        HttpResponse<String> r = post(body, sign(body));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(r.body()).contains("event.data.id", "event.occurred_at", "event.data.urgency");
        String broken = "{\"event\": ";
        assertThat(post(broken, sign(broken)).statusCode()).isEqualTo(400);
    }

    @Test
    void without_a_priority_the_urgency_decides_the_severity_and_the_incident_is_listed() throws Exception {
        String id = newIncidentId("PDLOW");
        ObjectNode root = (ObjectNode) objectMapper.readTree(resolved(id));
        ObjectNode data = (ObjectNode) root.get("event").get("data");
        data.remove("priority");
        data.put("urgency", "low");
        data.put("title", "Disk almost full " + id);
        ((ObjectNode) data.get("conference_bridge")).put("conference_url",
                "https://acme.slack.com/archives/C0DISKFULL1?thread=1");
        String body = objectMapper.writeValueAsString(root);
        assertThat(post(body, sign(body)).statusCode()).isEqualTo(202);
        Incident incident = incidents.find(id).orElseThrow();
        assertThat(incident.severity()).isEqualTo(Severity.SEV4);
        assertThat(incident.requirement()).isEqualTo("NOT_REQUIRED");
        assertThat(incident.reason()).contains("SEV4: no post-mortem");
        // the conference bridge links the incident's Slack channel
        assertThat(incident.chatChannel()).isEqualTo("C0DISKFULL1");

        HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/incidents?service=API%20Service&symptom=Disk%20almost%20full%20" + id))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("mia:mia".getBytes()))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(list.statusCode()).isEqualTo(200);
        JsonNode page = objectMapper.readTree(list.body());
        assertThat(page.get("total").asLong()).isEqualTo(1);
        assertThat(page.get("page").asInt()).isZero();
        JsonNode item = page.get("items").get(0);
        assertThat(item.get("id").asText()).isEqualTo(id);
        assertThat(item.get("requirement").asText()).isEqualTo("NOT_REQUIRED");
        assertThat(item.get("reason").asText()).contains("occurrence 1");
        assertThat(item.get("recurrence").asInt()).isEqualTo(1);
    }
}
