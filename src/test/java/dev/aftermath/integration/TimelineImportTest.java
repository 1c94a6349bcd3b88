package dev.aftermath.integration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.aftermath.chat.SlackSettings;
import dev.aftermath.document.PostmortemDocument.TimelineEntry;
import dev.aftermath.incident.IncidentService;
import dev.aftermath.integration.pagerduty.PagerDutyApiProperties;
import dev.aftermath.integration.pagerduty.PagerDutyNotes;
import dev.aftermath.postmortem.PostmortemRepository;
import dev.aftermath.processapi.PostmortemProcess.Elements;
import dev.aftermath.processapi.TimelineImportProcess;
import dev.aftermath.support.Drafts;

/**
 * Timeline candidates from the incident's Slack channel and the PagerDuty log (both WireMock): imported when the draft
 * is generated, each once; the author accepts or drops them in the draft form or over the API; only accepted ones
 * reach the document and the published page; a source that fails leaves the draft task there and says so.
 */
class TimelineImportTest extends IntegrationTestSupport {

    private static final String CHANNEL = "C0INCIDENT";

    @Autowired TimelineImportProperties importProperties;
    @Autowired PagerDutyApiProperties pagerDuty;
    @Autowired PagerDutyNotes notes;
    @Autowired dev.aftermath.chat.SlackApp slackApp;
    @Autowired IncidentService incidents;
    @Autowired PostmortemRepository postmortems;

    private SlackSettings slackSettings;

    @BeforeEach
    void pointSourcesAtWireMock() {
        wireMock.resetAll();
        importProperties.getSlack().setEnabled(true);
        importProperties.getPagerduty().setEnabled(true);
        slackSettings = slackApp.use(new SlackSettings(wireMockUrl() + "/slack/", "xoxb-test-token",
                "test-signing-secret"));
        pagerDuty.setBaseUrl(wireMockUrl() + "/pd");
        pagerDuty.setKey("pd-api-key");
        pagerDuty.setFrom("aftermath-bot@example.com");
        wireMock.stubFor(get(urlPathMatching("/pd/incidents/.*/notes")).willReturn(okJson("{\"notes\":[]}")));
        wireMock.stubFor(post(urlPathMatching("/pd/incidents/.*/notes"))
                .willReturn(okJson("{\"note\":{\"id\":\"PNOTE\"}}")));
    }

    @AfterEach
    void switchOff() {
        importProperties.getSlack().setEnabled(false);
        importProperties.getPagerduty().setEnabled(false);
        slackApp.use(slackSettings);
        pagerDuty.setKey("");
        pagerDuty.setBaseUrl("");
    }

    /** An incident with its Slack channel that came from PagerDuty incident {@code pd}; waits at the draft. */
    private ProcessInstance startIncident(Map<String, Object> payload, String pd) {
        payload.put("author", "priya");
        payload.put("facilitator", "carlos");
        payload.put("chatChannel", CHANNEL);
        IncidentService.Received received = incidents.receive(objectMapper.valueToTree(payload), "jordan");
        notes.link((String) payload.get("id"), pd);
        continueAfterDecision(received.incident().processInstanceId());
        return runtimeService.createProcessInstanceQuery()
                .processInstanceId(received.incident().processInstanceId()).singleResult();
    }

    private static Instant started(Map<String, Object> payload) {
        return Instant.parse((String) payload.get("startedAt"));
    }

    private static String ts(Instant at) {
        return String.format("%d.%06d", at.getEpochSecond(), at.getNano() / 1000);
    }

