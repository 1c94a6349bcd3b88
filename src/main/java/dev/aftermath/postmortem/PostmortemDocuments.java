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

    static final List<String> TEXT_SECTIONS = List.of(Vars.SUMMARY.name(), Vars.IMPACT.name(), Vars.ROOT_CAUSE.name(),
            Vars.WHAT_WENT_WELL.name(), Vars.WHAT_WENT_WRONG.name(), Vars.LESSONS_LEARNED.name(), Vars.CAUSE_CATEGORY.name(), Vars.MEETING_NOTES.name(),
            Vars.REVIEW_COMMENTS.name());

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
        doc.put(Vars.TIMELINE.name(), timeline(vars.get(Vars.TIMELINE.name())));
        doc.put(Vars.WHYS.name(), texts(vars.get(Vars.WHYS.name())));
        doc.put(Vars.CONTRIBUTING_FACTORS.name(), texts(vars.get(Vars.CONTRIBUTING_FACTORS.name())));
        doc.put(Vars.ACTION_ITEMS.name(), actionItems(vars.get(Vars.ACTION_ITEMS.name())));
        doc.put(Vars.AUTHOR.name(), vars.get(Vars.AUTHOR.name()));
        doc.put("authorName", name(vars.get(Vars.AUTHOR.name())));
        doc.put(Vars.FACILITATOR.name(), vars.get(Vars.FACILITATOR.name()));
        doc.put("facilitatorName", name(vars.get(Vars.FACILITATOR.name())));
        doc.put(Vars.REVIEWERS.name(), Formats.ids(vars.get(Vars.REVIEWERS.name())));
        doc.put(Vars.REVIEW_ROUNDS.name(), vars.get(Vars.REVIEW_ROUNDS.name()) == null ? 0 : vars.get(Vars.REVIEW_ROUNDS.name()));
        doc.put("meeting", meeting(vars));
        // who added to the timeline before the meeting (issue 15): {contributor, name, entries, notes, via}
        doc.put(Vars.TIMELINE_CONTRIBUTIONS.name(), json.listOfMaps(vars.get(Vars.TIMELINE_CONTRIBUTIONS.name())));
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
        Object start = vars.get(Vars.MEETING_START.name());
        if (start == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("start", start.toString());
        Object minutes = vars.get(Vars.MEETING_DURATION_MINUTES.name());
        long duration = minutes instanceof Number n ? n.longValue() : 60;
        m.put("durationMinutes", duration);
        try {
            m.put("end", Deadlines.instant(start.toString()).plus(Duration.ofMinutes(duration)).toString());
        } catch (RuntimeException e) {
            m.put("end", null);
        }
        m.put("location", vars.get(Vars.MEETING_LOCATION.name()));
        m.put("attendees", Formats.ids(vars.get(Vars.ATTENDEES.name())));
        m.put("lateReason", vars.get(Vars.LATE_REASON.name()));
        return m;
    }

    private static String text(JsonNode item, String field) {
        JsonNode v = item.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText().trim();
    }
}
