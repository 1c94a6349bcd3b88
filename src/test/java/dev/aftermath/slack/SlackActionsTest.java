package dev.aftermath.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.aftermath.chat.SlackApp;
import dev.aftermath.actionitem.ActionItem;
import dev.aftermath.actionitem.ActionItemRepository;
import dev.aftermath.actionitem.ActionItemState;
import dev.aftermath.chat.SlackSettings;
import dev.aftermath.integration.IntegrationTestSupport;
import dev.aftermath.postmortem.TimelineContributionRepository;
import dev.aftermath.processapi.ActionItemProcess.Elements;

/**
 * Issue 25, actions from Slack, over the real port with Slack's Web API and response_url as WireMock stubs: signed
 * interactivity (shortcut, buttons, modals) and the slash command, with what a person sees in Slack (the ephemeral
 * answers, the modal, its errors) and what changes in Aftermath (timeline, action item, process).
 */
class SlackActionsTest extends IntegrationTestSupport {

    static final String SECRET = "slack-signing-secret-for-tests";

    @Autowired SlackApp slackApp;
    @Autowired TimelineContributionRepository contributions;
    @Autowired ActionItemRepository items;

    private SlackSettings before;
    private int triggers;

    @BeforeEach
    void pointSlackAtWireMock() {
        wireMock.resetAll();
        before = slackApp.use(new SlackSettings(wireMockUrl(), "xoxb-test-token", SECRET));
        for (String user : List.of("carlos", "alex", "mia", "jordan", "priya")) {
            wireMock.stubFor(post(urlEqualTo("/users.info")).withRequestBody(containing("user=U" + user.toUpperCase()))
                    .willReturn(okJson("{\"ok\":true,\"user\":{\"id\":\"U" + user.toUpperCase()
                            + "\",\"profile\":{\"email\":\"" + user + "@aftermath.example\"}}}")));
        }
        wireMock.stubFor(post(urlEqualTo("/users.info")).withRequestBody(containing("user=UNOBODY"))
                .willReturn(okJson("{\"ok\":true,\"user\":{\"id\":\"UNOBODY\",\"profile\":{\"email\":"
                        + "\"nobody@elsewhere.example\"}}}")));
        wireMock.stubFor(post(urlEqualTo("/chat.getPermalink")).willReturn(okJson("{\"ok\":true,\"channel\":"
                + "\"C1\",\"permalink\":\"https://acme.slack.com/archives/C1/p1765029600000100\"}")));
        wireMock.stubFor(post(urlEqualTo("/views.open")).willReturn(okJson("{\"ok\":true,\"view\":{\"id\":\"V1\"}}")));
        wireMock.stubFor(post(urlEqualTo("/respond")).willReturn(okJson("{\"ok\":true}")));
    }

    @AfterEach
    void switchSlackBack() {
        slackApp.use(before);
    }

    // ------------------------------------------------------------------------------------------ requests

