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
    public ResponseEntity<?> receive(@RequestBody(required = false) byte[] body,
                                     @RequestHeader(name = "X-Hub-Signature", required = false) String signature,
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
}
