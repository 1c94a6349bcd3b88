package dev.aftermath.slack;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import dev.aftermath.chat.SlackApp;
import dev.aftermath.security.WebhookSignature;
import dev.aftermath.web.FieldError;
import dev.aftermath.web.InvalidInputException;

/**
 * Slack's requests to the app: {@code POST /api/webhooks/slack/interactivity} (message shortcut, reminder buttons,
 * modal submissions) and {@code POST /api/webhooks/slack/commands} ({@code /postmortem}). No login: each request is
 * authenticated by its v0 signature ({@link SlackSignature}); a bad or old signature answers 401 and nothing changes;
 * a request seen before ({@link SlackReplays}) is acknowledged and acted on no second time.
 */
@RestController
@Tag(name = "webhooks")
public class SlackController {

    public static final String INTERACTIVITY = "/api/webhooks/slack/interactivity";
    public static final String COMMANDS = "/api/webhooks/slack/commands";
    public static final String COMMAND = "/postmortem";
    private static final Logger LOG = LoggerFactory.getLogger(SlackController.class);
    private static final String SIGNATURE_DOC = "`X-Slack-Signature` is `v0=` followed by the lower-case hex "
            + "HMAC-SHA256, keyed by the Slack app's signing secret (`AFTERMATH_SLACK_SIGNING_SECRET`), of "
            + "`v0:<X-Slack-Request-Timestamp>:<raw request body>`; it is compared in constant time, and the "
            + "timestamp may be at most 5 minutes from the server's clock. Missing, wrong or old answers 401 and "
            + "nothing changes. A replayed request (same signature, trigger_id or action_ts) changes nothing again.";

    private final SlackApp app;
    private final SlackActions actions;
    private final SlackReplays replays;
    private final ObjectMapper json;
    private final Clock clock;

    public SlackController(SlackApp app, SlackActions actions, SlackReplays replays, ObjectMapper json, Clock clock) {
        this.app = app;
        this.actions = actions;
        this.replays = replays;
        this.json = json;
        this.clock = clock;
    }

