package dev.aftermath.chat;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.aftermath.integration.IntegrationTestSupport;
import dev.aftermath.processapi.ActionItemProcess.Elements;
import dev.aftermath.processapi.PostmortemProcess;
import dev.aftermath.support.Drafts;

/**
 * Chat beside mail, driven through the real diagrams (timers fired by executing their jobs) against WireMock stubs of
 * the Slack Web API and a Teams Workflows webhook: every configured intent posts once per configured channel, a lost
 * answer is looked up instead of posted twice, a 5xx is retried and then FAILED (admin endpoint, prometheus),
 * restricted incidents stay out of unrestricted channels, and the incident's own channel gets its messages.
 */
class ChatNotificationTest extends IntegrationTestSupport {

    private static final String LEADS = "C0LEADS";
    private static final String STANDUP = "C0STANDUP";
    private static final String SECURITY = "C0SECURITY";

    @Autowired ChatChannels channels;
    @Autowired SlackApp slackApp;
    private SlackSettings slackBefore;
    @Autowired ChatDispatcher dispatcher;
    @Autowired JdbcClient jdbc;

    @BeforeEach
    void pointChatAtWireMock() throws Exception {
        wireMock.resetAll();
        wireMock.stubFor(post(urlEqualTo("/teams/sre-leads")).willReturn(aResponse().withStatus(202)));
        slackBefore = slackApp.use(new SlackSettings(wireMockUrl() + "/api/", "xoxb-test", null));
        ObjectNode root = (ObjectNode) objectMapper.readTree(Files.readString(Path.of("processes/chat-channels.json")));
        root.set("channels", objectMapper.readTree("""
                {"sre-leads": {"slack": "%s", "teams": "%s/teams/sre-leads"},
                 "eng-standup": {"slack": "%s"},
                 "eng-managers": {"slack": ""},
                 "security": {"slack": "%s", "restricted": true}}""".formatted(LEADS, wireMockUrl(), STANDUP,
                SECURITY)));
        channels.replace(channels.parse(root));
    }

    @AfterEach
    void switchChatOff() {
        channels.replace(null);
        slackApp.use(slackBefore);
    }

    private void slackAnswersOk() {
        wireMock.stubFor(post(urlEqualTo("/api/chat.postMessage"))
                .willReturn(okJson("{\"ok\":true,\"channel\":\"C1\",\"ts\":\"1765000000.000100\"}")));
    }

    /** A closed incident (author priya, facilitator carlos) with its own Slack channel; its mails are cleared. */
    private String incidentWithChannel(String prefix, String channel, boolean restricted) {
        String id = newIncidentId(prefix);
        Map<String, Object> payload = incident(id, "SEV4", java.time.Duration.ofHours(1));
        payload.put("author", "priya");
        payload.put("facilitator", "carlos");
        payload.put("chatChannel", channel);
        if (restricted) {
            payload.put("restricted", true);
            payload.put("restrictedReason", "Customer data involved");
        }
        start(payload);
        runAsyncJobs();
        return id;
    }

    /** The posted Slack messages (request bodies) of one business key. */
    private List<JsonNode> slackPosts(String businessKeyPrefix) throws Exception {
        List<JsonNode> posts = new ArrayList<>();
        for (LoggedRequest r : wireMock.findAll(postRequestedFor(urlEqualTo("/api/chat.postMessage")))) {
            JsonNode body = objectMapper.readTree(r.getBodyAsString());
            String key = jdbc.sql("select business_key from am_chat_delivery where idem_key = ?")
                    .param(body.path("metadata").path("event_payload").path("intent_key").asText())
                    .query(String.class).optional().orElse("");
            if (key.startsWith(businessKeyPrefix)) {
                posts.add(body);
            }
        }
        return posts;
    }

    private static List<String> channelAndTemplate(List<JsonNode> posts) {
        return posts.stream().map(p -> p.path("channel").asText() + " "
                + p.path("metadata").path("event_payload").path("template").asText()).toList();
    }

