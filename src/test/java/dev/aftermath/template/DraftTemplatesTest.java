package dev.aftermath.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Issue 21, item 3: the text seeded into every generated draft reads right for people. The summary's first sentence
 * once cut characters 11–16 out of {@code $fmt.time} ("On Sun 6 Dec 2026 between 026,  and 026,  UTC"); it is
 * rendered here from {@code templates/} with a realistic incident, in UTC and in another calendar zone.
 */
class DraftTemplatesTest {

    private final Templates templates = new Templates("templates");

    private static Map<String, Object> model(Formats fmt, String started, String resolved) {
        Map<String, Object> incident = new LinkedHashMap<>();
        incident.put("id", "INC-2026-1206");
        incident.put("title", "Payment API returned 503 for checkout");
        incident.put("service", "payments");
        incident.put("severity", "SEV1");
        incident.put("startedAt", started);
        incident.put("resolvedAt", resolved);
        incident.put("usersAffected", 12000);
        incident.put("usersAffectedPercent", 0.8);
        incident.put("customerImpact", "Customers could not complete payment");
        incident.put("symptom", "db-pool-exhausted");
        incident.put("dataLoss", false);
        incident.put("slaBreached", true);
        incident.put("securityIncident", false);
        Map<String, Object> metrics = Map.of("timeToDetect", "5 min", "timeToEngage", "9 min", "timeToResolve",
                "47 min", "duration", "47 min");
        return new LinkedHashMap<>(Map.of("incident", incident, "doc", Map.of("metrics", metrics), "fmt", fmt));
    }

    /** Nothing meant for people may be ISO text, an unrendered reference, a Velocity directive or a cut date. */
    static void readsForPeople(String text) {
        assertThat(text).doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}")
                .doesNotContainPattern("\\$!?\\{?[A-Za-z_]")
                .doesNotContainPattern("#(if|end|set|foreach|else)\\b")
                .doesNotContainPattern("\\b\\d{3},")
                .doesNotContain("null", "  ,", " ,");
    }

    @Test
    void the_summary_says_the_day_and_the_times_of_the_incident() {
        Formats utc = new Formats(ZoneId.of("UTC"), id -> id);
        String summary = templates.text("document/draft-summary.vm",
                model(utc, "2026-12-06T14:02:00Z", "2026-12-06T14:49:00Z")).strip();
        assertThat(summary).startsWith("On Sun 6 Dec 2026 between 14:02 and 14:49 UTC, the payments service had a "
                + "SEV1 incident: db-pool-exhausted.");
        assertThat(summary).contains("12000 users (0.8 % of active users) were affected.",
                "Detected after 5 min, engaged after 9 min, resolved after 47 min (total duration 47 min).",
                "No data was lost.");
        readsForPeople(summary);
    }

    @Test
    void the_summary_names_the_calendar_zone_and_both_days_when_the_incident_crosses_midnight() {
        Formats berlin = new Formats(ZoneId.of("Europe/Berlin"), id -> id);
        String sameDay = templates.text("document/draft-summary.vm",
                model(berlin, "2026-12-06T14:02:00Z", "2026-12-06T14:49:00Z")).strip();
        assertThat(sameDay).startsWith("On Sun 6 Dec 2026 between 15:02 and 15:49 Europe/Berlin, the payments service");
        String overnight = templates.text("document/draft-summary.vm",
                model(berlin, "2026-12-06T22:40:00Z", "2026-12-07T00:10:00Z")).strip();
        assertThat(overnight).startsWith("Between Sun 6 Dec 2026, 23:40 Europe/Berlin and Mon 7 Dec 2026, 01:10 "
                + "Europe/Berlin, the payments service");
        readsForPeople(sameDay);
        readsForPeople(overnight);
    }

    @Test
    void the_impact_gives_the_duration_with_both_times() {
        Formats utc = new Formats(ZoneId.of("UTC"), id -> id);
        String impact = templates.text("document/draft-impact.vm",
                model(utc, "2026-12-06T14:02:00Z", "2026-12-06T14:49:00Z")).strip();
        assertThat(impact).contains("- Duration: 47 min (Sun 6 Dec 2026, 14:02 UTC to Sun 6 Dec 2026, 14:49 UTC)",
                "- SLA breached: yes", "- Systems affected: payments");
        readsForPeople(impact);
        for (String line : List.of("Customer impact", "Business impact", "Technical impact")) {
            assertThat(impact).contains(line);
        }
    }
}
