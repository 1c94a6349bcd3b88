package dev.aftermath.integration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.aftermath.integration.pagerduty.PagerDutyApiProperties;
import dev.aftermath.integration.pagerduty.PagerDutyNotes;
import dev.aftermath.pagerduty.PagerDutySignature;
import dev.aftermath.processapi.PostmortemProcess.Elements;
import dev.aftermath.support.Drafts;

/** The PagerDuty incident an incident came from gets one note with the post-mortem's link at publication. */
class PagerDutyNoteTest extends IntegrationTestSupport {

    @Autowired PagerDutyApiProperties pagerDuty;
    @Autowired PagerDutyNotes notes;
    @Autowired JdbcClient jdbc;

    @BeforeEach
    void pointPagerDutyAtWireMock() {
        wireMock.resetAll();
        pagerDuty.setBaseUrl(wireMockUrl());
        pagerDuty.setKey("pd-api-key");
        pagerDuty.setFrom("aftermath-bot@example.com");
    }

    @AfterEach
    void switchPagerDutyOff() {
        pagerDuty.setKey("");
        pagerDuty.setBaseUrl("");
    }

    /** An incident arrives from PagerDuty's webhook (signed), resolved an hour ago. */
    private ProcessInstance fromPagerDuty(String pdId) throws Exception {
        ObjectNode root = (ObjectNode) objectMapper.readTree(Files.readString(
                Path.of("src/test/resources/pagerduty/incident-resolved.json")));
        ObjectNode event = (ObjectNode) root.get("event");
        Instant resolved = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        event.put("occurred_at", resolved.toString());
        ((ObjectNode) event.get("data")).put("id", pdId);
        ((ObjectNode) event.get("data")).put("created_at", resolved.minus(50, ChronoUnit.MINUTES).toString());
        String body = objectMapper.writeValueAsString(root);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/webhooks/pagerduty")).header("Content-Type", "application/json")
                .header("X-PagerDuty-Signature", PagerDutySignature.sign(body.getBytes(StandardCharsets.UTF_8),
                        "test-webhook-secret"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        String pi = objectMapper.readTree(r.body()).path("processInstanceId").asText();
        continueAfterDecision(pi);
        assertThat(jdbc.sql("select pagerduty_incident_id from am_incident where id = ?").param(pdId)
                .query(String.class).single()).isEqualTo(pdId);
        ProcessInstance instance = runtimeService.createProcessInstanceQuery().processInstanceId(pi).singleResult();
        completeTask(instance, Elements.TASK_ASSIGN_ROLES, Map.of("author", "priya", "facilitator", "carlos"));
        return instance;
    }

    private void completeTask(ProcessInstance pi, String key, Map<String, Object> vars) {
        Task task = taskService.createTaskQuery().processInstanceId(pi.getId()).taskDefinitionKey(key).singleResult();
        assertThat(task).as("task " + key).isNotNull();
        taskService.complete(task.getId(), vars);
    }

    /** Draft, meeting, finalisation and approval; the publication steps' jobs are left to the caller. */
    private void toApproval(ProcessInstance pi) {
        completeTask(pi, Elements.TASK_WRITE_DRAFT, Drafts.goodDraft());
        completeTask(pi, Elements.TASK_SCHEDULE_MEETING, Map.of("meetingStart", meetingStart(), "attendees", "mia"));
        runAsyncJobs();
        fireTimer(pi, Elements.TIMER_MEETING_START);
        completeTask(pi, Elements.TASK_HOLD_MEETING, Drafts.goodMeeting());
        completeTask(pi, Elements.TASK_FINALIZE, Map.of());
        completeTask(pi, Elements.TASK_APPROVE, Map.of("approved", true));
    }

    @Test
    void a_pagerduty_born_incident_gets_one_note_with_the_link_even_after_a_lost_answer() throws Exception {
        String pdId = "PD" + System.nanoTime();
        String notesUrl = "/incidents/" + pdId + "/notes";
        wireMock.stubFor(get(urlEqualTo(notesUrl)).inScenario("note").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"notes\":[]}")));
        wireMock.stubFor(post(urlEqualTo(notesUrl)).inScenario("note").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("added"));
        String library = "http://localhost:0/library/" + pdId;
        wireMock.stubFor(get(urlEqualTo(notesUrl)).inScenario("note").whenScenarioStateIs("added")
                .willReturn(okJson("{\"notes\":[{\"id\":\"PNOTE1\",\"content\":\"The post-mortem of this incident was "
                        + "published: A little bump in the road\\n\\nPost-mortem: " + library + "\"}]}")));
        ProcessInstance pi = fromPagerDuty(pdId);
        toApproval(pi);
        Job publishExternally = null;
        for (int i = 0; i < 5 && publishExternally == null; i++) {
            runJobsTolerant();
            publishExternally = managementService.createJobQuery().processInstanceId(pi.getId())
                    .activityId(Elements.PUBLISH_EXTERNALLY).singleResult();
        }
        assertThat(publishExternally).as("the failed note step waits for its retry").isNotNull();
        assertThat(publishExternally.getRetries()).isLessThan(5);
        assertThat(publishExternally.getExceptionMessage()).contains("PagerDuty");
        managementService.executeJob(publishExternally.getId()); // the retry finds the note it added
        runAsyncJobs();

        List<LoggedRequest> posts = wireMock.findAll(postRequestedFor(urlEqualTo(notesUrl)));
        assertThat(posts).hasSize(1);
        assertThat(posts.get(0).getHeader("Authorization")).isEqualTo("Token token=pd-api-key");
        assertThat(posts.get(0).getHeader("From")).isEqualTo("aftermath-bot@example.com");
        JsonNode note = objectMapper.readTree(posts.get(0).getBodyAsString()).path("note");
        assertThat(note.path("content").asText()).contains("Post-mortem: " + library)
                .contains("A little bump in the road");
        assertThat(jdbc.sql("select note_id from am_pagerduty_note where incident_id = ?").param(pdId)
                .query(String.class).single()).isEqualTo("PNOTE1");
        // published again (a retried step): recorded, nothing sent
        int calls = wireMock.getAllServeEvents().size();
        notes.published(pdId, "again");
        assertThat(wireMock.getAllServeEvents()).hasSize(calls);
        assertThat(subjects("alex")).anyMatch(s -> s.contains("Post-mortem published"));
    }

    @Test
    void incidents_from_elsewhere_and_restricted_ones_get_no_note() throws Exception {
        // not from PagerDuty
        Map<String, Object> payload = incident(newIncidentId("INC-NOT-PD"), "SEV1", Duration.ofHours(1));
        publish(payload, Drafts.goodDraft(), Map.of(), Drafts.goodMeeting(), Map.of());
        // from PagerDuty, but restricted
        String pdId = "PDR" + System.nanoTime();
        ProcessInstance pi = fromPagerDuty(pdId);
        jdbc.sql("update am_incident set restricted = true where id = ?").param(pdId).update();
        toApproval(pi);
        runAsyncJobs();
        org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat(pi)
                .hasPassed(Elements.PUBLISH_EXTERNALLY, Elements.SEND_PUBLISHED);
        assertThat(wireMock.findAll(anyRequestedFor(anyUrl()))).isEmpty();
        assertThat(jdbc.sql("select count(*) from am_pagerduty_note where incident_id = ?").param(pdId)
                .query(Long.class).single()).isZero();
        assertThat(wireMock.findAll(getRequestedFor(anyUrl()))).isEmpty();
    }
}
