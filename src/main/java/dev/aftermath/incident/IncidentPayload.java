package dev.aftermath.incident;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

import dev.aftermath.web.FieldError;
import dev.aftermath.web.InputLimits;
import dev.aftermath.web.InvalidInputException;

/**
 * Reads an incident closure (the JSON of {@code POST /api/incidents}, or the variables of the Tasklist start form)
 * and checks every field, collecting all problems so that the answer names each bad field at once.
 */
public final class IncidentPayload {

    public static final int MAX_ID_LENGTH = InputLimits.INCIDENT_ID;
    /** A Slack channel id ({@code C0123ABCD}) or a channel name ({@code #inc-2041-checkout}). */
    static final String CHAT_CHANNEL = "#?[A-Za-z0-9][A-Za-z0-9._-]*";

    private final JsonNode node;
    private final Predicate<String> userExists;
    private final List<FieldError> errors = new ArrayList<>();

    private IncidentPayload(JsonNode node, Predicate<String> userExists) {
        this.node = node;
        this.userExists = userExists;
    }

    /**
     * @param node       the posted object
     * @param userExists whether a user id names a Camunda user
     * @param createdBy  who posted it
     * @param now        the time of receipt ({@code createdAt}; a resolution may lie at most 5 minutes after it)
     * @throws InvalidInputException naming every bad field
     */
    public static Incident parse(JsonNode node, Predicate<String> userExists, String createdBy, Instant now) {
        if (node == null || !node.isObject()) {
            throw new InvalidInputException("Invalid incident",
                    List.of(new FieldError("body", "must be a JSON object")));
        }
        return new IncidentPayload(node, userExists).read(createdBy, now);
    }

    private Incident read(String createdBy, Instant now) {
        String id = text("id", true, MAX_ID_LENGTH, false);
        if (id != null && (id.length() > MAX_ID_LENGTH || !id.matches("[A-Za-z0-9][A-Za-z0-9._:-]*"))) {
            errors.add(new FieldError("id", "must be 1-" + MAX_ID_LENGTH
                    + " letters, digits, '.', '_', ':' or '-', starting with a letter or digit"));
        }
        String title = text("title", false, InputLimits.TITLE, false);
        String service = text("service", false, InputLimits.SERVICE, false);
        Severity severity = severity();
        Instant startedAt = instant("startedAt", false);
        Instant detectedAt = instant("detectedAt", false);
        Instant acknowledgedAt = instant("acknowledgedAt", false);
        Instant mitigatedAt = instant("mitigatedAt", false);
        Instant resolvedAt = instant("resolvedAt", true);
        order("detectedAt", detectedAt, "startedAt", startedAt);
        order("acknowledgedAt", acknowledgedAt, "detectedAt", detectedAt);
        order("mitigatedAt", mitigatedAt, "detectedAt", detectedAt);
        order("resolvedAt", resolvedAt, "detectedAt", detectedAt);
        order("resolvedAt", resolvedAt, "startedAt", startedAt);
        if (resolvedAt != null && resolvedAt.isAfter(now.plusSeconds(300))) {
            errors.add(new FieldError("resolvedAt", "lies in the future: post the incident when it is closed"));
        }
        String commander = user("commander", true);
        List<String> responders = users("responders");
        Long usersAffected = null;
        BigDecimal affected = number("usersAffected");
        if (affected != null) {
            if (affected.signum() < 0) {
                errors.add(new FieldError("usersAffected", "must not be negative"));
            } else if (affected.stripTrailingZeros().scale() > 0) {
                errors.add(new FieldError("usersAffected", "must be a whole number"));
            } else if (affected.compareTo(BigDecimal.valueOf(InputLimits.USERS_AFFECTED)) > 0) {
                errors.add(new FieldError("usersAffected", "must be at most " + InputLimits.USERS_AFFECTED));
            } else {
                usersAffected = affected.longValueExact();
            }
        }
        Double percent = null;
        BigDecimal percentValue = number("usersAffectedPercent");
        if (percentValue != null) {
            if (percentValue.compareTo(BigDecimal.ZERO) < 0 || percentValue.compareTo(BigDecimal.valueOf(100)) > 0) {
                errors.add(new FieldError("usersAffectedPercent", "must be between 0 and 100"));
            } else {
                percent = percentValue.doubleValue();
            }
        }
        String customerImpact = text("customerImpact", false, InputLimits.CUSTOMER_IMPACT, true);
        String symptom = text("symptom", false, InputLimits.SYMPTOM, false);
        boolean dataLoss = bool("dataLoss");
        boolean securityIncident = bool("securityIncident");
        boolean slaBreached = bool("slaBreached");
        boolean nearMiss = bool("nearMiss");
        boolean restricted = bool("restricted");
        List<TimelineEntry> timeline = timeline();
        String author = user("author", false);
        String facilitator = user("facilitator", false);
        String chatChannel = text("chatChannel", false, InputLimits.CHAT_CHANNEL, false);
        if (chatChannel != null && !chatChannel.matches(CHAT_CHANNEL)) {
            errors.add(new FieldError("chatChannel", "must be a channel id or name: letters, digits, '.', '_' or '-',"
                    + " optionally after '#'"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("Invalid incident", errors);
        }
        return new Incident(id, title, service, severity, startedAt, detectedAt, acknowledgedAt, mitigatedAt,
                resolvedAt, commander, responders, usersAffected, percent, customerImpact, symptom, dataLoss,
                securityIncident, slaBreached, nearMiss, timeline, author, facilitator, null, null, null, null,
                IncidentState.RECEIVED, null, now, createdBy, null, null, false, null, chatChannel)
                .withRestriction(restricted);
    }

    private JsonNode field(String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value;
    }

    private String text(String name, boolean required, int max, boolean multiline) {
        JsonNode value = field(name);
        if (value == null || (value.isTextual() && value.asText().isBlank())) {
            if (required) {
                errors.add(new FieldError(name, "is required"));
            }
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(name, "must be a string"));
            return null;
        }
        String text = value.asText().trim();
        return InputLimits.text(name, text, max, multiline, errors) ? text : null;
    }

    private Severity severity() {
        String value = text("severity", true, InputLimits.SEVERITY, false);
        if (value == null) {
            return null;
        }
        try {
            return Severity.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("severity", "must be one of SEV1, SEV2, SEV3, SEV4 (was '" + value + "')"));
            return null;
        }
    }

