package dev.aftermath.postmortem;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import dev.aftermath.directory.UserDirectory;
import dev.aftermath.document.PostmortemDocument;
import dev.aftermath.document.PostmortemDocument.ActionItem;
import dev.aftermath.document.PostmortemDocument.Meeting;
import dev.aftermath.document.PostmortemDocument.Metrics;
import dev.aftermath.document.PostmortemDocument.TimelineContribution;
import dev.aftermath.document.PostmortemDocument.TimelineEntry;
import dev.aftermath.incident.Incident;
import dev.aftermath.incident.IncidentState;
import dev.aftermath.incident.Severity;
import dev.aftermath.process.JsonVariables;

/** The document built from process variables, without an engine or Spring. */
class PostmortemDocumentsTest {

    private final PostmortemDocuments documents = new PostmortemDocuments(new JsonVariables(new ObjectMapper()),
            new UserDirectory(null, null) {
                @Override
                public String displayName(String userId) {
                    return "Name of " + userId;
                }
            });

    private static Map<String, Object> variables() {
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("summary", "Checkout failed for 40 minutes.");
        vars.put("rootCause", "The pool was sized for last year's traffic.");
        vars.put("timeline", "[{\"at\":\"2026-01-10T10:30:00Z\",\"event\":\"second\",\"source\":\"chat\"},"
                + "{\"at\":\"not a time\",\"event\":\"no time\"},"
                + "{\"at\":\"2026-01-10T10:00:00Z\",\"event\":\" first \",\"actor\":\"priya\"}, 7]");
        vars.put("whys", "[{\"text\":\"a\"},\"b\",{\"text\":\" \"}]");
        vars.put("contributingFactors", "one\n\n two \n");
        vars.put("actionItems", "[{\"title\":\"Alert at 80% pool use\",\"owner\":\"mia\",\"dueDate\":\"2030-01-01\","
                + "\"priority\":\"HIGH\"},{\"title\":\"Nobody\"}]");
        vars.put("author", "priya");
        vars.put("reviewers", "sam, alex");
        vars.put("reviewRounds", 2);
        vars.put("meetingStart", "2026-01-12T09:00:00Z");
        vars.put("meetingDurationMinutes", 30);
        vars.put("attendees", "priya,mia");
        vars.put("timelineContributions", "[{\"contributor\":\"mia\",\"name\":\"Mia\",\"entries\":2,\"notes\":null,"
                + "\"via\":\"api\"}]");
        return vars;
    }

    @Test
    void builds_every_part_from_the_variables() {
        PostmortemDocument doc = documents.fromVariables(variables(), null);

        assertThat(doc.summary()).isEqualTo("Checkout failed for 40 minutes.");
        assertThat(doc.impact()).isNull();
        assertThat(doc.timeline()).extracting(TimelineEntry::event).containsExactly("first", "second", "no time");
        assertThat(doc.timeline().get(0)).isEqualTo(new TimelineEntry("2026-01-10T10:00:00Z", "first", null, "priya"));
        assertThat(doc.whys()).containsExactly("a", "b");
        assertThat(doc.contributingFactors()).containsExactly("one", "two");
        assertThat(doc.actionItems()).containsExactly(
                new ActionItem("Alert at 80% pool use", "mia", "Name of mia", "2030-01-01", "HIGH"),
                new ActionItem("Nobody", null, null, null, null));
        assertThat(doc.author()).isEqualTo("priya");
        assertThat(doc.authorName()).isEqualTo("Name of priya");
        assertThat(doc.facilitator()).isNull();
        assertThat(doc.facilitatorName()).isNull();
        assertThat(doc.reviewers()).containsExactly("sam", "alex");
        assertThat(doc.reviewRounds()).isEqualTo(2);
        assertThat(doc.meeting()).isEqualTo(new Meeting("2026-01-12T09:00:00Z", 30L, "2026-01-12T09:30:00Z", null,
                List.of("priya", "mia"), null));
        assertThat(doc.timelineContributions()).containsExactly(new TimelineContribution("mia", "Mia", 2, null, "api"));
        assertThat(doc.metrics()).isEqualTo(Metrics.NONE);
        assertThat(doc.status()).isNull();
        assertThat(doc.publishedAt()).isNull();
    }

    @Test
    void empty_variables_give_an_empty_document_with_no_meeting() {
        PostmortemDocument doc = documents.fromVariables(Map.of(), null);

        assertThat(doc.timeline()).isEmpty();
        assertThat(doc.whys()).isEmpty();
        assertThat(doc.actionItems()).isEmpty();
        assertThat(doc.reviewers()).isEmpty();
        assertThat(doc.reviewRounds()).isZero();
        assertThat(doc.meeting()).isNull();
        assertThat(doc.timelineContributions()).isEmpty();
    }

    @Test
    void a_meeting_without_a_length_lasts_an_hour_and_a_bad_start_has_no_end() {
        assertThat(documents.fromVariables(Map.of("meetingStart", "2026-01-12T09:00:00Z"), null).meeting().end())
                .isEqualTo("2026-01-12T10:00:00Z");
        Meeting bad = documents.fromVariables(Map.of("meetingStart", "tomorrow"), null).meeting();
        assertThat(bad.durationMinutes()).isEqualTo(60L);
        assertThat(bad.end()).isNull();
    }

    @Test
    void the_gate_sees_the_timeline_in_the_authors_order() {
        assertThat(documents.forGate(variables()).timeline()).extracting(TimelineEntry::event)
                .containsExactly("second", "no time", "first");
    }

    @Test
    void metrics_come_from_the_incident_times() {
        Instant started = Instant.parse("2026-01-10T10:00:00Z");
        Incident incident = new Incident("INC-1", "Checkout down", "checkout", Severity.SEV2, started,
                started.plusSeconds(300), null, null, started.plusSeconds(6420), "jordan", List.of("priya"), 100L, 1.0,
                "Some users affected", "errors", false, false, false, false, List.of(), "priya", "carlos", "REQUIRED",
                "seeded", null, null, IncidentState.POSTMORTEM_IN_PROGRESS, null, started, "jordan", 1, "FULL");
        Metrics metrics = documents.metrics(incident);
        assertThat(documents.fromVariables(Map.of(), incident).metrics()).isEqualTo(metrics);
        assertThat(metrics.timeToDetect()).isEqualTo("5 min");
        assertThat(metrics.timeToDetectMinutes()).isEqualTo(5L);
        assertThat(metrics.timeToEngage()).isNull();
        assertThat(metrics.timeToResolve()).isEqualTo("1 h 42 min");
        assertThat(metrics.duration()).isEqualTo("1 h 47 min");
    }

    @Test
    void a_stored_document_over_the_current_one_keeps_what_it_has() {
        PostmortemDocument current = documents.fromVariables(variables(), null);
        PostmortemDocument stored = PostmortemDocument.EMPTY.withTimeline(List.of());

        PostmortemDocument page = stored.over(current).withPublication("PUBLISHED", "2026-01-13T00:00:00Z");

        assertThat(page.timeline()).isEmpty();
        assertThat(page.summary()).isEqualTo(current.summary());
        assertThat(page.actionItems()).isEqualTo(current.actionItems());
        assertThat(page.status()).isEqualTo("PUBLISHED");
        assertThat(page.publishedAt()).isEqualTo("2026-01-13T00:00:00Z");
    }
}