    private List<JsonNode> teamsPosts() throws Exception {
        List<JsonNode> posts = new ArrayList<>();
        for (LoggedRequest r : wireMock.findAll(postRequestedFor(urlEqualTo("/teams/sre-leads")))) {
            posts.add(objectMapper.readTree(r.getBodyAsString()));
        }
        return posts;
    }

    /** Makes every waiting chat row due now (its retry delay has passed) and runs the dispatcher. */
    private void retryDueNow() {
        jdbc.sql("update am_chat_delivery set next_attempt_at = ? where status = 'PENDING'")
                .param(java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(1))).update();
        dispatcher.deliverDue();
    }

    @Test
    void each_intent_of_the_ladder_posts_once_per_channel_with_the_action_buttons() throws Exception {
        slackAnswersOk();
        String channel = "C0INC" + System.nanoTime() % 100000;
        String incidentId = incidentWithChannel("INC-CHAT", channel, false);
        ProcessInstance item = startItem(incidentId, 1, "alex", LocalDate.now().minusDays(15), "HIGH");
        runJobsTolerant();
        fire(item, Elements.TIMER_REMINDER);
        fire(item, Elements.TIMER_DUE);
        fire(item, Elements.TIMER_WEEK1);
        fire(item, Elements.TIMER_WEEK2);
        // nothing more comes of running everything again
        runJobsTolerant();
        retryDueNow();

        List<JsonNode> posts = slackPosts(incidentId);
        assertThat(channelAndTemplate(posts)).containsExactlyInAnyOrder(
                channel + " task/Task_CompleteActionItem", // task assigned: the owner's task, in the incident channel
                channel + " action-item/reminder",
                channel + " action-item/overdue",
                LEADS + " action-item/overdue-tech-leads",
                LEADS + " task/Task_FollowUpOverdueItem", // the tech leads' task, candidate group tech-leads
                channel + " task/Task_FollowUpOverdueItem",
                STANDUP + " action-item/overdue-standup");
        JsonNode reminder = posts.stream().filter(p -> p.toString().contains("action-item/reminder")).findFirst()
                .orElseThrow();
        assertThat(reminder.path("text").asText()).contains("Reminder: action item").contains("is due on");
        List<JsonNode> buttons = new ArrayList<>();
        reminder.path("blocks").forEach(b -> b.path("elements").forEach(buttons::add));
        assertThat(buttons).anySatisfy(b -> {
            assertThat(b.path("action_id").asText()).isEqualTo("actionitem_mark_done");
            assertThat(b.path("value").asText()).isEqualTo(incidentId + "/AI-1");
        });
        assertThat(buttons).anySatisfy(b -> {
            assertThat(b.path("action_id").asText()).isEqualTo("actionitem_propose_date");
            assertThat(b.path("value").asText()).isEqualTo(incidentId + "/AI-1");
        });
        assertThat(buttons).anySatisfy(b -> assertThat(b.path("url").asText()).contains("#/?task="));
        assertThat(buttons).anySatisfy(b -> assertThat(b.path("url").asText()).endsWith("/document.html"));
        // Teams: the sre-leads workflow got the tech leads' rung and task as Adaptive Cards with OpenUrl buttons
        List<JsonNode> cards = teamsPosts().stream().filter(c -> c.toString().contains(incidentId)).toList();
        assertThat(cards).hasSize(2);
        JsonNode attachment = cards.get(0).path("attachments").get(0);
        assertThat(attachment.path("contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
        assertThat(attachment.path("content").path("type").asText()).isEqualTo("AdaptiveCard");
        assertThat(attachment.path("content").path("actions").get(0).path("type").asText())
                .isEqualTo("Action.OpenUrl");
        assertThat(jdbc.sql("select count(*) from am_chat_delivery where business_key = ? and status <> 'SENT'")
                .param(incidentId + "/AI-1").query(Long.class).single()).isZero();
    }

    @Test
    void a_lost_answer_is_looked_up_in_the_channel_and_not_posted_twice() throws Exception {
        wireMock.stubFor(post(urlEqualTo("/api/chat.postMessage"))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        String channel = "C0LOST" + System.nanoTime() % 100000;
        String incidentId = incidentWithChannel("INC-CHAT-LOST", channel, false);
        ProcessInstance item = startItem(incidentId, 1, "alex", LocalDate.now().plusDays(10), "HIGH");
        runJobsTolerant();
        fire(item, Elements.TIMER_REMINDER);
        String key = jdbc.sql("select idem_key from am_chat_delivery where business_key = ? and template = ?")
                .params(incidentId + "/AI-1", "action-item/reminder").query(String.class).single();
        assertThat(jdbc.sql("select status from am_chat_delivery where idem_key = ?").param(key).query(String.class)
                .single()).isEqualTo("PENDING");
        // Slack did post it: the channel's history carries the message with the key in its metadata
        wireMock.stubFor(get(urlPathEqualTo("/api/conversations.history")).willReturn(okJson("""
                {"ok": true, "has_more": false, "messages": [
                  {"type": "message", "text": "another", "ts": "1765000000.000001"},
                  {"type": "message", "text": "Reminder", "ts": "1765000000.000777",
                   "metadata": {"event_type": "aftermath_notification", "event_payload": {"intent_key": "%s"}}}]}"""
                .formatted(key))));
        slackAnswersOk();
        retryDueNow();
        retryDueNow();

        long postsOfKey = wireMock.findAll(postRequestedFor(urlEqualTo("/api/chat.postMessage"))).stream()
                .filter(r -> r.getBodyAsString().contains(key)).count();
        assertThat(postsOfKey).as("one attempt (answer lost), no second post").isEqualTo(1);
        assertThat(jdbc.sql("select status || ' ' || message_ts from am_chat_delivery where idem_key = ?").param(key)
                .query(String.class).single()).isEqualTo("SENT 1765000000.000777");
        assertThat(wireMock.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                urlPathEqualTo("/api/conversations.history")))).first()
                .satisfies(r -> assertThat(r.queryParameter("channel").firstValue()).isEqualTo(channel));
    }

    @Test
    void a_5xx_is_retried_then_failed_and_shown_to_admins_and_in_prometheus() throws Exception {
        wireMock.stubFor(post(urlEqualTo("/api/chat.postMessage")).willReturn(aResponse().withStatus(503)));
        wireMock.stubFor(get(urlPathEqualTo("/api/conversations.history"))
                .willReturn(okJson("{\"ok\":true,\"has_more\":false,\"messages\":[]}")));
        String channel = "C0FAIL" + System.nanoTime() % 100000;
        String incidentId = incidentWithChannel("INC-CHAT-5XX", channel, false);
        ProcessInstance item = startItem(incidentId, 1, "alex", LocalDate.now().plusDays(10), "HIGH");
        runJobsTolerant();
        fire(item, Elements.TIMER_REMINDER);
        String key = jdbc.sql("select idem_key from am_chat_delivery where business_key = ? and template = ?")
                .params(incidentId + "/AI-1", "action-item/reminder").query(String.class).single();
        for (int i = 0; i < 5; i++) {
            retryDueNow();
        }
        long postsOfKey = wireMock.findAll(postRequestedFor(urlEqualTo("/api/chat.postMessage"))).stream()
                .filter(r -> r.getBodyAsString().contains(key)).count();
        assertThat(postsOfKey).as("max-attempts (3 in tests), each after an empty look into the channel").isEqualTo(3);
        Map<String, Object> row = jdbc.sql("select id, status, last_error from am_chat_delivery where idem_key = ?")
                .param(key).query().singleRow();
        assertThat(row.get("STATUS") == null ? row.get("status") : row.get("STATUS")).isEqualTo("FAILED");
        String id = (String) (row.get("ID") == null ? row.get("id") : row.get("ID"));

        HttpResponse<String> failed = api("GET", "/api/admin/chat-deliveries?status=FAILED&size=200", "demo", null);
        assertThat(failed.statusCode()).isEqualTo(200);
        assertThat(failed.body()).contains(id).contains("Slack answered 503").contains("gave up after 3 attempts");
        assertThat(api("GET", "/api/admin/chat-deliveries?status=FAILED", "priya", null).statusCode()).isEqualTo(403);
        assertThat(api("GET", "/api/admin/chat-deliveries?status=LOST", "demo", null).body()).contains("status");

        HttpResponse<String> metrics = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        "http://localhost:" + port + "/actuator/prometheus")).header("Accept", "text/plain")
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("demo:demo".getBytes()))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).containsPattern("aftermath_chat_deliveries\\{status=\"FAILED\"} [1-9]")
                .containsPattern("aftermath_chat_posts_total\\{outcome=\"failed\"} [1-9]")
                .contains("aftermath_chat_deliveries{status=\"PENDING\"}")
                .contains("aftermath_chat_deliveries{status=\"SENT\"}");

        // an administrator queues it again; Slack is back: posted once more, SENT
        slackAnswersOk();
        assertThat(api("POST", "/api/admin/chat-deliveries/" + id + "/retry", "demo", null).statusCode())
                .isEqualTo(202);
        assertThat(jdbc.sql("select status from am_chat_delivery where id = ?").param(id).query(String.class)
                .single()).isEqualTo("SENT");
        assertThat(api("POST", "/api/admin/chat-deliveries/" + id + "/retry", "demo", null).statusCode())
                .isEqualTo(409);
    }

    @Test
    void a_restricted_incident_posts_only_to_restricted_channels_never_its_own_or_the_broad_ones() throws Exception {
        slackAnswersOk();
        String channel = "C0SECRET" + System.nanoTime() % 100000;
        String incidentId = incidentWithChannel("INC-CHAT-R", channel, true);
        ProcessInstance item = startItem(incidentId, 1, "alex", LocalDate.now().minusDays(15), "HIGH");
        runJobsTolerant();
        fire(item, Elements.TIMER_REMINDER);
        fire(item, Elements.TIMER_DUE);
        fire(item, Elements.TIMER_WEEK1);
        fire(item, Elements.TIMER_WEEK2);
        retryDueNow();

        List<JsonNode> posts = slackPosts(incidentId);
        // the standup rung goes to the participants and group:security by mail; in chat only to #security
        assertThat(channelAndTemplate(posts)).containsExactly(SECURITY + " action-item/overdue-standup");
        assertThat(teamsPosts()).noneMatch(c -> c.toString().contains(incidentId));
        assertThat(mailTo("alex", "Reminder")).isNotNull(); // the mail goes out as before
    }

    @Test
    void the_lifecycle_intents_post_to_the_incident_channel_and_the_groups_channels() throws Exception {
        slackAnswersOk();
        String channel = "C0LIFE" + System.nanoTime() % 100000;
        String id = newIncidentId("INC-CHAT-LIFE");
        Map<String, Object> payload = incident(id, "SEV2", java.time.Duration.ofHours(1));
        payload.put("author", "priya");
        payload.put("facilitator", "carlos");
        payload.put("chatChannel", channel);
        ProcessInstance pi = start(payload);
        runAsyncJobs();
        // 25 % of the window left: author and facilitator are warned
        fireTimer(pi, PostmortemProcess.Elements.TIMER_PUBLISH_WARNING);
        runAsyncJobs();
        complete(task(PostmortemProcess.Elements.TASK_WRITE_DRAFT), Drafts.goodDraft());
        // a meeting 3 h away: invitations and, under 24 h, the pre-read at once
        complete(task(PostmortemProcess.Elements.TASK_SCHEDULE_MEETING), Map.of("meetingStart",
                java.time.Instant.now().plus(java.time.Duration.ofHours(3)).truncatedTo(
                        java.time.temporal.ChronoUnit.MINUTES).toString(), "attendees", "mia,alex"));
        runAsyncJobs();
        fireTimer(pi, PostmortemProcess.Elements.TIMER_MEETING_START);
        // each task's announcement runs before the task is done (a task done before its mail job announces nothing)
        runAsyncJobs();
        complete(task(PostmortemProcess.Elements.TASK_HOLD_MEETING), Drafts.goodMeeting());
        runAsyncJobs();
        complete(task(PostmortemProcess.Elements.TASK_FINALIZE), Map.of());
        runAsyncJobs();
        complete(task(PostmortemProcess.Elements.TASK_APPROVE), Map.of("approved", true));
        runAsyncJobs();
        runJobsTolerant();
        retryDueNow();

        List<String> posted = channelAndTemplate(slackPosts(id)).stream()
                .filter(p -> !p.contains(" task/") && !p.contains(" action-item/")).toList();
        assertThat(posted).containsExactlyInAnyOrder(
                channel + " publish-deadline-warning",
                channel + " meeting-invitation",
                channel + " draft-for-review",
                channel + " postmortem-published",
                STANDUP + " postmortem-published"); // the publication summary goes to engineering
        // every announced user task of the lifecycle was posted in the incident channel exactly once, linking to it
        // (the standing "Move or cancel review meeting" option is announce=false in the diagram: no mail, no chat)
        List<JsonNode> posts = slackPosts(id);
        List<org.camunda.bpm.engine.history.HistoricTaskInstance> userTasks = processEngine.getHistoryService()
                .createHistoricTaskInstanceQuery().processInstanceId(pi.getId()).list().stream()
                .filter(t -> !t.getTaskDefinitionKey().equals("Task_ChangeMeeting")).toList();
        assertThat(userTasks).hasSizeGreaterThanOrEqualTo(6);
        for (var t : userTasks) {
            assertThat(posts.stream().filter(p -> p.path("channel").asText().equals(channel)
                    && p.toString().contains("task=" + t.getId()))).as(t.getTaskDefinitionKey()).hasSize(1);
        }
        // the approval waits for the tech leads: announced in their channel too
        assertThat(channelAndTemplate(posts)).contains(LEADS + " task/" + PostmortemProcess.Elements.TASK_APPROVE);
        JsonNode published = slackPosts(id).stream().filter(p -> p.toString().contains("postmortem-published")
                && p.path("channel").asText().equals(channel)).findFirst().orElseThrow();
        List<JsonNode> buttons = new ArrayList<>();
        published.path("blocks").forEach(b -> b.path("elements").forEach(buttons::add));
        assertThat(buttons).anySatisfy(b -> assertThat(b.path("url").asText()).endsWith("/library/" + id));
    }

    @Test
    void the_weekly_digest_posts_to_the_tech_leads_channel_once() throws Exception {
        slackAnswersOk();
        org.camunda.bpm.engine.runtime.Job timer = managementService.createJobQuery()
                .processDefinitionKey(dev.aftermath.processapi.InsightsProcess.Weekly.KEY).timers().singleResult();
        String sql = "select count(*) from am_chat_delivery where template = 'insights/weekly-digest' and address = ?";
        long before = jdbc.sql(sql).param(LEADS).query(Long.class).single();
        managementService.executeJob(timer.getId());
        runAsyncJobs();
        retryDueNow();
        // the next cycle's timer counts from the real clock again
        managementService.recalculateJobDuedate(managementService.createJobQuery()
                .processDefinitionKey(dev.aftermath.processapi.InsightsProcess.Weekly.KEY).timers().singleResult()
                .getId(), false);

        assertThat(jdbc.sql(sql).param(LEADS).query(Long.class).single()).isEqualTo(before + 1);
        assertThat(jdbc.sql(sql + " and status <> 'SENT'").param(LEADS).query(Long.class).single()).isZero();
        assertThat(wireMock.findAll(postRequestedFor(urlEqualTo("/api/chat.postMessage"))).stream()
                .filter(r -> r.getBodyAsString().contains("insights/weekly-digest")
                        && r.getBodyAsString().contains(LEADS))).hasSize(1);
    }
}