    private Instant instant(String name, boolean required) {
        String value = text(name, required, InputLimits.INSTANT, false);
        return value == null ? null : parseInstant(name, value);
    }

    /** Instants outside these years are typos or attacks (and beyond what every database stores). */
    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private Instant parseInstant(String name, String value) {
        try {
            Instant instant = OffsetDateTime.parse(value).toInstant();
            if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
                errors.add(new FieldError(name, "must lie between the years 1970 and 9999"));
                return null;
            }
            return instant;
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(name, "must be an ISO-8601 instant such as 2026-11-20T14:23:00Z (was '"
                    + value + "')"));
            return null;
        }
    }

    private void order(String laterName, Instant later, String earlierName, Instant earlier) {
        if (later != null && earlier != null && later.isBefore(earlier)) {
            errors.add(new FieldError(laterName, "must not be before " + earlierName));
        }
    }

    private String user(String name, boolean required) {
        String value = text(name, required, InputLimits.USER_ID, false);
        if (value != null && !userExists.test(value)) {
            errors.add(new FieldError(name, "'" + value + "' is not a known user id"));
            return null;
        }
        return value;
    }

    private List<String> users(String name) {
        JsonNode value = field(name);
        if (value == null) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        if (value.isTextual()) {
            for (String id : value.asText().split(",")) {
                if (!id.isBlank()) {
                    ids.add(id.trim());
                }
            }
        } else if (value.isArray()) {
            for (JsonNode item : value) {
                if (!item.isTextual() || item.asText().isBlank()) {
                    errors.add(new FieldError(name, "must be a list of user ids"));
                    return List.of();
                }
                ids.add(item.asText().trim());
            }
        } else {
            errors.add(new FieldError(name, "must be a list of user ids"));
            return List.of();
        }
        if (ids.size() > InputLimits.RESPONDERS) {
            errors.add(new FieldError(name, "must name at most " + InputLimits.RESPONDERS + " users"));
            return List.of();
        }
        int before = errors.size();
        for (int i = 0; i < ids.size(); i++) {
            InputLimits.text(name + "[" + i + "]", ids.get(i), InputLimits.USER_ID, false, errors);
        }
        if (errors.size() > before) {
            return List.of();
        }
        if (String.join(",", ids).length() > InputLimits.RESPONDERS_JOINED) {
            errors.add(new FieldError(name, "must be at most " + InputLimits.RESPONDERS_JOINED
                    + " characters in all"));
            return List.of();
        }
        List<String> unknown = ids.stream().filter(id -> !userExists.test(id)).toList();
        if (!unknown.isEmpty()) {
            errors.add(new FieldError(name, "unknown user ids: " + String.join(", ", unknown)));
        }
        return ids.stream().distinct().toList();
    }

    /** A finite number (NaN and infinities are not numbers here). */
    private BigDecimal number(String name) {
        JsonNode value = field(name);
        if (value == null) {
            return null;
        }
        if (value.isNumber() && !(value.isDouble() && !Double.isFinite(value.doubleValue()))) {
            return value.decimalValue();
        }
        if (value.isTextual() && !value.asText().isBlank() && value.asText().length() <= 40) {
            try {
                return new BigDecimal(value.asText().trim());
            } catch (NumberFormatException ignored) {
                // reported below
            }
        } else if (value.isTextual()) {
            return null;
        }
        errors.add(new FieldError(name, "must be a number"));
        return null;
    }

    private boolean bool(String name) {
        JsonNode value = field(name);
        if (value == null) {
            return false;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        errors.add(new FieldError(name, "must be true or false (a JSON boolean, not a string)"));
        return false;
    }

    private List<TimelineEntry> timeline() {
        JsonNode value = field("timeline");
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            errors.add(new FieldError("timeline", "must be a list of {at, event, source, actor}"));
            return List.of();
        }
        if (value.size() > InputLimits.TIMELINE_ENTRIES) {
            errors.add(new FieldError("timeline", "must have at most " + InputLimits.TIMELINE_ENTRIES + " entries"));
            return List.of();
        }
        if (value.toString().length() > InputLimits.TIMELINE_JSON) {
            errors.add(new FieldError("timeline", "must be at most " + InputLimits.TIMELINE_JSON
                    + " characters of JSON in all"));
            return List.of();
        }
        List<TimelineEntry> entries = new ArrayList<>();
        int i = 0;
        for (JsonNode item : value) {
            String path = "timeline[" + i++ + "]";
            if (!item.isObject()) {
                errors.add(new FieldError(path, "must be an object {at, event, source, actor}"));
                continue;
            }
            Instant at = null;
            JsonNode atNode = item.get("at");
            if (atNode == null || atNode.isNull() || atNode.asText().isBlank()) {
                errors.add(new FieldError(path + ".at", "is required"));
            } else if (!atNode.isTextual() || atNode.asText().length() > InputLimits.INSTANT) {
                errors.add(new FieldError(path + ".at", "must be an ISO-8601 instant such as 2026-11-20T14:23:00Z"));
            } else {
                at = parseInstant(path + ".at", atNode.asText());
            }
            String event = item.hasNonNull("event") ? item.get("event").asText().trim() : "";
            if (event.isEmpty()) {
                errors.add(new FieldError(path + ".event", "is required"));
            }
            for (String n : List.of("event", "source", "actor")) {
                JsonNode v = item.get(n);
                if (v != null && !v.isNull() && !v.isValueNode()) {
                    errors.add(new FieldError(path + "." + n, "must be a string"));
                }
            }
            InputLimits.text(path + ".event", event, InputLimits.TIMELINE_EVENT, true, errors);
            InputLimits.text(path + ".source", textOf(item, "source"), InputLimits.TIMELINE_SOURCE, false, errors);
            InputLimits.text(path + ".actor", textOf(item, "actor"), InputLimits.TIMELINE_ACTOR, false, errors);
            for (Iterator<String> names = item.fieldNames(); names.hasNext(); ) {
                String n = names.next();
                if (!List.of("at", "event", "source", "actor").contains(n)) {
                    errors.add(new FieldError(path + "." + InputLimits.fieldName(n),
                            "is not a timeline field (at, event, source, actor)"));
                }
            }
            entries.add(new TimelineEntry(at, event, textOf(item, "source"), textOf(item, "actor")));
        }
        entries.sort(Comparator.comparing(TimelineEntry::at, Comparator.nullsLast(Comparator.naturalOrder())));
        return entries;
    }

    private static String textOf(JsonNode item, String name) {
        JsonNode v = item.get(name);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText().trim();
    }
}