    private static Map<String, Object> message(String ts, String user, String text) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "message");
        m.put("ts", ts);
        m.put("user", user);
        m.put("text", text);
        return m;
    }

    /** 30 messages a minute apart from the start (two pinned), in two pages; a join message that is skipped. */
    private void stubSlack(Instant start) throws Exception {
        List<Map<String, Object>> messages = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            messages.add(message(ts(start.plus(i + 1, ChronoUnit.MINUTES)), i % 2 == 0 ? "U1PRIYA" : "U2SAM",
                    "Channel message " + i));
        }
        Map<String, Object> join = message(ts(start.plus(90, ChronoUnit.SECONDS)), "U2SAM", "<@U2SAM> has joined");
        join.put("subtype", "channel_join");
        // Slack answers newest first
        List<Map<String, Object>> newestFirst = new ArrayList<>(messages);
        java.util.Collections.reverse(newestFirst);
        List<Object> page1 = new ArrayList<>(newestFirst.subList(0, 20));
        List<Object> page2 = new ArrayList<>(newestFirst.subList(20, 30));
        page2.add(join);
        wireMock.stubFor(get(urlPathEqualTo("/slack/conversations.history"))
                .withHeader("Authorization", equalTo("Bearer xoxb-test-token"))
                .withQueryParam("channel", equalTo(CHANNEL)).withQueryParam("cursor", absent())
                .willReturn(okJson(objectMapper.writeValueAsString(Map.of("ok", true, "messages", page1,
                        "has_more", true, "response_metadata", Map.of("next_cursor", "bmV4dA=="))))));
        wireMock.stubFor(get(urlPathEqualTo("/slack/conversations.history"))
                .withQueryParam("channel", equalTo(CHANNEL)).withQueryParam("cursor", equalTo("bmV4dA=="))
                .willReturn(okJson(objectMapper.writeValueAsString(Map.of("ok", true, "messages", page2,
                        "has_more", false, "response_metadata", Map.of("next_cursor", ""))))));
        List<Object> pins = new ArrayList<>();
        for (int i : new int[] {7, 20}) {
            Map<String, Object> pinned = new LinkedHashMap<>(messages.get(i));
            pinned.put("permalink", "https://acme.slack.com/archives/" + CHANNEL + "/p"
                    + ((String) pinned.get("ts")).replace(".", ""));
            pins.add(Map.of("type", "message", "channel", CHANNEL, "message", pinned));
        }
        wireMock.stubFor(get(urlPathEqualTo("/slack/pins.list")).withQueryParam("channel", equalTo(CHANNEL))
                .willReturn(okJson(objectMapper.writeValueAsString(Map.of("ok", true, "items", pins)))));
        wireMock.stubFor(get(urlPathEqualTo("/slack/auth.test"))
                .willReturn(okJson("{\"ok\":true,\"url\":\"https://acme.slack.com/\",\"team\":\"Acme\"}")));
        wireMock.stubFor(get(urlPathEqualTo("/slack/users.info")).withQueryParam("user", equalTo("U1PRIYA"))
                .willReturn(okJson("{\"ok\":true,\"user\":{\"id\":\"U1PRIYA\",\"name\":\"priya.k\","
                        + "\"real_name\":\"Priya K\",\"profile\":{\"email\":\"priya@aftermath.example\"}}}")));
        wireMock.stubFor(get(urlPathEqualTo("/slack/users.info")).withQueryParam("user", equalTo("U2SAM"))
                .willReturn(okJson("{\"ok\":true,\"user\":{\"id\":\"U2SAM\",\"name\":\"sam\","
                        + "\"real_name\":\"Sam Outside\",\"profile\":{\"email\":\"sam@elsewhere.example\"}}}")));
    }

    /** 12 log entries, 5 minutes apart from start + 30 s, in two pages (offset/more). */
    private void stubPagerDuty(String pd, Instant start) throws Exception {
        List<Object> entries = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", "RLOG" + i);
            e.put("type", i == 0 ? "trigger_log_entry" : "annotate_log_entry");
            e.put("summary", "PagerDuty entry " + i);
            e.put("created_at", start.plus(i * 5L, ChronoUnit.MINUTES).plusSeconds(30).toString());
            e.put("agent", Map.of("type", "user_reference", "summary", "Dana On-call"));
            e.put("html_url", "https://acme.pagerduty.com/incidents/" + pd + "/log_entries/RLOG" + i);
            entries.add(e);
        }
        wireMock.stubFor(get(urlPathEqualTo("/pd/incidents/" + pd + "/log_entries"))
                .withHeader("Authorization", equalTo("Token token=pd-api-key"))
                .withQueryParam("offset", equalTo("0"))
                .willReturn(okJson(objectMapper.writeValueAsString(Map.of("log_entries", entries.subList(0, 10),
                        "offset", 0, "limit", 100, "more", true)))));
        wireMock.stubFor(get(urlPathEqualTo("/pd/incidents/" + pd + "/log_entries"))
                .withQueryParam("offset", equalTo("10"))
                .willReturn(okJson(objectMapper.writeValueAsString(Map.of("log_entries", entries.subList(10, 12),
                        "offset", 10, "limit", 100, "more", false)))));
    }

    private JsonNode candidates(String incidentId, String user) throws Exception {
        HttpResponse<String> r = api("GET", "/api/postmortems/" + incidentId + "/timeline-candidates", user, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return objectMapper.readTree(r.body());
    }

    private JsonNode candidate(JsonNode list, String text) {
        for (JsonNode c : list.path("candidates")) {
            if (c.path("text").asText().equals(text)) {
                return c;
            }
        }
        throw new AssertionError("no candidate " + text + " in " + list);
    }

    private Task task(ProcessInstance pi, String key) {
        return taskService.createTaskQuery().processInstanceId(pi.getId()).taskDefinitionKey(key).singleResult();
    }

    @Test
    void channel_messages_and_pagerduty_log_become_candidates_and_only_accepted_ones_reach_the_document()
            throws Exception {
        String id = newIncidentId("INC-IMPORT");
        String pd = "PDIMP" + System.nanoTime();
        Map<String, Object> payload = incident(id, "SEV2", Duration.ofHours(2));
        Instant start = started(payload);
        stubSlack(start);
        stubPagerDuty(pd, start);
        ProcessInstance pi = startIncident(payload, pd);

        // the draft task is there before any source was asked; one import step per source waits
        assertThat(task(pi, Elements.TASK_WRITE_DRAFT)).isNotNull();
        assertThat(wireMock.getAllServeEvents()).isEmpty();
        List<Job> importJobs = managementService.createJobQuery().processDefinitionKey(TimelineImportProcess.KEY)
                .list().stream().filter(j -> id.equals(j.getProcessInstanceId() == null ? null
                        : runtimeService.createProcessInstanceQuery().processInstanceId(j.getProcessInstanceId())
                        .singleResult().getBusinessKey())).toList();
        assertThat(importJobs).hasSize(2);
        runAsyncJobs();

        JsonNode list = candidates(id, "priya");
        assertThat(list.path("candidates")).hasSize(42);
        assertThat(list.path("candidates").findValuesAsText("source"))
                .filteredOn("slack"::equals).hasSize(30);
        assertThat(list.path("candidates").findValuesAsText("source"))
                .filteredOn("pagerduty"::equals).hasSize(12);
        assertThat(list.path("imports").findValuesAsText("status")).containsExactly("OK", "OK");
        // pinned first; the channel_join message is not a candidate
        assertThat(list.path("candidates").get(0).path("text").asText()).isEqualTo("Channel message 7");
        assertThat(list.path("candidates").get(1).path("text").asText()).isEqualTo("Channel message 20");
        assertThat(list.path("candidates").get(0).path("pinned").asBoolean()).isTrue();
        assertThat(list.toString()).doesNotContain("has joined");
        // the Slack user known by e-mail is the directory user; the other keeps the Slack name
        JsonNode fromPriya = candidate(list, "Channel message 4");
        assertThat(fromPriya.path("actor").asText()).isEqualTo("priya");
        assertThat(candidate(list, "Channel message 5").path("actor").asText()).isEqualTo("Sam Outside");
        String ts4 = ts(start.plus(5, ChronoUnit.MINUTES));
        assertThat(fromPriya.path("link").asText())
                .isEqualTo("https://acme.slack.com/archives/" + CHANNEL + "/p" + ts4.replace(".", ""));
        assertThat(wireMock.findAll(getRequestedFor(urlPathEqualTo("/slack/conversations.history")))).hasSize(2);
        assertThat(wireMock.findAll(getRequestedFor(urlPathEqualTo("/pd/incidents/" + pd + "/log_entries"))))
                .hasSize(2);

        // the import step again (a retry after a lost commit, a second run): nothing twice
        for (String source : List.of("slack", "pagerduty")) {
            Map<String, Object> vars = new HashMap<>();
            TimelineImportProcess.Vars.SOURCE.put(vars, source);
            runtimeService.startProcessInstanceByKey(TimelineImportProcess.KEY, id, vars);
        }
        runAsyncJobs();
        assertThat(candidates(id, "priya").path("candidates")).hasSize(42);

        // the draft form lists the 42 undecided candidates
        Task draft = task(pi, Elements.TASK_WRITE_DRAFT);
        JsonNode inForm = objectMapper.readTree(taskService.getVariable(draft.getId(), "timelineCandidates")
                .toString());
        assertThat(inForm).hasSize(42);
        assertThat(inForm.get(0).path("decision").asText()).isEmpty();

        // the author accepts a PagerDuty entry (10:30 in) and a message (4:00 in), drops another; leaves the rest
        JsonNode pdEntry = candidate(list, "PagerDuty entry 2");
        JsonNode dropped = candidate(list, "Channel message 9");
        List<Map<String, Object>> decisions = new ArrayList<>();
        for (JsonNode c : inForm) {
            @SuppressWarnings("unchecked")
            Map<String, Object> item = objectMapper.convertValue(c, Map.class);
            String text = c.path("text").asText();
            item.put("decision", text.equals("PagerDuty entry 2") || text.equals("Channel message 4") ? "accept"
                    : text.equals("Channel message 9") ? "drop" : "");
            decisions.add(item);
        }
        Map<String, Object> form = Drafts.goodDraft();
        form.put("timelineCandidates", Drafts.json(objectMapper.writeValueAsString(decisions)));
        taskService.complete(draft.getId(), form);

        List<TimelineEntry> timeline = postmortems.find(id).orElseThrow().document().timeline();
        List<String> events = timeline.stream().map(TimelineEntry::event).toList();
        assertThat(events).contains("Channel message 4", "PagerDuty entry 2").doesNotContain("Channel message 9",
                "Channel message 5", "PagerDuty entry 3");
        assertThat(events.indexOf("Channel message 4")).isLessThan(events.indexOf("PagerDuty entry 2"));
        assertThat(events.indexOf("DB not accepting connections")).isGreaterThan(events.indexOf("PagerDuty entry 2"));
        List<Instant> times = timeline.stream().map(e -> Instant.parse(e.at())).toList();
        assertThat(times).isSorted();
        TimelineEntry accepted = timeline.get(events.indexOf("Channel message 4"));
        assertThat(accepted.actor()).isEqualTo("priya");
        assertThat(accepted.source()).isEqualTo(fromPriya.path("link").asText());
        TimelineEntry acceptedPd = timeline.get(events.indexOf("PagerDuty entry 2"));
        assertThat(acceptedPd.actor()).isEqualTo("Dana On-call");
        assertThat(acceptedPd.source()).isEqualTo(pdEntry.path("link").asText());

        JsonNode after = candidates(id, "priya");
        assertThat(candidate(after, "Channel message 9").path("status").asText()).isEqualTo("DROPPED");
        assertThat(candidate(after, "Channel message 4").path("status").asText()).isEqualTo("ACCEPTED");
        assertThat(after.path("candidates").findValuesAsText("status")).filteredOn("PROPOSED"::equals).hasSize(39);
        assertThat(objectMapper.readTree(runtimeService.getVariable(pi.getId(), "timelineCandidates").toString()))
                .hasSize(39);

        // over the API: a dropped candidate cannot come back; an accepted one joins the running draft
        HttpResponse<String> again = api("POST", "/api/postmortems/" + id + "/timeline-candidates/"
                + dropped.path("id").asText(), "priya", "{\"decision\":\"accept\"}");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
        JsonNode later = candidate(after, "PagerDuty entry 7");
        HttpResponse<String> accept = api("POST", "/api/postmortems/" + id + "/timeline-candidates/"
                + later.path("id").asText(), "carlos", "{\"decision\":\"accept\"}");
        assertThat(accept.statusCode()).as(accept.body()).isEqualTo(200);
        assertThat(objectMapper.readTree(accept.body()).path("status").asText()).isEqualTo("ACCEPTED");
        HttpResponse<String> bad = api("POST", "/api/postmortems/" + id + "/timeline-candidates/"
                + candidate(after, "PagerDuty entry 8").path("id").asText(), "priya", "{\"decision\":\"maybe\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("decision");
        assertThat(api("GET", "/api/postmortems/" + id + "/timeline-candidates", "alex", null).statusCode())
                .isEqualTo(403);
        assertThat(api("GET", "/api/postmortems/" + id + "/timeline-candidates", null, null).statusCode())
                .isEqualTo(401);

        // on to publication: the published page has the accepted entries, never the dropped or unreviewed ones
        completeTaskOf(pi, Elements.TASK_SCHEDULE_MEETING, Map.of("meetingStart", meetingStart(), "attendees",
                "mia"));
        runAsyncJobs();
        fireTimer(pi, Elements.TIMER_MEETING_START);
        completeTaskOf(pi, Elements.TASK_HOLD_MEETING, Drafts.goodMeeting());
        completeTaskOf(pi, Elements.TASK_FINALIZE, Map.of());
        completeTaskOf(pi, Elements.TASK_APPROVE, Map.of("approved", true));
        runAsyncJobs();
        List<String> published = postmortems.find(id).orElseThrow().document().timeline().stream()
                .map(TimelineEntry::event).toList();
        assertThat(published).contains("Channel message 4", "PagerDuty entry 2", "PagerDuty entry 7")
                .doesNotContain("Channel message 9", "Channel message 5");
        HttpResponse<String> page = api("GET", "/library/" + id, "mia", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Channel message 4", "PagerDuty entry 2")
                .doesNotContain("Channel message 9").doesNotContain("Channel message 5");
        assertThat(api("POST", "/api/postmortems/" + id + "/timeline-candidates/"
                + candidate(after, "PagerDuty entry 8").path("id").asText(), "priya", "{\"decision\":\"accept\"}")
                .statusCode()).isEqualTo(409);
    }

    @Test
    void a_source_answering_500_leaves_the_draft_task_and_shows_the_failure_until_a_retry_succeeds()
            throws Exception {
        String id = newIncidentId("INC-IMPORT500");
        String pd = "PDFAIL" + System.nanoTime();
        Map<String, Object> payload = incident(id, "SEV2", Duration.ofHours(2));
        Instant start = started(payload);
        stubPagerDuty(pd, start);
        wireMock.stubFor(get(urlPathEqualTo("/slack/pins.list"))
                .willReturn(aResponse().withStatus(500).withBody("upstream down")));
        ProcessInstance pi = startIncident(payload, pd);
        runJobsTolerant();

        assertThat(task(pi, Elements.TASK_WRITE_DRAFT)).as("the draft task comes anyway").isNotNull();
        JsonNode list = candidates(id, "priya");
        assertThat(list.path("candidates")).hasSize(12); // PagerDuty's entries are in
        JsonNode slack = null;
        for (JsonNode i : list.path("imports")) {
            if ("slack".equals(i.path("source").asText())) {
                slack = i;
            }
        }
        assertThat(slack).isNotNull();
        assertThat(slack.path("status").asText()).isEqualTo("FAILED");
        assertThat(slack.path("error").asText()).contains("500");
        Job failed = managementService.createJobQuery().processDefinitionKey(TimelineImportProcess.KEY)
                .withException().list().stream().filter(j -> id.equals(runtimeService.createProcessInstanceQuery()
                        .processInstanceId(j.getProcessInstanceId()).singleResult().getBusinessKey()))
                .findFirst().orElseThrow();
        assertThat(failed.getRetries()).isLessThan(5);
        assertThat(failed.getExceptionMessage()).contains("Slack").contains("500");

        // Slack is back: the retry imports the channel
        wireMock.resetAll();
        stubSlack(start);
        stubPagerDuty(pd, start);
        managementService.executeJob(failed.getId());
        JsonNode after = candidates(id, "priya");
        assertThat(after.path("candidates")).hasSize(42);
        assertThat(after.path("imports").findValuesAsText("status")).containsExactly("OK", "OK");
        assertThat(objectMapper.readTree(runtimeService.getVariable(pi.getId(), "timelineCandidates").toString()))
                .hasSize(42);
    }

    private void completeTaskOf(ProcessInstance pi, String key, Map<String, Object> vars) {
        Task t = task(pi, key);
        assertThat(t).as("task " + key).isNotNull();
        taskService.complete(t.getId(), vars);
    }
}
