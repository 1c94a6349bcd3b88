package dev.aftermath.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.VelocityEngine;
import org.apache.velocity.runtime.RuntimeConstants;
import org.junit.jupiter.api.Test;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

import dev.aftermath.document.PostmortemDocument.ActionItem;
import dev.aftermath.document.PostmortemDocument.Meeting;
import dev.aftermath.document.PostmortemDocument.Metrics;
import dev.aftermath.document.PostmortemDocument.TimelineContribution;
import dev.aftermath.document.PostmortemDocument.TimelineEntry;
import dev.aftermath.template.RecordUberspect;

/** The typed document is stored, served and rendered as the map of sections was. */
class PostmortemDocumentJsonTest {

    /** Configured as application.yml configures Spring's mapper (nulls left out, dates as text). */
    private final ObjectMapper spring = Jackson2ObjectMapperBuilder.json()
            .serializationInclusion(JsonInclude.Include.NON_NULL).build();

    private static PostmortemDocument document() {
        return new PostmortemDocument("Summary", null, "Root cause", null, null, null, "CAPACITY", null, null,
                List.of(new TimelineEntry("2026-01-10T10:00:00Z", "Alert", null, "priya")), List.of("a", "b"),
                List.of(), List.of(new ActionItem("Alert at 80%", "mia", "Mia", "2030-01-01", "HIGH")), "priya",
                "Priya", null, null, List.of("sam"), 1,
                new Meeting("2026-01-12T09:00:00Z", 60L, "2026-01-12T10:00:00Z", null, List.of("priya"), null),
                List.of(new TimelineContribution("mia", "Mia", 2, null, "api")),
                new Metrics("5 min", null, "1 h", "1 h 5 min", 5L, null, 60L), null, null);
    }

    /** The map the document used to be, as {@code PostmortemDocuments} built it before the record. */
    private static Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String k : List.of("summary", "impact", "rootCause", "whatWentWell", "whatWentWrong", "lessonsLearned",
                "causeCategory", "meetingNotes", "reviewComments")) {
            m.put(k, null);
        }
        m.put("summary", "Summary");
        m.put("rootCause", "Root cause");
        m.put("causeCategory", "CAPACITY");
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("at", "2026-01-10T10:00:00Z");
        entry.put("event", "Alert");
        entry.put("source", null);
        entry.put("actor", "priya");
        m.put("timeline", List.of(entry));
        m.put("whys", List.of("a", "b"));
        m.put("contributingFactors", new ArrayList<>());
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("title", "Alert at 80%");
        item.put("owner", "mia");
        item.put("ownerName", "Mia");
        item.put("dueDate", "2030-01-01");
        item.put("priority", "HIGH");
        m.put("actionItems", List.of(item));
        m.put("author", "priya");
        m.put("authorName", "Priya");
        m.put("facilitator", null);
        m.put("facilitatorName", null);
        m.put("reviewers", List.of("sam"));
        m.put("reviewRounds", 1);
        Map<String, Object> meeting = new LinkedHashMap<>();
        meeting.put("start", "2026-01-12T09:00:00Z");
        meeting.put("durationMinutes", 60L);
        meeting.put("end", "2026-01-12T10:00:00Z");
        meeting.put("location", null);
        meeting.put("attendees", List.of("priya"));
        meeting.put("lateReason", null);
        m.put("meeting", meeting);
        Map<String, Object> contribution = new LinkedHashMap<>();
        contribution.put("contributor", "mia");
        contribution.put("name", "Mia");
        contribution.put("entries", 2);
        contribution.put("notes", null);
        contribution.put("via", "api");
        m.put("timelineContributions", List.of(contribution));
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("timeToDetect", "5 min");
        metrics.put("timeToEngage", null);
        metrics.put("timeToResolve", "1 h");
        metrics.put("duration", "1 h 5 min");
        metrics.put("timeToDetectMinutes", 5L);
        metrics.put("timeToEngageMinutes", null);
        metrics.put("timeToResolveMinutes", 60L);
        m.put("metrics", metrics);
        return m;
    }

    @Test
    void serialises_as_the_map_did() throws Exception {
        assertThat(spring.writeValueAsString(document())).isEqualTo(spring.writeValueAsString(asMap()));
    }

    @Test
    void reads_back_what_it_wrote() throws Exception {
        PostmortemDocument doc = document();
        assertThat(spring.readValue(spring.writeValueAsString(doc), PostmortemDocument.class)).isEqualTo(doc);
        assertThat(new ObjectMapper().readValue("{\"summary\":\"s\",\"unknown\":1}", PostmortemDocument.class)
                .summary()).isEqualTo("s");
    }

    @Test
    void templates_read_record_components_as_properties() {
        Properties p = new Properties();
        p.setProperty(RuntimeConstants.UBERSPECT_CLASSNAME, RecordUberspect.class.getName());
        VelocityEngine engine = new VelocityEngine(p);
        engine.init();
        VelocityContext context = new VelocityContext();
        context.put("doc", document());
        context.put("map", asMap());
        String template = "$doc.summary|$!doc.impact|$doc.meeting.start|$doc.metrics.timeToDetect|"
                + "#foreach($a in $doc.actionItems)$a.title/$a.owner#end|$doc.actionItems.size()|$doc.reviewRounds|"
                + "#if($doc.whatWentWell)x#{else}none#end|$!doc.nothing";
        StringWriter typed = new StringWriter();
        engine.evaluate(context, typed, "typed", template);
        StringWriter untyped = new StringWriter();
        engine.evaluate(context, untyped, "map", template.replace("$doc", "$map").replace("$!doc", "$!map"));
        assertThat(typed.toString()).isEqualTo("Summary||2026-01-12T09:00:00Z|5 min|Alert at 80%/mia|1|1|none|")
                .isEqualTo(untyped.toString());
    }
}