    @PostMapping(path = INTERACTIVITY, consumes = MediaType.ALL_VALUE)
    @Operation(operationId = "receiveSlackInteraction", summary = "Slack interactivity: shortcut, buttons, modals",
            description = "Sender: Slack, for the Aftermath Slack app (no HTTP Basic: the signature authenticates "
                    + "it). Form-encoded, one field `payload` (JSON). The message shortcut "
                    + "`add_to_postmortem_timeline` adds the message to the timeline of the channel's incident "
                    + "(actor: the Slack user's directory user, by e-mail; time: the message's; source: its "
                    + "permalink); the reminder buttons `actionitem_mark_done` / `actionitem_propose_date` (value: the "
                    + "item id) open a modal; the modal's submission completes the item or sets a new due date with "
                    + "the permissions of the API. Answers are ephemeral (response_url). " + SIGNATURE_DOC,
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = "application/x-www-form-urlencoded",
                    schema = @Schema(implementation = SlackInteraction.class))),
            responses = {
                    @ApiResponse(responseCode = "200", description = "Acknowledged; for a modal submission with "
                            + "errors Slack's `response_action: errors` naming each field", content = @Content(
                            schema = @Schema(implementation = SlackViewErrors.class))),
                    @ApiResponse(responseCode = "400", description = "No `payload`, or not JSON: `errors` names it"),
                    @ApiResponse(responseCode = "401", description = "X-Slack-Signature is missing, does not "
                            + "match the body or is older than 5 minutes (or no signing secret is configured)")})
    public ResponseEntity<?> interactivity(
            @Parameter(required = true, description = "`v0=<hex HMAC-SHA256>`", example = "v0=a2114d57b4...")
            @RequestHeader(name = SlackSignature.HEADER, required = false) String signature,
            @Parameter(required = true, description = "Unix seconds", example = "1765029600")
            @RequestHeader(name = SlackSignature.TIMESTAMP_HEADER, required = false) String timestamp,
            HttpServletRequest request) throws IOException {
        byte[] body = request.getInputStream().readAllBytes();
        if (!verified(timestamp, body, signature)) {
            return WebhookSignature.refused(SlackSignature.HEADER);
        }
        String raw = form(body).get("payload");
        JsonNode payload;
        try {
            payload = raw == null ? null : json.readTree(raw);
        } catch (IOException e) {
            payload = null;
        }
        if (payload == null || !payload.isObject()) {
            throw new InvalidInputException("Invalid Slack interaction", List.of(new FieldError("payload",
                    "is required: Slack's interaction payload as JSON")));
        }
        String type = payload.path("type").asText("");
        List<String> keys = new ArrayList<>();
        keys.add("sig:" + signature.strip());
        keys.add(key("trigger", payload.path("trigger_id").asText("")));
        keys.add(key("action", payload.path("user").path("id").asText("") + ":"
                + payload.path("action_ts").asText(payload.path("actions").path(0).path("action_ts").asText(""))));
        if (!replays.first(keys)) {
            LOG.warn("Slack {} replayed: acknowledged, nothing done", type);
            return ResponseEntity.ok().build();
        }
        try {
            switch (type) {
                case "message_action" -> {
                    if (SlackActions.SHORTCUT.equals(payload.path("callback_id").asText())) {
                        actions.addToTimeline(payload);
                    }
                }
                case "block_actions" -> {
                    String actionId = payload.path("actions").path(0).path("action_id").asText("");
                    if (SlackActions.MARK_DONE.equals(actionId) || SlackActions.PROPOSE_DATE.equals(actionId)) {
                        actions.button(payload);
                    }
                }
                case "view_submission" -> {
                    Map<String, Object> answer = actions.submit(payload);
                    if (answer != null) {
                        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(answer);
                    }
                }
                default -> LOG.debug("Slack interaction {} ignored", type);
            }
        } catch (SlackActionsWebApi.SlackException e) {
            // Slack itself failed us (users.info, views.open, response_url): acknowledged, logged
            SlackActions.logFailure(type, e);
        }
        return ResponseEntity.ok().build();
    }

    @PostMapping(path = COMMANDS, consumes = MediaType.ALL_VALUE)
    @Operation(operationId = "receiveSlackCommand", summary = "Slack slash command /postmortem <incident id>",
            description = "Sender: Slack, for the Aftermath Slack app's slash command `/postmortem` (no HTTP Basic: "
                    + "the signature authenticates it). Form-encoded as Slack sends commands (`command`, `text`, "
                    + "`user_id`, ...). Answers ephemerally with the post-mortem's stage, deadline, open tasks with "
                    + "their owners and the action items; a restricted incident answers \"not found\" to a user who "
                    + "may not see it, exactly as an unknown id; a Slack user who is not in the directory gets a "
                    + "refusal. Changes nothing. " + SIGNATURE_DOC,
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = "application/x-www-form-urlencoded",
                    schema = @Schema(implementation = SlackCommand.class))),
            responses = {
                    @ApiResponse(responseCode = "200", description = "The ephemeral answer", content = @Content(
                            schema = @Schema(implementation = SlackAnswer.class))),
                    @ApiResponse(responseCode = "400", description = "Not the /postmortem command: `errors` names "
                            + "`command`"),
                    @ApiResponse(responseCode = "401", description = "X-Slack-Signature is missing, does not "
                            + "match the body or is older than 5 minutes (or no signing secret is configured)")})
    public ResponseEntity<?> command(
            @Parameter(required = true, description = "`v0=<hex HMAC-SHA256>`", example = "v0=a2114d57b4...")
            @RequestHeader(name = SlackSignature.HEADER, required = false) String signature,
            @Parameter(required = true, description = "Unix seconds", example = "1765029600")
            @RequestHeader(name = SlackSignature.TIMESTAMP_HEADER, required = false) String timestamp,
            HttpServletRequest request) throws IOException {
        byte[] body = request.getInputStream().readAllBytes();
        if (!verified(timestamp, body, signature)) {
            return WebhookSignature.refused(SlackSignature.HEADER);
        }
        Map<String, String> form = form(body);
        if (!COMMAND.equals(form.get("command"))) {
            throw new InvalidInputException("Invalid Slack command", List.of(new FieldError("command",
                    "must be " + COMMAND)));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("response_type", "ephemeral");
        if (!replays.first(List.of("sig:" + signature.strip(), key("trigger", form.getOrDefault("trigger_id", ""))))) {
            answer.put("text", actions.refusal("replayed", Map.of()));
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(answer);
        }
        String text;
        try {
            text = actions.status(form.get("user_id"), form.get("text"));
        } catch (SlackActionsWebApi.SlackException e) {
            SlackActions.logFailure(COMMAND, e);
            text = actions.refusal("slack-failed", Map.of());
        }
        answer.put("text", text);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(answer);
    }

    private boolean verified(String timestamp, byte[] body, String signature) {
        String secret = app.settings().signingSecret();
        if (SlackSignature.verify(timestamp, body, signature, secret, clock.instant())) {
            return true;
        }
        LOG.warn("Slack request refused: {}", secret == null || secret.isBlank()
                ? "no aftermath.slack.signing-secret configured" : "signature missing, wrong or too old");
        return false;
    }

    private static String key(String kind, String value) {
        return value == null || value.isBlank() || value.endsWith(":") ? null : kind + ":" + value;
    }

    /** A form-encoded body as Slack sends it (UTF-8). */
    static Map<String, String> form(byte[] body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            fields.putIfAbsent(name, value);
        }
        return fields;
    }

    /** What Slack posts to the interactivity URL, for the OpenAPI document (read from the raw body). */
    @Schema(description = "A Slack interaction (form-encoded)")
    record SlackInteraction(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The interaction "
            + "as JSON: type message_action, block_actions or view_submission (see Slack's interactivity docs)",
            example = "{\"type\":\"message_action\",\"callback_id\":\"add_to_postmortem_timeline\"}") String payload) {
    }

    /** What Slack posts for a slash command. */
    @Schema(description = "A Slack slash command (form-encoded; only the fields Aftermath reads)")
    record SlackCommand(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "/postmortem") String command,
                        @Schema(description = "The incident id", example = "INC-2041") String text,
                        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "U0123ABCD") String user_id,
                        @Schema(example = "13345224609.738474920.8088930838d88f008e0") String trigger_id) {
    }

    /** Slack's answer to a modal submission with errors. */
    @Schema(description = "Errors of a modal submission (Slack's response_action: errors)")
    record SlackViewErrors(@Schema(example = "errors") String response_action,
                           @Schema(description = "A message per input block (resolution, newDueDate, rationale)")
                           Map<String, String> errors) {
    }

    /** The ephemeral answer to a slash command. */
    @Schema(description = "An ephemeral Slack message")
    record SlackAnswer(@Schema(example = "ephemeral") String response_type,
                       @Schema(example = "*Incident INC-2041* [SEV2] Checkout errors") String text) {
    }
}
