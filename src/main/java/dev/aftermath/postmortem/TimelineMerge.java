package dev.aftermath.postmortem;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;

import dev.aftermath.calendar.Timestamps;
import dev.aftermath.document.PostmortemDocument.TimelineEntry;
import dev.aftermath.postmortem.TimelineContributionRepository.Row;
import dev.aftermath.web.FieldError;
import dev.aftermath.web.InputLimits;

/**
 * The merge of responders' timeline contributions into a post-mortem timeline, the same for the task form and the
 * API: entries in, merged entries and counts out; no engine, no database.
 *
 * <p>Rules: the contributed entries join the timeline with {@code actor} = the contributor; the result is in time
 * order (stable: entries at the same instant keep their order, entries without a valid time stay at the end); an
 * entry with the same instant and the same event text as one already there (exact duplicate, after trimming) is not
 * added again, the entry already there keeps its actor.
 */
public final class TimelineMerge {

    /** The longest event text of one entry. */
    public static final int MAX_EVENT_LENGTH = 2000;
    public static final int MAX_SOURCE_LENGTH = 200;
    /** Entries may lie this far before the incident started and after it was resolved. */
    public static final Duration WINDOW_MARGIN = Duration.ofHours(24);

    /** One validated entry. */
    public record Entry(Instant at, String event, String source) {
    }

    /** A timeline after a merge and how many entries the merge added. */
    public record Merged(List<TimelineEntry> timeline, int added) {
    }

    private TimelineMerge() {
    }

    /**
     * Validates a JSON list of {@code {at, event, source}} (rows with nothing filled in are skipped, as a form sends
     * them): {@code at} an ISO-8601 instant within [start − 24 h, resolvedAt + 24 h], {@code event} not empty and at
     * most {@value #MAX_EVENT_LENGTH} characters, {@code source} optional. Errors name {@code <field>[i].at} etc.
     */
    public static List<Entry> entries(JsonNode list, String field, Instant start, Instant resolvedAt,
                                      List<FieldError> errors) {
        List<Entry> entries = new ArrayList<>();
        if (list == null || list.isNull() || !list.isArray()) {
            errors.add(new FieldError(field, "must be a list of {at, event, source}"));
            return entries;
        }
        Instant from = start.minus(WINDOW_MARGIN);
        Instant to = resolvedAt.plus(WINDOW_MARGIN);
        int i = 0;
        for (JsonNode item : list) {
            String prefix = field + "[" + i++ + "]";
            if (!item.isObject()) {
                errors.add(new FieldError(prefix, "must be an object {at, event, source}"));
                continue;
            }
            String at = text(item, "at", prefix, errors);
            String event = text(item, "event", prefix, errors);
            String source = text(item, "source", prefix, errors);
            if (at == null && event == null && source == null) {
                continue;
            }
            Instant time = null;
            if (at == null && !named(errors, prefix + ".at")) {
                errors.add(new FieldError(prefix + ".at", "is required: when it happened (ISO-8601, UTC)"));
            } else if (at != null) {
                time = Timestamps.parse(at);
                if (time == null) {
                    errors.add(new FieldError(prefix + ".at",
                            "must be an ISO-8601 instant such as 2026-11-20T14:23:00Z"));
                } else if (time.isBefore(from) || time.isAfter(to)) {
                    errors.add(new FieldError(prefix + ".at", "must lie between " + from + " and " + to
                            + " (24 h before the incident started to 24 h after it was resolved)"));
                }
            }
            if (event == null) {
                if (!named(errors, prefix + ".event")) {
                    errors.add(new FieldError(prefix + ".event", "must not be empty"));
                }
            } else if (event.length() > MAX_EVENT_LENGTH) {
                errors.add(new FieldError(prefix + ".event", "must be at most " + MAX_EVENT_LENGTH + " characters"));
            }
            if (source != null && source.length() > MAX_SOURCE_LENGTH) {
                errors.add(new FieldError(prefix + ".source", "must be at most " + MAX_SOURCE_LENGTH
                        + " characters"));
            }
            if (time != null && event != null) {
                entries.add(new Entry(time, event, source));
            }
        }
        return entries;
    }

