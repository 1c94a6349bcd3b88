package dev.aftermath.postmortem;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import dev.aftermath.document.PostmortemDocument.TimelineEntry;
import dev.aftermath.postmortem.TimelineContributionRepository.Row;
import dev.aftermath.postmortem.TimelineMerge.Entry;
import dev.aftermath.web.FieldError;

/** The timeline merge: entries in, merged entries and counts out. */
class TimelineMergeTest {

    private static TimelineEntry entry(String at, String event, String actor) {
        return new TimelineEntry(at, event, null, actor);
    }

    @Test
    void contributions_join_in_time_order_with_their_actor_and_exact_duplicates_once() {
        List<TimelineEntry> timeline = List.of(entry("2026-11-20T10:00:00Z", "Alert", "pd"),
                entry(null, "Unknown time", "mia"), entry("2026-11-20T12:00:00Z", "Resolved", "pd"));
        TimelineMerge.Merged merged = TimelineMerge.merge(timeline, List.of(
                new Entry(Instant.parse("2026-11-20T11:00:00Z"), " Rolled back ", null),
                new Entry(Instant.parse("2026-11-20T10:00:00Z"), "Alert ", "grafana")), "sam");
        assertThat(merged.added()).isEqualTo(1);
        assertThat(merged.timeline()).extracting(TimelineEntry::event)
                .containsExactly("Alert", "Rolled back", "Resolved", "Unknown time");
        assertThat(merged.timeline().get(0).actor()).isEqualTo("pd");
        assertThat(merged.timeline().get(1)).isEqualTo(new TimelineEntry("2026-11-20T11:00:00Z", "Rolled back", null,
                "sam"));
    }

    @Test
    void entries_are_checked_against_the_incident_window() throws Exception {
        var list = new ObjectMapper().readTree("[{\"at\":\"2026-11-18T00:00:00Z\",\"event\":\"Too early\"},"
                + "{\"at\":\"\",\"event\":\"\",\"source\":\"\"},{\"at\":\"soon\",\"event\":\"x\"},"
                + "{\"at\":\" 2026-11-20T11:00:00+01:00 \",\"event\":\"Deploy\",\"source\":\"ci\"},\"text\"]");
        List<FieldError> errors = new ArrayList<>();
        List<Entry> entries = TimelineMerge.entries(list, "entries", Instant.parse("2026-11-20T09:00:00Z"),
                Instant.parse("2026-11-20T12:00:00Z"), errors);
        assertThat(errors).extracting(FieldError::field).containsExactly("entries[0].at", "entries[2].at", "entries[4]");
        // every readable entry comes back; the errors decide whether the contribution is taken
        assertThat(entries).extracting(Entry::event).containsExactly("Too early", "Deploy");
        assertThat(entries.get(1)).isEqualTo(new Entry(Instant.parse("2026-11-20T10:00:00Z"), "Deploy", "ci"));
    }

    @Test
    void stored_contributions_since_a_time_are_merged_again_and_summarised_per_contributor() {
        Instant t = Instant.parse("2026-11-20T13:00:00Z");
        String one = "[{\"at\":\"2026-11-20T10:30:00Z\",\"event\":\"Cache flushed\"}]";
        String two = "[{\"at\":\"2026-11-20T10:45:00Z\",\"event\":\"Traffic drained\"}]";
        List<Row> rows = List.of(
                new Row(1, "INC", "sam", "TASK", "CONTRIBUTED", one, 1, "did not know the cache", t.minusSeconds(60)),
                new Row(2, "INC", "alex", "TASK", "NOT_CONTRIBUTED", null, 0, null, t),
                new Row(3, "INC", "sam", "API", "CONTRIBUTED", two, 1, null, t.plusSeconds(60)));
        var mapper = new ObjectMapper();
        java.util.function.Function<String, List<Entry>> read = s -> {
            try {
                return TimelineMerge.stored(mapper.readTree(s));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        assertThat(TimelineMerge.mergeStored(List.of(), rows, t, read).timeline()).extracting(TimelineEntry::event)
                .containsExactly("Traffic drained");
        assertThat(TimelineMerge.mergeStored(List.of(), rows, null, read).added()).isEqualTo(2);
        assertThat(TimelineMerge.summary(rows, id -> id.toUpperCase())).containsExactly(Map.of("contributor", "sam",
                "name", "SAM", "entries", 2, "notes", "did not know the cache", "via", "task, api"));
    }
}
