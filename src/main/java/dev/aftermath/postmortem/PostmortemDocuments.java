package dev.aftermath.postmortem;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

import dev.aftermath.calendar.Deadlines;
import dev.aftermath.directory.UserDirectory;
import dev.aftermath.incident.Incident;
import dev.aftermath.processapi.PostmortemProcess.Vars;
import dev.aftermath.process.JsonVariables;
import dev.aftermath.template.Formats;

/**
 * Builds the post-mortem document (sections by variable name) from the process variables, in the canonical shape
 * that is stored, served by the API and given to the templates as {@code $doc}.
 */
@Component
public class PostmortemDocuments {

    static final List<String> TEXT_SECTIONS = List.of(Vars.SUMMARY, Vars.IMPACT, Vars.ROOT_CAUSE,
            Vars.WHAT_WENT_WELL, Vars.WHAT_WENT_WRONG, Vars.LESSONS_LEARNED, Vars.CAUSE_CATEGORY, Vars.MEETING_NOTES,
            Vars.REVIEW_COMMENTS);

    private final JsonVariables json;
    private final UserDirectory directory;

    public PostmortemDocuments(JsonVariables json, UserDirectory directory) {
        this.json = json;
        this.directory = directory;
    }

    /** The document as it stands in the given variables. */
    public Map<String, Object> fromVariables(Map<String, Object> vars, Incident incident) {
        Map<String, Object> doc = new LinkedHashMap<>();
        for (String section : TEXT_SECTIONS) {
            Object value = vars.get(section);
            doc.put(section, value == null ? null : value.toString());
        }
        doc.put(Vars.TIMELINE, timeline(vars.get(Vars.TIMELINE)));
        doc.put(Vars.WHYS, texts(vars.get(Vars.WHYS)));
        doc.put(Vars.CONTRIBUTING_FACTORS, texts(vars.get(Vars.CONTRIBUTING_FACTORS)));
        doc.put(Vars.ACTION_ITEMS, actionItems(vars.get(Vars.ACTION_ITEMS)));
        doc.put(Vars.AUTHOR, vars.get(Vars.AUTHOR));
        doc.put("authorName", name(vars.get(Vars.AUTHOR)));
        doc.put(Vars.FACILITATOR, vars.get(Vars.FACILITATOR));
        doc.put("facilitatorName", name(vars.get(Vars.FACILITATOR)));
        doc.put(Vars.REVIEWERS, Formats.ids(vars.get(Vars.REVIEWERS)));
        doc.put(Vars.REVIEW_ROUNDS, vars.get(Vars.REVIEW_ROUNDS) == null ? 0 : vars.get(Vars.REVIEW_ROUNDS));
        doc.put("meeting", meeting(vars));
        // who added to the timeline before the meeting (issue 15): {contributor, name, entries, notes, via}
        doc.put(Vars.TIMELINE_CONTRIBUTIONS, json.listOfMaps(vars.get(Vars.TIMELINE_CONTRIBUTIONS)));
        doc.put("metrics", incident == null ? Map.of() : metrics(incident));
        return doc;
    }

    /** Time to detect / engage / resolve and the total duration, formatted ("5 min", "1 h 47 min"). */
    public Map<String, Object> metrics(Incident i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("timeToDetect", between(i.startedAt(), i.detectedAt()));
        m.put("timeToEngage", between(i.detectedAt(), i.acknowledgedAt()));
        m.put("timeToResolve", between(i.detectedAt(), i.resolvedAt()));
        m.put("duration", between(i.startedAt() != null ? i.startedAt() : i.detectedAt(), i.resolvedAt()));
        m.put("timeToDetectMinutes", minutes(i.startedAt(), i.detectedAt()));
        m.put("timeToEngageMinutes", minutes(i.detectedAt(), i.acknowledgedAt()));
        m.put("timeToResolveMinutes", minutes(i.detectedAt(), i.resolvedAt()));
        return m;
    }

    private static String between(Instant from, Instant to) {
        Long minutes = minutes(from, to);
        return minutes == null ? null : Formats.duration(minutes);
    }

    private static Long minutes(Instant from, Instant to) {
        return from == null || to == null ? null : Duration.between(from, to).toMinutes();
    }

    private String name(Object userId) {
        return userId == null ? null : directory.displayName(userId.toString());
    }

    /** Timeline entries in time order; entries without a valid time keep their place at the end. */
    public List<Map<String, Object>> timeline(Object value) {
        List<Map<String, Object>> entries = timelineAsGiven(value);
        entries.sort(Comparator.comparing(e -> sortKey((String) e.get("at")),
                Comparator.nullsLast(Comparator.naturalOrder())));
        return entries;
    }

    /** Timeline entries in the order the author gave them (the quality gate checks that order). */
    public List<Map<String, Object>> timelineAsGiven(Object value) {
        List<Map<String, Object>> entries = new ArrayList<>();
        JsonNode node = json.read(value);
        if (node == null || !node.isArray()) {
            return entries;
        }
        for (JsonNode item : node) {
            if (!item.isObject()) {
                continue;
            }
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("at", text(item, "at"));
            e.put("event", text(item, "event"));
            e.put("source", text(item, "source"));
            e.put("actor", text(item, "actor"));
            entries.add(e);
        }
        return entries;
    }

    private static Instant sortKey(String at) {
        try {
            return at == null ? null : Deadlines.instant(at);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A list of texts from a JSON array of strings or of {@code {text}} objects (what a dynamic list sends). */
    public List<String> texts(Object value) {
        List<String> texts = new ArrayList<>();
        JsonNode node = json.read(value);
        if (node == null) {
            return texts;
        }
        if (node.isTextual()) {
            node.asText().lines().map(String::trim).filter(s -> !s.isEmpty()).forEach(texts::add);
            return texts;
        }
        for (JsonNode item : node) {
            String text = item.isTextual() ? item.asText() : text(item, "text");
            if (text != null && !text.isBlank()) {
                texts.add(text.trim());
            }
        }
        return texts;
    }

    public List<Map<String, Object>> actionItems(Object value) {
        List<Map<String, Object>> items = new ArrayList<>();
        JsonNode node = json.read(value);
        if (node == null || !node.isArray()) {
            return items;
        }
        for (JsonNode item : node) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("title", text(item, "title"));
            a.put("owner", text(item, "owner"));
            a.put("ownerName", text(item, "owner") == null ? null : name(text(item, "owner")));
            a.put("dueDate", text(item, "dueDate"));
            a.put("priority", text(item, "priority"));
            items.add(a);
        }
        return items;
    }

    private Map<String, Object> meeting(Map<String, Object> vars) {
        Object start = vars.get(Vars.MEETING_START);
        if (start == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("start", start.toString());
        Object minutes = vars.get(Vars.MEETING_DURATION_MINUTES);
        long duration = minutes instanceof Number n ? n.longValue() : 60;
        m.put("durationMinutes", duration);
        try {
            m.put("end", Deadlines.instant(start.toString()).plus(Duration.ofMinutes(duration)).toString());
        } catch (RuntimeException e) {
            m.put("end", null);
        }
        m.put("location", vars.get(Vars.MEETING_LOCATION));
        m.put("attendees", Formats.ids(vars.get(Vars.ATTENDEES)));
        m.put("lateReason", vars.get(Vars.LATE_REASON));
        return m;
    }

    private static String text(JsonNode item, String field) {
        JsonNode v = item.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText().trim();
    }
}
