package dev.aftermath.pagerduty;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

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
@Tag(name = "webhooks")
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
    @Operation(operationId = "receivePagerDutyWebhook", summary = "PagerDuty v3 webhook: a resolved incident",
            description = "Sender: a PagerDuty v3 webhook subscription (no HTTP Basic: the signature authenticates "
                    + "it). `X-PagerDuty-Signature` is `v1=` followed by the lower-case hex HMAC-SHA256 of the raw "
                    + "request body with the subscription's signing secret (`AFTERMATH_PAGERDUTY_SECRET`); while a "
                    + "secret is rotated PagerDuty sends several, comma-separated, and one must match. It is compared "
                    + "in constant time; missing or wrong answers 401 and nothing changes. `incident.resolved` starts "
                    + "the same lifecycle as `POST /api/incidents` (the priority or urgency maps to a severity, the "
                    + "configured commander is recorded; title, service and symptom are cut to their limits rather "
                    + "than refused), once per PagerDuty incident id; every other event type answers 202 and is "
                    + "ignored.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = PagerDutyWebhook.class))),
            responses = {
                    @ApiResponse(responseCode = "202", description = "Received (the lifecycle started, or was started "
                            + "before for this id), or ignored (another event type)", content = @Content(
                            schema = @Schema(oneOf = {PagerDutyReceipt.class, PagerDutyIgnored.class}))),
                    @ApiResponse(responseCode = "400", description = "Not JSON, no event, or fields missing or "
                            + "unmapped: `errors` names them by their PagerDuty path (`event.data.id`)"),
                    @ApiResponse(responseCode = "401", description = "X-PagerDuty-Signature is missing or does not "
                            + "match the body (or no secret is configured)")})
    public ResponseEntity<?> receive(@RequestBody(required = false) byte[] body,
                                     @Parameter(required = true, description = "`v1=<hex HMAC-SHA256 of the raw body>`"
                                             + "[,`v1=...`]", example = "v1=5f2b0c3e9a...")
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
        // the incident's Slack channel, where its conference bridge is a channel link (…slack.com/archives/C0123ABCD)
        String bridge = text(data == null ? null : data.get("conference_bridge"), "conference_url");
        Matcher channel = bridge == null ? null : SLACK_CHANNEL_LINK.matcher(bridge);
        if (channel != null && channel.find()) {
            incident.put("chatChannel", channel.group(1));
        }
        return incident;
    }

    /** Aftermath's field names of a closure mapped back to the PagerDuty fields they came from. */
    /** A Slack channel link: https://workspace.slack.com/archives/C0123ABCD (or app.slack.com/client/T…/C…). */
    static final Pattern SLACK_CHANNEL_LINK = Pattern.compile(
            "^https://[A-Za-z0-9.-]*slack\\.com/(?:archives|client/[A-Z0-9]+)/([A-Z0-9]{8,20})(?:[/?#].*)?$");

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

    /** What the webhook reads of PagerDuty's v3 payload, for the OpenAPI document (read as raw JSON). */
    @Schema(description = "A PagerDuty v3 webhook payload (only the fields Aftermath reads)")
    record PagerDutyWebhook(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) PagerDutyEvent event) {
    }

    @Schema(description = "The event")
    record PagerDutyEvent(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "incident.resolved",
                    description = "Only incident.resolved is acted on") String event_type,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, format = "date-time", description = "Becomes "
                    + "resolvedAt", example = "2026-11-20T14:23:00Z") String occurred_at,
            PagerDutyIncident data) {
    }

    @Schema(description = "PagerDuty's incident")
    record PagerDutyIncident(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "Q1W2E3R4T5", description = "Becomes the "
                    + "incident id") String id,
            @Schema(description = "Becomes title and symptom (cut to 300 and 500 characters)") String title,
            @Schema(format = "date-time", description = "Becomes startedAt") String created_at,
            @Schema(description = "Mapped to a severity when there is no priority", example = "high") String urgency,
            @Schema(description = "summary (e.g. P1) is mapped to a severity") PagerDutySummary priority,
            @Schema(description = "summary becomes the service (cut to 200 characters)") PagerDutySummary service) {
    }

    @Schema(description = "A PagerDuty reference with its summary")
    record PagerDutySummary(@Schema(example = "P1") String summary) {
    }

    @Schema(description = "The incident Aftermath received")
    record PagerDutyReceipt(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String incidentId,
                            String processInstanceId) {
    }

    @Schema(description = "An event Aftermath ignores")
    record PagerDutyIgnored(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Always true")
                            boolean ignored, @Schema(example = "incident.triggered") String eventType) {
    }
}