    private HttpResponse<String> signed(String path, String body, Instant at, String signature) throws Exception {
        String timestamp = Long.toString(at.getEpochSecond());
        String sig = signature != null ? signature
                : SlackSignature.sign(timestamp, body.getBytes(StandardCharsets.UTF_8), SECRET);
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header(SlackSignature.HEADER, sig).header(SlackSignature.TIMESTAMP_HEADER, timestamp)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String interaction(ObjectNode payload) {
        return "payload=" + URLEncoder.encode(payload.toString(), StandardCharsets.UTF_8);
    }

    private HttpResponse<String> interact(ObjectNode payload) throws Exception {
        return signed(SlackController.INTERACTIVITY, interaction(payload), Instant.now(), null);
    }

    private ObjectNode base(String type, String slackUser) {
        ObjectNode p = objectMapper.createObjectNode();
        p.put("type", type);
        p.putObject("user").put("id", slackUser);
        p.put("trigger_id", "trigger-" + (++triggers) + "-" + System.nanoTime());
        p.put("response_url", wireMockUrl() + "/respond");
        return p;
    }

    private ObjectNode shortcut(String slackUser, String channel, Instant at, String text) {
        ObjectNode p = base("message_action", slackUser);
        p.put("callback_id", SlackActions.SHORTCUT);
        p.put("action_ts", (Instant.now().toEpochMilli() / 1000.0) + "" + triggers);
        p.putObject("channel").put("id", channel);
        ObjectNode message = p.putObject("message");
        message.put("ts", at.getEpochSecond() + ".000100");
        message.put("text", text);
        message.put("user", "UPRIYA");
        return p;
    }

    private ObjectNode press(String slackUser, String actionId, String itemId) {
        ObjectNode p = base("block_actions", slackUser);
        p.putArray("actions").addObject().put("action_id", actionId).put("value", itemId)
                .put("action_ts", System.nanoTime() + "." + triggers);
        return p;
    }

    private ObjectNode submission(String slackUser, String callbackId, String itemId, Map<String, String> values) {
        ObjectNode p = base("view_submission", slackUser);
        ObjectNode view = p.putObject("view");
        view.put("callback_id", callbackId);
        view.put("private_metadata", itemId);
        ObjectNode state = view.putObject("state").putObject("values");
        values.forEach((block, value) -> {
            ObjectNode element = state.putObject(block).putObject(block);
            if (block.equals(SlackActions.NEW_DUE_DATE)) {
                element.put("type", "datepicker").put("selected_date", value);
            } else {
                element.put("type", "plain_text_input").put("value", value);
            }
        });
        return p;
    }

    /** The ephemeral answers Slack was asked to show, in order. */
    private List<String> ephemeral() {
        return wireMock.findAll(postRequestedFor(urlEqualTo("/respond"))).stream().map(LoggedRequest::getBodyAsString)
                .map(b -> {
                    try {
                        JsonNode n = objectMapper.readTree(b);
                        assertThat(n.path("response_type").asText()).isEqualTo("ephemeral");
                        return n.path("text").asText();
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }).toList();
    }

    private List<JsonNode> viewsOpened() {
        return wireMock.findAll(postRequestedFor(urlEqualTo("/views.open"))).stream().map(r -> {
            try {
                return objectMapper.readTree(r.getBodyAsString());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    private String channelIncident(String id, String channel, boolean restricted) {
        return channelIncident(incident(id, "SEV1", Duration.ofHours(2)), channel, restricted);
    }

    private String channelIncident(Map<String, Object> payload, String channel, boolean restricted) {
        String id = (String) payload.get("id");
        payload.put("author", "priya");
        payload.put("facilitator", "carlos");
        payload.put("chatChannel", channel);
        if (restricted) {
            payload.put("restricted", true);
        }
        start(payload);
        return id;
    }

    // ------------------------------------------------------------------------------------------ shortcut

    @Test
    void the_shortcut_adds_the_message_with_actor_time_and_permalink_once_and_a_stranger_adds_nothing()
            throws Exception {
        String id = newIncidentId("SLK-TL");
        String channel = "CSLK" + Math.abs(System.nanoTime() % 100000000);
        Map<String, Object> payload = incident(id, "SEV1", Duration.ofHours(2));
        Instant started = Instant.parse((String) payload.get("startedAt"));
        channelIncident(payload, channel, false);

        ObjectNode pick = shortcut("UCARLOS", channel, started.plus(3, ChronoUnit.MINUTES),
                "Failing over payments-db to the replica now");
        String body = interaction(pick);
        Instant now = Instant.now();
        assertThat(signed(SlackController.INTERACTIVITY, body, now, null).statusCode()).isEqualTo(200);

        List<TimelineContributionRepository.Row> rows = contributions.all(id);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).contributor()).isEqualTo("carlos");
        JsonNode entries = objectMapper.readTree(rows.get(0).entries());
        assertThat(entries.get(0).path("event").asText()).isEqualTo("Failing over payments-db to the replica now");
        assertThat(entries.get(0).path("source").asText())
                .isEqualTo("https://acme.slack.com/archives/C1/p1765029600000100");
        assertThat(Instant.parse(entries.get(0).path("at").asText()))
                .isEqualTo(started.plus(3, ChronoUnit.MINUTES).plusNanos(100_000));
        wireMock.verify(postRequestedFor(urlEqualTo("/chat.getPermalink"))
                .withRequestBody(containing("channel=" + channel)));
        assertThat(ephemeral()).singleElement().asString().contains("Added to the timeline of the post-mortem of "
                + "incident " + id).contains("Failing over payments-db to the replica now")
                .contains("<https://acme.slack.com/archives/C1/p1765029600000100|the message in Slack>");

        // the same request again (a replay): acknowledged, nothing added, no second answer
        assertThat(signed(SlackController.INTERACTIVITY, body, now, null).statusCode()).isEqualTo(200);
        assertThat(contributions.all(id)).hasSize(1);
        assertThat(ephemeral()).hasSize(1);

        // a stranger (not a participant) is refused ephemerally; nothing is added
        interact(shortcut("UALEX", channel, started.plus(4, ChronoUnit.MINUTES), "Looks like the pool again"));
        assertThat(contributions.all(id)).hasSize(1);
        assertThat(ephemeral().get(1)).contains("You are not a participant of incident " + id);
        // someone Slack knows but the directory does not
        interact(shortcut("UNOBODY", channel, started.plus(4, ChronoUnit.MINUTES), "Hello"));
        assertThat(ephemeral().get(2)).contains("Aftermath does not know you");
        // a message from a channel that is no incident's
        interact(shortcut("UCARLOS", "CNOINCIDENT1", started.plus(4, ChronoUnit.MINUTES), "Hello"));
        assertThat(ephemeral().get(3)).contains("not the channel of an incident");
        // a message from before the incident: the contribution rules refuse it, naming the message's time
        interact(shortcut("UCARLOS", channel, started.minus(30, ChronoUnit.HOURS), "Deploy 4.12 started"));
        assertThat(ephemeral().get(4)).contains("The message was not added to the timeline of incident " + id)
                .contains("The message's time");
        assertThat(contributions.all(id)).hasSize(1);
    }

    @Test
    void a_bad_or_old_signature_gets_401_and_changes_nothing() throws Exception {
        String id = newIncidentId("SLK-SIG");
        String channel = "CSIG" + Math.abs(System.nanoTime() % 100000000);
        Map<String, Object> payload = incident(id, "SEV1", Duration.ofHours(2));
        Instant started = Instant.parse((String) payload.get("startedAt"));
        channelIncident(payload, channel, false);
        String body = interaction(shortcut("UCARLOS", channel, started.plus(3, ChronoUnit.MINUTES), "Rollback"));

        HttpResponse<String> wrong = signed(SlackController.INTERACTIVITY, body, Instant.now(),
                "v0=" + "0".repeat(64));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(wrong.body()).contains("X-Slack-Signature");
        // correctly signed, but six minutes old
        assertThat(signed(SlackController.INTERACTIVITY, body, Instant.now().minus(6, ChronoUnit.MINUTES), null)
                .statusCode()).isEqualTo(401);
        // signed with another secret
        String ts = Long.toString(Instant.now().getEpochSecond());
        assertThat(signed(SlackController.INTERACTIVITY, body, Instant.now(),
                SlackSignature.sign(ts, body.getBytes(StandardCharsets.UTF_8), "another-secret")).statusCode())
                .isEqualTo(401);
        // a body changed after signing
        String original = SlackSignature.sign(ts, body.getBytes(StandardCharsets.UTF_8), SECRET);
        assertThat(signed(SlackController.INTERACTIVITY, body + "x", Instant.now(), original).statusCode())
                .isEqualTo(401);
        assertThat(signed(SlackController.COMMANDS, "command=%2Fpostmortem&text=" + id + "&user_id=UCARLOS",
                Instant.now(), "v0=00").statusCode()).isEqualTo(401);

        assertThat(contributions.all(id)).isEmpty();
        assertThat(wireMock.findAll(postRequestedFor(urlEqualTo("/users.info")))).isEmpty();
        assertThat(ephemeral()).isEmpty();
    }

    // ------------------------------------------------------------------------------------------ buttons

    @Test
    void mark_done_opens_a_modal_whose_submission_completes_the_item_and_a_strangers_press_changes_nothing()
            throws Exception {
        String incidentId = newIncident("SLK-DONE");
        ProcessInstance pi = startItem(incidentId, 1, "alex", LocalDate.now().plusDays(5), "HIGH");
        runAsyncJobs();
        String itemId = pi.getBusinessKey();

        // a stranger (jordan: neither owner, author, facilitator, tech lead nor manager) is refused; no modal
        assertThat(interact(press("UJORDAN", SlackActions.MARK_DONE, itemId)).statusCode()).isEqualTo(200);
        assertThat(ephemeral()).singleElement().asString().contains("You may not change action item " + itemId);
        assertThat(viewsOpened()).isEmpty();
        // nor does a submission of the modal they never got change anything
        HttpResponse<String> forged = interact(submission("UJORDAN", SlackActions.MARK_DONE, itemId,
                Map.of(SlackActions.RESOLUTION, "Done, trust me")));
        assertThat(objectMapper.readTree(forged.body()).path("errors").path("resolution").asText())
                .contains("You may not change action item");
        assertThat(items.find(itemId).orElseThrow().state()).isEqualTo(ActionItemState.OPEN);
        BpmnAwareTests.assertThat(pi).isWaitingAt(Elements.TASK_COMPLETE);

        // the owner presses: the modal opens for their trigger, asking for the resolution
        ObjectNode press = press("UALEX", SlackActions.MARK_DONE, itemId);
        interact(press);
        JsonNode opened = viewsOpened().get(0);
        assertThat(opened.path("trigger_id").asText()).isEqualTo(press.path("trigger_id").asText());
        assertThat(opened.path("view").path("callback_id").asText()).isEqualTo(SlackActions.MARK_DONE);
        assertThat(opened.path("view").path("private_metadata").asText()).isEqualTo(itemId);
        assertThat(opened.path("view").path("title").path("text").asText()).isEqualTo("Mark action item done")
                .hasSizeLessThanOrEqualTo(24);
        assertThat(opened.path("view").path("blocks").toString()).contains("\"block_id\":\"resolution\"")
                .contains("Resolution: what was done");
        wireMock.verify(postRequestedFor(urlEqualTo("/views.open"))
                .withHeader("Authorization", equalTo("Bearer xoxb-test-token")));

        // an empty resolution comes back as the modal's error on the field
        HttpResponse<String> empty = interact(submission("UALEX", SlackActions.MARK_DONE, itemId,
                Map.of(SlackActions.RESOLUTION, "  ")));
        JsonNode errors = objectMapper.readTree(empty.body());
        assertThat(errors.path("response_action").asText()).isEqualTo("errors");
        assertThat(errors.path("errors").path("resolution").asText()).contains("required");
        assertThat(items.find(itemId).orElseThrow().state()).isEqualTo(ActionItemState.OPEN);

        HttpResponse<String> done = interact(submission("UALEX", SlackActions.MARK_DONE, itemId,
                Map.of(SlackActions.RESOLUTION, "Pool saturation alert shipped")));
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body()).isEmpty();
        ActionItem item = items.find(itemId).orElseThrow();
        assertThat(item.state()).isEqualTo(ActionItemState.DONE);
        assertThat(item.resolution()).isEqualTo("Pool saturation alert shipped");
        assertThat(item.history().get(item.history().size() - 1).by()).isEqualTo("alex");
        BpmnAwareTests.assertThat(pi).isEnded().hasPassed(Elements.END_COMPLETED_BY_TOOL);
        assertThat(taskService.createTaskQuery().processInstanceId(pi.getId()).count()).isZero();

        // pressing again: the item has ended
        interact(press("UALEX", SlackActions.MARK_DONE, itemId));
        assertThat(ephemeral()).last().asString().contains("has already ended: it is DONE");
        assertThat(viewsOpened()).hasSize(1);
    }

    @Test
    void propose_a_new_date_lands_as_the_reprioritisation_decision_does() throws Exception {
        String incidentId = newIncident("SLK-DATE");
        ProcessInstance pi = startItem(incidentId, 1, "alex", LocalDate.now().minusDays(3), "HIGH");
        runAsyncJobs();
        fireTimer(pi, Elements.TIMER_REMINDER);
        fireTimer(pi, Elements.TIMER_DUE);
        String itemId = pi.getBusinessKey();
        assertThat(items.find(itemId).orElseThrow().state()).isEqualTo(ActionItemState.OVERDUE);

        interact(press("UALEX", SlackActions.PROPOSE_DATE, itemId));
        JsonNode view = viewsOpened().get(0).path("view");
        assertThat(view.path("callback_id").asText()).isEqualTo(SlackActions.PROPOSE_DATE);
        assertThat(view.path("blocks").toString()).contains("datepicker").contains("\"block_id\":\"newDueDate\"")
                .contains("\"block_id\":\"rationale\"");

        JsonNode bad = objectMapper.readTree(interact(submission("UALEX", SlackActions.PROPOSE_DATE, itemId, Map.of(
                SlackActions.NEW_DUE_DATE, LocalDate.now().minusDays(1).toString(),
                SlackActions.RATIONALE, "later"))).body());
        assertThat(bad.path("errors").path("newDueDate").asText()).contains("future");
        assertThat(bad.path("errors").path("rationale").asText()).contains("sentence");
        assertThat(items.find(itemId).orElseThrow().state()).isEqualTo(ActionItemState.OVERDUE);

        LocalDate newDate = LocalDate.now().plusDays(14);
        HttpResponse<String> ok = interact(submission("UALEX", SlackActions.PROPOSE_DATE, itemId, Map.of(
                SlackActions.NEW_DUE_DATE, newDate.toString(),
                SlackActions.RATIONALE, "Blocked on the database team's pool migration until next sprint.")));
        assertThat(ok.body()).isEmpty();
        ActionItem item = items.find(itemId).orElseThrow();
        assertThat(item.dueDate()).isEqualTo(newDate);
        assertThat(item.state()).isEqualTo(ActionItemState.OPEN);
        ActionItem.HistoryEntry last = item.history().get(item.history().size() - 1);
        assertThat(last.action()).isEqualTo("REPRIORITIZED");
        assertThat(last.by()).isEqualTo("alex");
        assertThat(last.rationale()).contains("Blocked on the database team's pool migration");
        // the ladder starts again from the new date
        BpmnAwareTests.assertThat(pi).isWaitingAt(Elements.TASK_COMPLETE, Elements.TIMER_REMINDER);
    }

    // ------------------------------------------------------------------------------------------ slash command

    private String command(String slackUser, String text) throws Exception {
        String body = "token=ignored&team_id=T1&channel_id=C1&user_id=" + slackUser + "&command=%2Fpostmortem&text="
                + URLEncoder.encode(text, StandardCharsets.UTF_8) + "&response_url="
                + URLEncoder.encode(wireMockUrl() + "/respond", StandardCharsets.UTF_8) + "&trigger_id=t"
                + System.nanoTime();
        HttpResponse<String> r = signed(SlackController.COMMANDS, body, Instant.now(), null);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode answer = objectMapper.readTree(r.body());
        assertThat(answer.path("response_type").asText()).isEqualTo("ephemeral");
        return answer.path("text").asText();
    }

    @Test
    void the_slash_command_answers_a_participant_and_not_found_to_an_outsider_on_a_restricted_incident()
            throws Exception {
        String open = channelIncident(newIncidentId("SLK-CMD"), "CCMD" + Math.abs(System.nanoTime() % 1000000),
                false);
        String status = command("UCARLOS", open);
        assertThat(status).contains("*Incident " + open + "* [SEV1] Payment API returned 503 for checkout")
                .contains("Stage: ").contains("Open tasks:").contains("Action items:");
        String task = taskService.createTaskQuery().processInstanceBusinessKey(open).list().get(0).getName();
        assertThat(status).contains("• " + task + " — ");

        String restricted = channelIncident(newIncidentId("SLK-SEC"), "CSEC" + Math.abs(System.nanoTime() % 1000000),
                true);
        // a participant (the author) sees it; an outsider gets exactly what an unknown id gets
        assertThat(command("UPRIYA", restricted)).contains("*Incident " + restricted + "*");
        assertThat(command("UALEX", restricted)).isEqualTo("Incident " + restricted + " not found.");
        assertThat(command("UALEX", "NO-SUCH-INCIDENT")).isEqualTo("Incident NO-SUCH-INCIDENT not found.");
        assertThat(command("UNOBODY", open)).contains("Aftermath does not know you").doesNotContain(open);
        assertThat(command("UCARLOS", "")).startsWith("Usage: /postmortem <incident id>");
    }
}
