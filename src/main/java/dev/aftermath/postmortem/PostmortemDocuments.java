package dev.aftermath.postmortem;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

import dev.aftermath.calendar.Deadlines;
import dev.aftermath.directory.UserDirectory;
import dev.aftermath.document.PostmortemDocument;
import dev.aftermath.document.PostmortemDocument.ActionItem;
import dev.aftermath.document.PostmortemDocument.Meeting;
import dev.aftermath.document.PostmortemDocument.Metrics;
import dev.aftermath.document.PostmortemDocument.TimelineContribution;
import dev.aftermath.document.PostmortemDocument.TimelineEntry;
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

    private final JsonVariables json;
    private final UserDirectory directory;

    public PostmortemDocuments(JsonVariables json, UserDirectory directory) {
        this.json = json;
        this.directory = directory;
    }

    /** The document as it stands in the given variables (no status, no publication time: those are stored). */
    public PostmortemDocument fromVariables(Map<String, Object> vars, Incident incident) {
        return new PostmortemDocument(string(vars.get(Vars.SUMMARY.name())), string(vars.get(Vars.IMPACT.name())),
                string(vars.get(Vars.ROOT_CAUSE.name())), string(vars.get(Vars.WHAT_WENT_WELL.name())),
                string(vars.get(Vars.WHAT_WENT_WRONG.name())), string(vars.get(Vars.LESSONS_LEARNED.name())),
                string(vars.get(Vars.CAUSE_CATEGORY.name())), string(vars.get(Vars.MEETING_NOTES.name())),
                string(vars.get(Vars.REVIEW_COMMENTS.name())),
                timeline(vars.get(Vars.TIMELINE.name())), texts(vars.get(Vars.WHYS.name())),
                texts(vars.get(Vars.CONTRIBUTING_FACTORS.name())), actionItems(vars.get(Vars.ACTION_ITEMS.name())),
                string(vars.get(Vars.AUTHOR.name())), name(vars.get(Vars.AUTHOR.name())),
                string(vars.get(Vars.FACILITATOR.name())), name(vars.get(Vars.FACILITATOR.name())),
                Formats.ids(vars.get(Vars.REVIEWERS.name())),
                vars.get(Vars.REVIEW_ROUNDS.name()) instanceof Number n ? n.intValue() : 0,
                meeting(vars),
                // who added to the timeline before the meeting (issue 15)
                contributions(vars.get(Vars.TIMELINE_CONTRIBUTIONS.name())),
                incident == null ? Metrics.NONE : metrics(incident), null, null);
    }

    /** The document as the quality gate sees it: the sections from the variables, the timeline in the author's order. */
    public PostmortemDocument forGate(Map<String, Object> vars) {
        return fromVariables(vars, null).withTimeline(timelineAsGiven(vars.get(Vars.TIMELINE.name())));
    }

    /** Time to detect / engage / resolve and the total duration, formatted ("5 min", "1 h 47 min"). */
    public Metrics metrics(Incident i) {
        return new Metrics(between(i.startedAt(), i.detectedAt()), between(i.detectedAt(), i.acknowledgedAt()),
                between(i.detectedAt(), i.resolvedAt()),
                between(i.startedAt() != null ? i.startedAt() : i.detectedAt(), i.resolvedAt()),
                minutes(i.startedAt(), i.detectedAt()), minutes(i.detectedAt(), i.acknowledgedAt()),
                minutes(i.detectedAt(), i.resolvedAt()));
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
    public List<TimelineEntry> timeline(Object value) {
        List<TimelineEntry> entries = new ArrayList<>(timelineAsGiven(value));
        entries.sort(Comparator.comparing(e -> sortKey(e.at()), Comparator.nullsLast(Comparator.naturalOrder())));
        return entries;
    }

    /** Timeline entries in the order the author gave them (the quality gate checks that order). */
    public List<TimelineEntry> timelineAsGiven(Object value) {
        List<TimelineEntry> entries = new ArrayList<>();
        JsonNode node = json.read(value);
        if (node == null || !node.isArray()) {
            return entries;
        }
        for (JsonNode item : node) {
            if (item.isObject()) {
                entries.add(new TimelineEntry(text(item, "at"), text(item, "event"), text(item, "source"),
                        text(item, "actor")));
            }
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

    public List<ActionItem> actionItems(Object value) {
        List<ActionItem> items = new ArrayList<>();
        JsonNode node = json.read(value);
        if (node == null || !node.isArray()) {
            return items;
        }
        for (JsonNode item : node) {
            String owner = text(item, "owner");
            items.add(new ActionItem(text(item, "title"), owner, owner == null ? null : name(owner),
                    text(item, "dueDate"), text(item, "priority")));
        }
        return items;
    }

    /** The timeline contributions as {@code TimelineContributions.summary} wrote them. */
    private List<TimelineContribution> contributions(Object value) {
        return json.mapper().convertValue(json.listOfMaps(value),
                new TypeReference<List<TimelineContribution>>() {
                });
    }

    private Meeting meeting(Map<String, Object> vars) {
        Object start = vars.get(Vars.MEETING_START.name());
        if (start == null) {
            return null;
        }
        Object minutes = vars.get(Vars.MEETING_DURATION_MINUTES.name());
        long duration = minutes instanceof Number n ? n.longValue() : 60;
        String end;
        try {
            end = Deadlines.instant(start.toString()).plus(Duration.ofMinutes(duration)).toString();
        } catch (RuntimeException e) {
            end = null;
        }
        return new Meeting(start.toString(), duration, end, string(vars.get(Vars.MEETING_LOCATION.name())),
                Formats.ids(vars.get(Vars.ATTENDEES.name())), string(vars.get(Vars.LATE_REASON.name())));
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }

    private static String text(JsonNode item, String field) {
        JsonNode v = item.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText().trim();
    }
}
