package dev.aftermath.integration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.aftermath.actionitem.ActionItem;
import dev.aftermath.processapi.ActionItemProcess.Elements;
import dev.aftermath.actionitem.ActionItemRepository;
import dev.aftermath.actionitem.ActionItemState;
import dev.aftermath.processapi.TicketSyncProcess;
import dev.aftermath.integration.jira.JiraProperties;
import dev.aftermath.security.IncidentAccess;

/** Action items as Jira issues, both ways, against a WireMock Jira. */
class JiraIntegrationTest extends IntegrationTestSupport {

    static final String SECRET = "jira-webhook-secret";
    static final String API = "/rest/api/3";

    @Autowired JiraProperties jira;
    @Autowired ActionItemRepository items;
    @Autowired JdbcClient jdbc;
    @Autowired IncidentAccess access;

    private int issueNumber;

    @BeforeEach
    void pointJiraAtWireMock() {
        wireMock.resetAll();
        jira.setBaseUrl(wireMockUrl());
        jira.setUserEmail("aftermath-bot@example.com");
        jira.setApiToken("token-123");
        jira.setProjectKey("OPS");
        jira.setWebhookSecret(SECRET);
        wireMock.stubFor(get(urlPathEqualTo(API + "/user/search")).withQueryParam("query", equalTo("alex@aftermath.example"))
                .willReturn(okJson("[{\"accountId\":\"acc-alex\",\"emailAddress\":\"alex@aftermath.example\"}]")));
        wireMock.stubFor(get(urlPathEqualTo(API + "/user/search")).withQueryParam("query", equalTo("priya@aftermath.example"))
                .willReturn(okJson("[{\"accountId\":\"acc-priya\",\"emailAddress\":\"priya@aftermath.example\"}]")));
        wireMock.stubFor(get(urlPathEqualTo(API + "/search/jql")).willReturn(okJson("{\"issues\":[]}")));
        wireMock.stubFor(get(urlPathMatching(API + "/issue/[A-Z]+-\\d+/comment")).willReturn(okJson("{\"comments\":[]}")));
        wireMock.stubFor(post(urlPathMatching(API + "/issue/[A-Z]+-\\d+/comment")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"1\"}")));
        wireMock.stubFor(put(urlPathMatching(API + "/issue/[A-Z]+-\\d+(/assignee)?")).willReturn(aResponse().withStatus(204)));
        wireMock.stubFor(get(urlPathMatching(API + "/issue/[A-Z]+-\\d+")).willReturn(okJson(
                "{\"fields\":{\"status\":{\"statusCategory\":{\"key\":\"indeterminate\"}}}}")));
        wireMock.stubFor(get(urlPathMatching(API + "/issue/[A-Z]+-\\d+/transitions")).willReturn(okJson(
                "{\"transitions\":[{\"id\":\"21\",\"name\":\"In Progress\",\"to\":{\"statusCategory\":{\"key\":\"indeterminate\"}}},"
                        + "{\"id\":\"31\",\"name\":\"Done\",\"to\":{\"statusCategory\":{\"key\":\"done\"}}}]}")));
        wireMock.stubFor(post(urlPathMatching(API + "/issue/[A-Z]+-\\d+/transitions")).willReturn(aResponse().withStatus(204)));
    }

    @AfterEach
    void switchJiraOff() {
        jira.setBaseUrl("");
        jira.setWebhookSecret("");
    }

    private void issueCreatedAs(String key) {
        wireMock.stubFor(post(urlEqualTo(API + "/issue")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"100" + (++issueNumber) + "\",\"key\":\"" + key + "\"}")));
    }

    /** A closed incident whose published post-mortem names the root cause (what the issue says the item is for). */
    private String incidentWithPostmortem(String prefix) throws Exception {
        String id = newIncident(prefix);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.sql("insert into am_postmortem (incident_id, status, document, review_rounds, created_at, updated_at, "
                        + "published_at, root_cause, cause_category) values (?, 'PUBLISHED', '{}', 1, ?, ?, ?, ?, ?)")
                .params(id, now, now, now, "The connection pool was sized for last year's traffic.\n\nSecond paragraph "
                        + "that is not part of the issue.", "CAPACITY").update();
        return id;
    }

    private ProcessInstance itemWithIssue(String prefix, String key) throws Exception {
        issueCreatedAs(key);
        String incidentId = incidentWithPostmortem(prefix);
        ProcessInstance pi = startItem(incidentId, 1, "alex", LocalDate.now().plusDays(10), "HIGH");
        runAsyncJobs();
        assertThat(items.find(pi.getBusinessKey()).orElseThrow().ticketKey()).isEqualTo(key);
        return pi;
    }

    private List<JsonNode> bodies(List<LoggedRequest> requests) throws Exception {
        List<JsonNode> result = new ArrayList<>();
        for (LoggedRequest r : requests) {
            result.add(objectMapper.readTree(r.getBodyAsString()));
        }
        return result;
    }

    private List<String> commentTexts(String key) throws Exception {
        List<String> texts = new ArrayList<>();
        for (JsonNode b : bodies(wireMock.findAll(postRequestedFor(urlEqualTo(API + "/issue/" + key + "/comment"))))) {
            StringBuilder s = new StringBuilder();
            b.path("body").findValues("text").forEach(t -> s.append(t.asText()));
            texts.add(s.toString());
        }
        return texts;
    }

    @Test
    void an_item_becomes_an_issue_with_every_field_of_the_seed_and_its_key_and_url_are_stored() throws Exception {
        issueCreatedAs("OPS-1");
        String incidentId = incidentWithPostmortem("INC:JIRA"); // Jira labels allow no ':' or spaces
        ProcessInstance pi = startItem(incidentId, 1, "alex", LocalDate.now().plusDays(10), "HIGH");
        // nothing leaves the transaction that started the item
        assertThat(wireMock.getAllServeEvents()).isEmpty();
        runAsyncJobs();

        List<LoggedRequest> creates = wireMock.findAll(postRequestedFor(urlEqualTo(API + "/issue")));
        assertThat(creates).hasSize(1);
        assertThat(creates.get(0).getHeader("Authorization")).isEqualTo("Basic " + java.util.Base64.getEncoder()
                .encodeToString("aftermath-bot@example.com:token-123".getBytes(StandardCharsets.UTF_8)));
        JsonNode fields = objectMapper.readTree(creates.get(0).getBodyAsString()).get("fields");
        assertThat(fields.path("project").path("key").asText()).isEqualTo("OPS");
        assertThat(fields.path("issuetype").path("name").asText()).isEqualTo("Task");
        assertThat(fields.path("summary").asText()).isEqualTo("Alert at 80% pool saturation on payments-db");
        assertThat(fields.path("assignee").path("accountId").asText()).isEqualTo("acc-alex");
        assertThat(fields.path("duedate").asText()).isEqualTo(LocalDate.now().plusDays(10).toString());
        assertThat(fields.path("priority").path("name").asText()).isEqualTo("High");
        List<String> labels = new ArrayList<>();
        fields.path("labels").forEach(l -> labels.add(l.asText()));
        String sanitized = incidentId.replace(':', '-');
        assertThat(labels).containsExactly("post-mortem", sanitized, "capacity", "aftermath-" + sanitized + "-AI-1");
        assertThat(labels).allMatch(l -> !l.contains(" "));
        JsonNode description = fields.path("description");
        assertThat(description.path("type").asText()).isEqualTo("doc");
        assertThat(description.path("version").asInt()).isEqualTo(1);
        String text = String.join("", description.findValues("text").stream().map(JsonNode::asText).toList());
        assertThat(text).contains("incident " + incidentId).contains("Why this item exists: The connection pool was "
                        + "sized for last year's traffic.").doesNotContain("Second paragraph")
                .contains("Priority: HIGH").contains("/library/");
        List<String> links = description.findValues("href").stream().map(JsonNode::asText).toList();
        assertThat(links).anyMatch(l -> l.endsWith("/library/" + incidentId.replace(":", "%3A")));

        ActionItem item = items.find(pi.getBusinessKey()).orElseThrow();
        assertThat(item.ticketKey()).isEqualTo("OPS-1");
        assertThat(item.ticket()).isEqualTo(wireMockUrl() + "/browse/OPS-1");
        assertThat(item.history()).anyMatch(h -> "TICKET_CREATED".equals(h.action()) && h.rationale().contains("OPS-1"));
        // shown wherever the ticket is shown: the item API
        HttpResponse<String> r = api("GET", "/api/action-items/" + incidentId + "/AI-1", "demo", null);
        assertThat(objectMapper.readTree(r.body()).path("ticket").asText()).endsWith("/browse/OPS-1");
        assertThat(objectMapper.readTree(r.body()).path("ticketKey").asText()).isEqualTo("OPS-1");
    }

    @Test
    void a_lost_answer_and_a_retry_create_one_issue() throws Exception {
        String incidentId = incidentWithPostmortem("INC-JIRA-LOST");
        String label = "aftermath-" + incidentId + "-AI-1";
        wireMock.stubFor(post(urlEqualTo(API + "/issue")).inScenario("lost").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("created"));
        wireMock.stubFor(get(urlPathEqualTo(API + "/search/jql")).inScenario("lost").whenScenarioStateIs("created")
                .willReturn(okJson("{\"issues\":[{\"id\":\"10077\",\"key\":\"OPS-77\"}]}")));
        ProcessInstance pi = startItem(incidentId, 1, "alex", LocalDate.now().plusDays(10), "MEDIUM");
        var externalTasks = processEngine.getExternalTaskService();
        var create = externalTasks.createExternalTaskQuery().processInstanceId(pi.getId())
                .activityId(Elements.CREATE_TICKET).singleResult();
        org.assertj.core.api.Assertions.assertThat(ticketWorker.runOnce()).isEqualTo(1);
        org.assertj.core.api.Assertions.assertThat(externalTasks.createExternalTaskQuery()
                .externalTaskId(create.getId()).singleResult().getErrorMessage()).contains("Jira");
        assertThat(items.find(pi.getBusinessKey()).orElseThrow().ticketKey()).isNull();
        externalTasks.unlock(create.getId());
        ticketWorker.runOnce(); // the retry

        assertThat(wireMock.findAll(postRequestedFor(urlEqualTo(API + "/issue")))).hasSize(1);
        List<LoggedRequest> searches = wireMock.findAll(com.github.tomakehurst.wiremock.client.WireMock
                .getRequestedFor(urlPathEqualTo(API + "/search/jql")));
        assertThat(searches).hasSize(2).allMatch(s -> s.queryParameter("jql").firstValue()
                .equals("labels = \"" + label + "\""));
        assertThat(items.find(pi.getBusinessKey()).orElseThrow().ticketKey()).isEqualTo("OPS-77");
    }

    @Test
    void each_ladder_step_is_a_comment_in_order_and_the_dropped_item_closes_with_wont_do() throws Exception {
        ProcessInstance pi = itemWithIssue("INC-JIRA-LADDER", "OPS-2");
        for (String t : List.of(Elements.TIMER_REMINDER, Elements.TIMER_DUE, Elements.TIMER_WEEK1, Elements.TIMER_WEEK2,
                Elements.TIMER_WEEK3, Elements.TIMER_WEEK4)) {
            fireTimer(pi, t);
        }
        List<String> comments = commentTexts("OPS-2");
        assertThat(comments).hasSize(6);
        assertThat(comments.get(0)).startsWith("Reminder from Aftermath");
        assertThat(comments.get(1)).startsWith("Overdue:");
        assertThat(comments.get(2)).startsWith("Escalation level 1").contains("tech leads");
        assertThat(comments.get(3)).startsWith("Escalation level 2").contains("standup");
        assertThat(comments.get(4)).startsWith("Escalation level 3").contains("engineering managers were mailed");
        assertThat(comments.get(5)).startsWith("Escalation level 4").contains("must now decide");
        // each comment carries its intent, so a retry finds it instead of adding it twice
        assertThat(bodies(wireMock.findAll(postRequestedFor(urlEqualTo(API + "/issue/OPS-2/comment")))))
                .allMatch(b -> b.path("properties").get(0).path("key").asText().equals("aftermath"));

        Task decide = taskService.createTaskQuery().processInstanceId(pi.getId())
                .taskDefinitionKey(Elements.TASK_DECIDE).singleResult();
        taskService.complete(decide.getId(), Map.of("decision", "DROP",
                "rationale", "The pool is replaced by the new proxy next quarter anyway."));
        runAsyncJobs();
        comments = commentTexts("OPS-2");
        assertThat(comments).hasSize(7);
        assertThat(comments.get(6)).startsWith("Dropped in Aftermath").contains("replaced by the new proxy");
        List<JsonNode> transitions = bodies(wireMock.findAll(postRequestedFor(urlEqualTo(API + "/issue/OPS-2/transitions"))));
        assertThat(transitions).hasSize(1);
        assertThat(transitions.get(0).path("transition").path("id").asText()).isEqualTo("31");
        assertThat(transitions.get(0).path("fields").path("resolution").path("name").asText()).isEqualTo("Won't Do");
        // the comment came before the transition
        List<com.github.tomakehurst.wiremock.stubbing.ServeEvent> events = new ArrayList<>(wireMock.getAllServeEvents());
        java.util.Collections.reverse(events);
        int lastComment = -1;
        int transition = -1;
        for (int i = 0; i < events.size(); i++) {
            String url = events.get(i).getRequest().getUrl();
            String method = events.get(i).getRequest().getMethod().getName();
            if (method.equals("POST") && url.endsWith("/comment")) {
                lastComment = i;
            }
            if (method.equals("POST") && url.endsWith("/transitions")) {
                transition = i;
            }
        }
        assertThat(lastComment).isLessThan(transition);
        // executing the same intents again sends nothing twice
        assertThat(jdbc.sql("select count(*) from am_ticket_sync where item_id = ?").param(pi.getBusinessKey())
                .query(Long.class).single()).isEqualTo(7);
    }

    @Test
    void done_in_aftermath_closes_the_issue_with_a_comment_and_reprioritising_moves_its_due_date() throws Exception {
        ProcessInstance pi = itemWithIssue("INC-JIRA-DONE", "OPS-3");
        climbToFollowUp(pi);
        Task followUp = taskService.createTaskQuery().processInstanceId(pi.getId())
                .taskDefinitionKey(Elements.TASK_FOLLOW_UP).singleResult();
        LocalDate newDue = LocalDate.now().plusDays(30);
        taskService.complete(followUp.getId(), Map.of("followUpNotes", "Blocked by the load-test rig; new date agreed",
                "newDueDate", newDue.toString()));
        runAsyncJobs();
        List<JsonNode> dueDates = bodies(wireMock.findAll(putRequestedFor(urlEqualTo(API + "/issue/OPS-3"))));
        assertThat(dueDates).hasSize(1);
        assertThat(dueDates.get(0).path("fields").path("duedate").asText()).isEqualTo(newDue.toString());
        assertThat(commentTexts("OPS-3")).last().asString().startsWith("New due date " + newDue);

        Task complete = taskService.createTaskQuery().processInstanceId(pi.getId())
                .taskDefinitionKey(Elements.TASK_COMPLETE).singleResult();
        taskService.complete(complete.getId(), Map.of("resolution", "Alert rule added to the payments dashboard"));
        runAsyncJobs();
        assertThat(commentTexts("OPS-3")).last().asString().startsWith("Done in Aftermath")
                .contains("Alert rule added");
        List<JsonNode> transitions = bodies(wireMock.findAll(postRequestedFor(urlEqualTo(API + "/issue/OPS-3/transitions"))));
        assertThat(transitions).hasSize(1);
        assertThat(transitions.get(0).path("transition").path("id").asText()).isEqualTo("31");
        assertThat(transitions.get(0).has("fields")).isFalse();
    }

    private void climbToFollowUp(ProcessInstance pi) {
        for (String t : List.of(Elements.TIMER_REMINDER, Elements.TIMER_DUE, Elements.TIMER_WEEK1)) {
            fireTimer(pi, t);
        }
    }

    // ------------------------------------------------------------------ webhook

    private HttpResponse<String> webhook(String body, String signature, String delivery) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/webhooks/jira"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (signature != null) {
            b.header("X-Hub-Signature", signature);
        }
        if (delivery != null) {
            b.header("X-Atlassian-Webhook-Identifier", delivery);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sign(String body) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private String updated(String key, String fields, String changelog) {
        return "{\"timestamp\":" + Instant.now().toEpochMilli() + ",\"webhookEvent\":\"jira:issue_updated\","
                + "\"user\":{\"accountId\":\"acc-mia\",\"displayName\":\"Mia Tech Lead\",\"emailAddress\":\"mia@aftermath.example\"},"
                + "\"issue\":{\"id\":\"1\",\"key\":\"" + key + "\",\"fields\":{" + fields + "}},"
                + "\"changelog\":{\"id\":\"" + System.nanoTime() + "\",\"items\":[" + changelog + "]}}";
    }

    @Test
    void a_signed_webhook_with_nul_or_a_lone_surrogate_in_what_it_stores_is_refused_naming_the_field()
            throws Exception {
        ProcessInstance pi = itemWithIssue("INC-JIRA-HOOK-NUL", "OPS-77");
        String nul = updated("OPS-77", "\"status\":{\"name\":\"Done\",\"statusCategory\":{\"key\":\"done\"}},"
                + "\"resolution\":{\"name\":\"Fixed\\u0000\"}", "{\"field\":\"status\",\"toString\":\"Done\"}");
        String surrogate = updated("OPS-77", "\"assignee\":{\"accountId\":\"acc-x\",\"displayName\":\"Eve \\ud800\"}",
                "{\"field\":\"assignee\",\"toString\":\"Eve\"}");
        for (Map.Entry<String, String> c : Map.of(nul, "issue.fields.resolution.name", surrogate,
                "issue.fields.assignee.displayName").entrySet()) {
            HttpResponse<String> r = webhook(c.getKey(), sign(c.getKey()), "d-nul-" + System.nanoTime());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(objectMapper.readTree(r.body()).path("errors").get(0).path("field").asText())
                    .isEqualTo(c.getValue());
        }
        ActionItem item = items.find(pi.getBusinessKey()).orElseThrow();
        assertThat(item.state()).isEqualTo(ActionItemState.OPEN);
        assertThat(item.owner()).isEqualTo("alex");
    }

    @Test
    void done_in_jira_ends_the_item_done_with_the_resolution_and_link_once_and_a_bad_signature_changes_nothing()
            throws Exception {
        ProcessInstance pi = itemWithIssue("INC-JIRA-HOOK", "OPS-4");
        String body = updated("OPS-4", "\"status\":{\"name\":\"Done\",\"statusCategory\":{\"key\":\"done\"}},"
                + "\"resolution\":{\"name\":\"Fixed\"}", "{\"field\":\"status\",\"fromString\":\"To Do\",\"toString\":\"Done\"}");

        assertThat(webhook(body, null, "d-1").statusCode()).isEqualTo(401);
        assertThat(webhook(body, "sha256=" + "00".repeat(32), "d-1").statusCode()).isEqualTo(401);
        assertThat(webhook(body, sign(body.replace("Fixed", "Won't Fix")), "d-1").statusCode()).isEqualTo(401);
        // HTTP Basic does not open this door either
        HttpResponse<String> basic = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/webhooks/jira")).header("Authorization", "Basic ZGVtbzpkZW1v")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(basic.statusCode()).isEqualTo(401);
        assertThat(items.find(pi.getBusinessKey()).orElseThrow().state()).isEqualTo(ActionItemState.OPEN);

        HttpResponse<String> ok = webhook(body, sign(body), "d-1");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(objectMapper.readTree(ok.body()).path("applied").toString()).contains("DONE");
        ActionItem done = items.find(pi.getBusinessKey()).orElseThrow();
        assertThat(done.state()).isEqualTo(ActionItemState.DONE);
        assertThat(done.resolution()).isEqualTo("Resolved in Jira as Fixed: " + wireMockUrl() + "/browse/OPS-4");
        assertThat(done.history()).last().satisfies(h -> {
            assertThat(h.action()).isEqualTo("COMPLETED_IN_JIRA");
            assertThat(h.by()).isEqualTo("mia");
        });
        assertThat(pi).isEnded();
        runAsyncJobs();
        // nothing goes back to Jira: it knows already
        assertThat(wireMock.findAll(postRequestedFor(urlPathMatching(".*/transitions")))).isEmpty();

        // the same delivery again: nothing twice
        HttpResponse<String> replay = webhook(body, sign(body), "d-1");
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(objectMapper.readTree(replay.body()).path("replayed").asBoolean()).isTrue();
        assertThat(items.find(pi.getBusinessKey()).orElseThrow().history()).hasSize(done.history().size());

        // an issue that is no action item's
        String other = updated("OPS-999", "\"status\":{\"statusCategory\":{\"key\":\"done\"}}", "");
        HttpResponse<String> unknown = webhook(other, sign(other), "d-2");
        assertThat(unknown.statusCode()).isEqualTo(202);
        assertThat(objectMapper.readTree(unknown.body()).path("ignored").asBoolean()).isTrue();
    }

    @Test
    void a_due_date_changed_in_jira_restarts_the_ladder_and_a_replay_changes_nothing_twice() throws Exception {
        ProcessInstance pi = itemWithIssue("INC-JIRA-DUE", "OPS-5");
        fireTimer(pi, Elements.TIMER_REMINDER);
        fireTimer(pi, Elements.TIMER_DUE);
        assertThat(items.find(pi.getBusinessKey()).orElseThrow().state()).isEqualTo(ActionItemState.OVERDUE);
        LocalDate newDue = LocalDate.now().plusDays(21);
        String body = updated("OPS-5", "\"status\":{\"statusCategory\":{\"key\":\"indeterminate\"}},\"duedate\":\""
                + newDue + "\"", "{\"field\":\"duedate\",\"from\":null,\"to\":\"" + newDue + "\"}");
        HttpResponse<String> r = webhook(body, sign(body), "due-1");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        ActionItem item = items.find(pi.getBusinessKey()).orElseThrow();
        assertThat(item.dueDate()).isEqualTo(newDue);
        assertThat(item.state()).isEqualTo(ActionItemState.OPEN);
        assertThat(item.history()).last().satisfies(h -> {
            assertThat(h.action()).isEqualTo("REPRIORITIZED");
            assertThat(h.rationale()).contains("changed in Jira by Mia");
        });
        // the next timer moved: the reminder 2 days before the new due date
        Job reminder = timer(pi, Elements.TIMER_REMINDER);
        assertThat(reminder).isNotNull();
        assertThat(reminder.getDuedate()).isEqualTo(java.util.Date.from(deadlines.minus(
                deadlines.endOfDay(newDue.toString()), "P2D").toInstant()));
        runAsyncJobs();
        assertThat(wireMock.findAll(putRequestedFor(urlEqualTo(API + "/issue/OPS-5")))).isEmpty();

        int historySize = item.history().size();
        assertThat(webhook(body, sign(body), "due-1").statusCode()).isEqualTo(200);
        assertThat(items.find(pi.getBusinessKey()).orElseThrow().history()).hasSize(historySize);
        assertThat(managementService.createJobQuery().processInstanceId(pi.getId()).timers().count()).isEqualTo(1);
    }

    @Autowired dev.aftermath.calendar.Deadlines deadlines;

    @Test
    void an_assignee_aftermath_knows_becomes_the_owner_and_an_unknown_one_only_gets_a_comment() throws Exception {
        ProcessInstance pi = itemWithIssue("INC-JIRA-ASSIGN", "OPS-6");
        greenMail.purgeEmailFromAllMailboxes();
        String known = updated("OPS-6", "\"status\":{\"statusCategory\":{\"key\":\"new\"}},\"assignee\":{\"accountId\":"
                + "\"acc-priya\",\"displayName\":\"Priya\",\"emailAddress\":\"priya@aftermath.example\"}",
                "{\"field\":\"assignee\",\"to\":\"acc-priya\"}");
        HttpResponse<String> r = webhook(known, sign(known), "as-1");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(objectMapper.readTree(r.body()).path("applied").toString()).contains("OWNER_CHANGED");
        runAsyncJobs();
        ActionItem item = items.find(pi.getBusinessKey()).orElseThrow();
        assertThat(item.owner()).isEqualTo("priya");
        assertThat(item.history()).last().satisfies(h -> assertThat(h.action()).isEqualTo("OWNER_CHANGED"));
        assertThat(taskService.createTaskQuery().processInstanceId(pi.getId())
                .taskDefinitionKey(Elements.TASK_COMPLETE).singleResult().getAssignee()).isEqualTo("priya");
        assertThat(parts(mailTo("priya", "is now yours")).text()).contains(pi.getBusinessKey());
        assertThat(access.participants(item.incidentId())).contains("priya");
        // nothing goes back: Jira made the change
        assertThat(wireMock.findAll(putRequestedFor(urlPathMatching(".*/assignee")))).isEmpty();

        String stranger = updated("OPS-6", "\"status\":{\"statusCategory\":{\"key\":\"new\"}},\"assignee\":{\"accountId\":"
                + "\"acc-x\",\"displayName\":\"Contractor X\",\"emailAddress\":\"x@contractor.example\"}",
                "{\"field\":\"assignee\",\"to\":\"acc-x\"}");
        HttpResponse<String> r2 = webhook(stranger, sign(stranger), "as-2");
        assertThat(r2.statusCode()).isEqualTo(200);
        runAsyncJobs();
        assertThat(items.find(pi.getBusinessKey()).orElseThrow().owner()).isEqualTo("priya");
        assertThat(commentTexts("OPS-6")).last().asString().contains("knows no user").contains("Contractor X")
                .contains("stays Priya");
    }

    @Test
    void jira_down_the_steps_retry_and_end_as_incidents_while_the_ladder_escalates() throws Exception {
        wireMock.resetAll();
        wireMock.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(503).withBody("{\"error\":\"down\"}")));
        String incidentId = incidentWithPostmortem("INC-JIRA-DOWN");
        ProcessInstance pi = startItem(incidentId, 1, "alex", LocalDate.now().plusDays(10), "LOW");
        var create = processEngine.getExternalTaskService().createExternalTaskQuery().processInstanceId(pi.getId())
                .activityId(Elements.CREATE_TICKET).singleResult();
        exhaust(create);
        List<Incident> incidents = runtimeService.createIncidentQuery().processInstanceId(pi.getId()).list();
        assertThat(incidents).hasSize(1);
        assertThat(incidents.get(0).getActivityId()).isEqualTo(Elements.CREATE_TICKET);
        assertThat(incidents.get(0).getIncidentMessage()).contains("Jira answered 503");
        assertThat(wireMock.findAll(com.github.tomakehurst.wiremock.client.WireMock
                .getRequestedFor(urlPathEqualTo(API + "/search/jql")))).hasSize(5);

        // the ladder runs regardless
        fire(pi, Elements.TIMER_REMINDER);
        fire(pi, Elements.TIMER_DUE);
        fire(pi, Elements.TIMER_WEEK1);
        ActionItem item = items.find(pi.getBusinessKey()).orElseThrow();
        assertThat(item.state()).isEqualTo(ActionItemState.OVERDUE);
        assertThat(item.escalationLevel()).isEqualTo(1);
        assertThat(subjects("mia")).anyMatch(s -> s.contains(pi.getBusinessKey()));
        assertThat(pi).isWaitingAt(Elements.TASK_FOLLOW_UP, Elements.TIMER_WEEK2, Elements.TASK_COMPLETE);
        // each ladder comment waits in its own instance and ends as an incident there, not in the item
        List<ProcessInstance> syncs = runtimeService.createProcessInstanceQuery()
                .processDefinitionKey(TicketSyncProcess.KEY).processInstanceBusinessKey(pi.getBusinessKey()).list();
        assertThat(syncs).hasSize(3);
        for (ProcessInstance sync : syncs) {
            exhaust(managementService.createJobQuery().processInstanceId(sync.getId()).singleResult());
        }
        assertThat(runtimeService.createIncidentQuery().processDefinitionId(syncs.get(0).getProcessDefinitionId())
                .list()).filteredOn(i -> syncs.stream().anyMatch(s -> s.getId().equals(i.getProcessInstanceId())))
                .hasSize(3).allMatch(i -> i.getIncidentMessage().contains("Jira answered 503"));
        assertThat(runtimeService.createIncidentQuery().processInstanceId(pi.getId()).count()).isEqualTo(1);
    }

    /** A closed, restricted SEV4 incident (priya author, carlos facilitator) for items that refer to it. */
    private String restrictedIncident(String prefix) {
        String id = newIncidentId(prefix);
        Map<String, Object> payload = incident(id, "SEV4", java.time.Duration.ofHours(1));
        payload.put("author", "priya");
        payload.put("facilitator", "carlos");
        payload.put("restricted", true);
        start(payload);
        runAsyncJobs();
        return id;
    }

    @Test
    void items_of_a_restricted_postmortem_stay_in_aftermath_without_a_restricted_target() throws Exception {
        issueCreatedAs("OPS-990");
        String incidentId = restrictedIncident("INC-JIRA-RESTRICTED");
        ProcessInstance pi = startItem(incidentId, 1, "alex", LocalDate.now().plusDays(10), "HIGH");
        runAsyncJobs();

        ActionItem item = items.find(pi.getBusinessKey()).orElseThrow();
        assertThat(item.ticketKey()).isNull();
        assertThat(item.ticket()).isNull();
        assertThat(wireMock.findAll(postRequestedFor(urlEqualTo(API + "/issue")))).isEmpty();
        assertThat(wireMock.getAllServeEvents()).noneMatch(e -> e.getRequest().getBodyAsString()
                .contains("Alert at 80% pool saturation"));
        // the ladder goes on in Aftermath, no ticket step fails, nothing waits for an issue
        assertThat(pi).isWaitingAt(Elements.TASK_COMPLETE);
        assertThat(runtimeService.createIncidentQuery().processInstanceId(pi.getId()).count()).isZero();
        assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey(TicketSyncProcess.KEY)
                .processInstanceBusinessKey(pi.getBusinessKey()).count()).isZero();
    }

    @Test
    void items_of_a_restricted_postmortem_go_to_the_restricted_target_and_others_to_the_shared_project()
            throws Exception {
        jira.setRestrictedProjectKey("SEC");
        jira.setRestrictedSecurityLevel("10042");
        try {
            issueCreatedAs("SEC-7");
            String restricted = restrictedIncident("INC-JIRA-RESTRICTED-TARGET");
            ProcessInstance secret = startItem(restricted, 1, "alex", LocalDate.now().plusDays(10), "HIGH");
            runAsyncJobs();
            assertThat(items.find(secret.getBusinessKey()).orElseThrow().ticketKey()).isEqualTo("SEC-7");
            List<JsonNode> created = bodies(wireMock.findAll(postRequestedFor(urlEqualTo(API + "/issue"))));
            assertThat(created).hasSize(1);
            assertThat(created.get(0).path("fields").path("project").path("key").asText()).isEqualTo("SEC");
            assertThat(created.get(0).path("fields").path("security").path("id").asText()).isEqualTo("10042");

            wireMock.resetRequests();
            issueCreatedAs("OPS-991");
            String open = newIncident("INC-JIRA-SHARED");
            ProcessInstance shared = startItem(open, 1, "alex", LocalDate.now().plusDays(10), "HIGH");
            runAsyncJobs();
            assertThat(items.find(shared.getBusinessKey()).orElseThrow().ticketKey()).isEqualTo("OPS-991");
            JsonNode body = bodies(wireMock.findAll(postRequestedFor(urlEqualTo(API + "/issue")))).get(0);
            assertThat(body.path("fields").path("project").path("key").asText()).isEqualTo("OPS");
            assertThat(body.path("fields").has("security")).isFalse();
        } finally {
            jira.setRestrictedProjectKey("");
            jira.setRestrictedSecurityLevel("");
        }
    }
}