    /**
     * Merges entries into a timeline: actor = the contributor, exact duplicates (same instant and event text) once,
     * the result in time order (stable; entries without a valid time at the end).
     */
    public static Merged merge(List<TimelineEntry> timeline, List<Entry> entries, String actor) {
        List<TimelineEntry> result = new ArrayList<>(timeline);
        int added = 0;
        for (Entry entry : entries) {
            boolean duplicate = result.stream().anyMatch(e -> entry.at().equals(Timestamps.parse(e.at()))
                    && entry.event().strip().equals(e.event() == null ? null : e.event().strip()));
            if (duplicate) {
                continue;
            }
            result.add(new TimelineEntry(entry.at().toString(), entry.event().strip(), entry.source(), actor));
            added++;
        }
        result.sort(Comparator.comparing(e -> Timestamps.parse(e.at()),
                Comparator.nullsLast(Comparator.naturalOrder())));
        return new Merged(result, added);
    }

    /**
     * The given timeline with the stored contributions merged in, those made since {@code since} (every one when
     * null); {@code entries} reads a stored row's entries.
     */
    public static Merged mergeStored(List<TimelineEntry> timeline, List<Row> rows, Instant since,
                                     java.util.function.Function<String, List<Entry>> entries) {
        List<TimelineEntry> result = timeline;
        int added = 0;
        for (Row row : rows) {
            if (TimelineContributionRepository.CONTRIBUTED.equals(row.status())
                    && (since == null || row.createdAt() != null && !row.createdAt().isBefore(since))) {
                Merged m = merge(result, entries.apply(row.entries()), row.contributor());
                result = m.timeline();
                added += m.added();
            }
        }
        return new Merged(result, added);
    }

    /**
     * Who contributed what, one row per contributor in the order they first contributed: {@code contributor},
     * {@code name}, {@code entries} (how many entries they added), {@code notes} (what they knew / did not know),
     * {@code via} (task, api).
     */
    public static List<Map<String, Object>> summary(List<Row> rows, UnaryOperator<String> displayName) {
        Map<String, Map<String, Object>> byContributor = new LinkedHashMap<>();
        for (Row row : rows) {
            if (!TimelineContributionRepository.CONTRIBUTED.equals(row.status())) {
                continue;
            }
            Map<String, Object> s = byContributor.computeIfAbsent(row.contributor(), c -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("contributor", c);
                m.put("name", displayName.apply(c));
                m.put("entries", 0);
                m.put("notes", null);
                m.put("via", "");
                return m;
            });
            s.put("entries", (Integer) s.get("entries") + row.added());
            if (row.notes() != null) {
                s.put("notes", s.get("notes") == null ? row.notes() : s.get("notes") + "\n\n" + row.notes());
            }
            String via = row.channel().toLowerCase();
            String vias = (String) s.get("via");
            if (!List.of(vias.split(", ")).contains(via)) {
                s.put("via", vias.isEmpty() ? via : vias + ", " + via);
            }
        }
        return new ArrayList<>(byContributor.values());
    }

    /** Stored entries (a JSON list) read back; entries without a valid time or text are left out. */
    public static List<Entry> stored(JsonNode node) {
        List<Entry> entries = new ArrayList<>();
        if (node != null && node.isArray()) {
            for (JsonNode item : node) {
                Instant at = Timestamps.parse(text(item, "at"));
                String event = text(item, "event");
                if (at != null && event != null) {
                    entries.add(new Entry(at, event, text(item, "source")));
                }
            }
        }
        return entries;
    }

    /** Entries as they are stored: {@code {at, event, source}} in order. */
    public static List<Map<String, Object>> toStored(List<Entry> entries) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Entry e : entries) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", e.at().toString());
            m.put("event", e.event());
            m.put("source", e.source());
            list.add(m);
        }
        return list;
    }

    private static boolean named(List<FieldError> errors, String field) {
        return errors.stream().anyMatch(e -> e.field().equals(field));
    }

    private static String text(JsonNode item, String field) {
        JsonNode v = item.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText().trim();
    }

    /** A text field of an entry: a string or absent; a number, boolean, list or object is named as an error. */
    private static String text(JsonNode item, String field, String prefix, List<FieldError> errors) {
        JsonNode v = item.get(field);
        if (v != null && !v.isNull() && !v.isTextual()) {
            errors.add(new FieldError(prefix + "." + field, "must be a string"));
            return null;
        }
        String text = v == null || v.isNull() || v.asText().isBlank() ? null : v.asText().trim();
        String problem = text == null ? null : InputLimits.badCharacter(text, true);
        if (problem != null) {
            errors.add(new FieldError(prefix + "." + field, problem));
            return null;
        }
        return text;
    }
}
