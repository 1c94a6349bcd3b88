package dev.aftermath.pagerduty;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import dev.aftermath.incident.Incident;
import dev.aftermath.incident.IncidentService;
import dev.aftermath.integration.pagerduty.PagerDutyNotes;
import dev.aftermath.security.WebhookSignature;
import dev.aftermath.web.FieldError;
import dev.aftermath.web.InputLimits;
import dev.aftermath.web.InvalidInputException;

/**
 * {@code POST /api/webhooks/pagerduty}: PagerDuty v3 webhooks. Authenticated by the {@code X-PagerDuty-Signature}
 * HMAC (no HTTP Basic on this door). {@code incident.resolved} starts the same lifecycle as {@code POST /api/incidents};
 * every other event type is acknowledged and ignored.
 */
@RestController
public class PagerDutyWebhookController {

    public static final String PATH = "/api/webhooks/pagerduty";
    static final String RESOLVED = "incident.resolved";
    private static final Logger LOG = LoggerFactory.getLogger(PagerDutyWebhookController.class);

    private final PagerDutyProperties properties;
    private final IncidentService incidents;
    private final ObjectMapper json;
    private final PagerDutyNotes notes;

    public PagerDutyWebhookController(PagerDutyProperties properties, IncidentService incidents, ObjectMapper json,
                                      PagerDutyNotes notes) {
        this.notes = notes;
        this.properties = properties;
        this.incidents = incidents;
        this.json = json;
    }

    @PostMapping(path = PATH, consumes = MediaType.ALL_VALUE)
    public ResponseEntity<?> receive(@RequestBody(required = false) byte[] body,
                                     @RequestHeader(name = "X-PagerDuty-Signature", required = false) String signature) {
        byte[] raw = body == null ? new byte[0] : body;
        if (!PagerDutySignature.verify(raw, signature, properties.secret())) {
            LOG.warn("PagerDuty webhook refused: {}", properties.secret() == null || properties.secret().isBlank()
                    ? "no aftermath.pagerduty.secret configured" : "signature missing or wrong");
            return WebhookSignature.refused("X-PagerDuty-Signature");
        }
        JsonNode root;
        try {
            root = json.readTree(raw);
        } catch (IOException e) {
            throw new InvalidInputException("Invalid PagerDuty webhook", List.of(new FieldError("body",
                    "is not valid JSON")));
        }
        JsonNode event = root == null ? null : root.get("event");
        if (event == null || !event.isObject()) {
            throw new InvalidInputException("Invalid PagerDuty webhook", List.of(new FieldError("event",
                    "is required: an object")));
        }
        String type = text(event, "event_type");
        if (!RESOLVED.equals(type)) {
            Map<String, Object> ignored = new LinkedHashMap<>();
            ignored.put("ignored", true);
            ignored.put("eventType", type);
            return ResponseEntity.accepted().body(ignored);
        }
        ObjectNode incident = map(event);
        IncidentService.Received received;
        try {
            received = incidents.receive(incident, "pagerduty");
        } catch (InvalidInputException e) {
            // name the fields as PagerDuty sent them
            throw new InvalidInputException(e.title(), e.errors().stream()
                    .map(f -> new FieldError(PAGERDUTY_FIELDS.getOrDefault(f.field(), f.field()), f.message()))
                    .toList());
        } catch (DuplicateKeyException raced) {
            received = new IncidentService.Received(incidents.get(incident.get("id").asText()), false);
        }
        Incident i = received.incident();
        // the PagerDuty incident gets a note with the post-mortem's link at publication
        notes.link(i.id(), incident.get("id").asText());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("incidentId", i.id());
        answer.put("processInstanceId", i.processInstanceId());
        return ResponseEntity.accepted().body(answer);
    }

    /** PagerDuty's incident as an Aftermath closure; missing fields are named by their PagerDuty path. */
    ObjectNode map(JsonNode event) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode data = event.get("data");
        String id = text(data, "id");
        String occurredAt = text(event, "occurred_at");
        String createdAt = text(data, "created_at");
        if (id == null) {
            errors.add(new FieldError("event.data.id", "is required"));
        }
        if (occurredAt == null) {
            errors.add(new FieldError("event.occurred_at", "is required"));
        }
        String priority = text(data == null ? null : data.get("priority"), "summary");
        String urgency = text(data, "urgency");
        String severity = priority != null ? properties.priorities().get(priority.toUpperCase(Locale.ROOT))
                : urgency != null ? properties.urgencies().get(urgency.toLowerCase(Locale.ROOT)) : null;
        if (severity == null) {
            errors.add(new FieldError(priority != null ? "event.data.priority.summary" : "event.data.urgency",
                    (priority != null ? "priority '" + priority + "'" : urgency != null ? "urgency '" + urgency + "'"
                            : "neither priority nor urgency")
                            + " maps to no severity (aftermath.pagerduty.priorities / urgencies)"));
        }
        if (properties.commander() == null || properties.commander().isBlank()) {
            errors.add(new FieldError("commander", "no aftermath.pagerduty.commander configured"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("Invalid PagerDuty webhook", errors);
        }
        ObjectNode incident = json.createObjectNode();
        incident.put("id", id);
        // PagerDuty's free text is cut to Aftermath's limits rather than refused: PagerDuty would only retry
        incident.put("title", clip(text(data, "title"), InputLimits.TITLE));
        incident.put("service", clip(text(data == null ? null : data.get("service"), "summary"), InputLimits.SERVICE));
        incident.put("severity", severity);
        if (createdAt != null) {
            incident.put("startedAt", createdAt);
        }
        incident.put("resolvedAt", occurredAt);
        incident.put("commander", properties.commander());
        // PagerDuty has no symptom fingerprint: the incident title stands in for it (recurrence counting)
        incident.put("symptom", clip(text(data, "title"), InputLimits.SYMPTOM));
        return incident;
    }

    /** Aftermath's field names of a closure mapped back to the PagerDuty fields they came from. */
    static final Map<String, String> PAGERDUTY_FIELDS = Map.of("id", "event.data.id", "title", "event.data.title",
            "service", "event.data.service.summary", "startedAt", "event.data.created_at",
            "resolvedAt", "event.occurred_at", "symptom", "event.data.title", "commander", "commander",
            "severity", "event.data.priority.summary");

    /** The text on one line without control characters, cut to {@code max} characters (with an ellipsis). */
    static String clip(String value, int max) {
        if (value == null) {
            return null;
        }
        String clean = value.replaceAll("[\\p{Cntrl}\\p{Cs}]+", " ").strip();
        if (clean.length() <= max) {
            return clean;
        }
        int end = Character.isHighSurrogate(clean.charAt(max - 2)) ? max - 2 : max - 1;
        return clean.substring(0, end).strip() + "…";
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() || !v.isValueNode() || v.asText().isBlank() ? null : v.asText();
    }
}
