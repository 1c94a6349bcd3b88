package dev.aftermath.integration.jira;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import dev.aftermath.security.WebhookSignature;
import dev.aftermath.web.FieldError;
import dev.aftermath.web.InvalidInputException;
import dev.aftermath.web.TextInput;

/**
 * {@code POST /api/webhooks/jira}: Jira's {@code jira:issue_updated} webhook, authenticated by its secret
 * ({@code X-Hub-Signature: sha256=<hex HMAC-SHA256 of the raw body>}, compared in constant time; 401 otherwise, and
 * nothing changes). Issues that are no action item's answer 202 and are ignored. See {@link JiraChanges}.
 */
@RestController
@Tag(name = "webhooks")
public class JiraWebhookController {

    public static final String PATH = "/api/webhooks/jira";
    private static final Logger LOG = LoggerFactory.getLogger(JiraWebhookController.class);
    private static final WebhookSignature SIGNATURE = new WebhookSignature("sha256=");

    private final JiraProperties properties;
    private final JiraChanges changes;
    private final ObjectMapper json;

    public JiraWebhookController(JiraProperties properties, JiraChanges changes, ObjectMapper json) {
        this.properties = properties;
        this.changes = changes;
        this.json = json;
    }

    @PostMapping(path = PATH, consumes = MediaType.ALL_VALUE)
    @Operation(operationId = "receiveJiraWebhook", summary = "Jira webhook: an action item's issue changed",
            description = "Sender: a Jira webhook with a secret, event `jira:issue_updated` (no HTTP Basic: the "
                    + "signature authenticates it). `X-Hub-Signature` is `sha256=` followed by the lower-case hex "
                    + "HMAC-SHA256 of the raw request body with the webhook's secret (`aftermath.jira.webhook-secret`), "
                    + "compared in constant time; missing or wrong answers 401 and nothing changes. For the issue of "
                    + "an action item: a status in the done category completes the item, a changed due date "
                    + "reschedules it, a new assignee becomes its owner. A delivery "
                    + "(`X-Atlassian-Webhook-Identifier`, else the body's hash) is applied once; a replay answers "
                    + "200 with `replayed: true`. Other events and issues of no action item answer 202 and are "
                    + "ignored.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = JiraWebhook.class))),
            responses = {
                    @ApiResponse(responseCode = "200", description = "Applied to the action item (or replayed)",
                            content = @Content(schema = @Schema(implementation = JiraApplied.class))),
                    @ApiResponse(responseCode = "202", description = "Ignored: another event, or no action item's "
                            + "issue", content = @Content(schema = @Schema(implementation = JiraIgnored.class))),
                    @ApiResponse(responseCode = "400", description = "Not a JSON object, or no issue.key"),
                    @ApiResponse(responseCode = "401", description = "X-Hub-Signature is missing or does not match "
                            + "the body (or no secret is configured)")})
    public ResponseEntity<?> receive(@RequestBody(required = false) byte[] body,
                                     @Parameter(required = true, description = "`sha256=<hex HMAC-SHA256 of the raw "
                                             + "body>`", example = "sha256=9c1d4e...")
                                     @RequestHeader(name = "X-Hub-Signature", required = false) String signature,
                                     @Parameter(description = "Jira's id of this delivery: a delivery is applied once")
                                     @RequestHeader(name = "X-Atlassian-Webhook-Identifier", required = false)
                                     String deliveryId) {
        byte[] raw = body == null ? new byte[0] : body;
        if (!SIGNATURE.verify(raw, signature, properties.getWebhookSecret())) {
            LOG.warn("Jira webhook refused: {}", properties.getWebhookSecret().isBlank()
                    ? "no aftermath.jira.webhook-secret configured" : "signature missing or wrong");
            return WebhookSignature.refused("X-Hub-Signature");
        }
        JsonNode root;
        try {
            root = json.readTree(raw);
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException("Invalid Jira webhook", List.of(new FieldError("body",
                    "is not a JSON object")));
        }
        String event = root.path("webhookEvent").asText(null);
        if (!"jira:issue_updated".equals(event)) {
            return ResponseEntity.accepted().body(ignored("event " + event + " is not handled"));
        }
        String key = root.path("issue").path("key").asText(null);
        if (key == null) {
            throw new InvalidInputException("Invalid Jira webhook", List.of(new FieldError("issue.key",
                    "is required")));
        }
        // the parts Aftermath reads and stores (status, resolution, due date, assignee, who changed it): one text check
        List<FieldError> bad = new java.util.ArrayList<>();
        TextInput.check("issue.key", root.path("issue").path("key"), bad);
        for (String field : List.of("status", "resolution", "duedate", "assignee")) {
            TextInput.check("issue.fields." + field, root.path("issue").path("fields").path(field), bad);
        }
        TextInput.check("user", root.path("user"), bad);
        TextInput.check("changelog", root.path("changelog"), bad);
        if (!bad.isEmpty()) {
            throw new InvalidInputException("Invalid Jira webhook", bad);
        }
        String delivery = deliveryId != null && !deliveryId.isBlank() ? "jira:" + deliveryId.strip()
                : "jira-body:" + HexFormat.of().formatHex(sha256(raw));
        JiraChanges.Result result = changes.apply(key, root, delivery);
        if (result == null) {
            return ResponseEntity.accepted().body(ignored("issue " + key + " belongs to no action item"));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("itemId", result.itemId());
        answer.put("replayed", result.replayed());
        answer.put("applied", result.applied());
        return ResponseEntity.ok(answer);
    }

    private static Map<String, Object> ignored(String why) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ignored", true);
        m.put("reason", why);
        return m;
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the webhook reads of Jira's payload, for the OpenAPI document (read as raw JSON). */
    @Schema(description = "A Jira webhook payload (only the fields Aftermath reads)")
    record JiraWebhook(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "jira:issue_updated",
                    description = "Only jira:issue_updated is acted on") String webhookEvent,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) JiraIssue issue,
            @Schema(description = "Who changed it (emailAddress, displayName)",
                    additionalProperties = Schema.AdditionalPropertiesValue.TRUE) Map<String, Object> user,
            @Schema(description = "Which fields changed (items: field, fieldId)",
                    additionalProperties = Schema.AdditionalPropertiesValue.TRUE) Map<String, Object> changelog) {
    }

    @Schema(description = "The Jira issue")
    record JiraIssue(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "OPS-9") String key,
                     @Schema(description = "status.statusCategory.key, resolution.name, duedate, assignee "
                             + "(emailAddress, accountId, displayName)",
                             additionalProperties = Schema.AdditionalPropertiesValue.TRUE) Map<String, Object> fields) {
    }

    @Schema(description = "What the webhook changed on the action item")
    record JiraApplied(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "INC-2041/AI-1") String itemId,
                       @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "This delivery was applied "
                               + "before: nothing changed") boolean replayed,
                       @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "DONE, RESCHEDULED, "
                               + "OWNER_CHANGED, UNKNOWN_ASSIGNEE_COMMENTED") List<String> applied) {
    }

    @Schema(description = "A delivery Aftermath ignores")
    record JiraIgnored(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Always true") boolean ignored,
                       @Schema(example = "issue OPS-1 belongs to no action item") String reason) {
    }
}
