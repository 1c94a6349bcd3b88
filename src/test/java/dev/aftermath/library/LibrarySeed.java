package dev.aftermath.library;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.aftermath.document.TestDocuments;
import dev.aftermath.incident.Incident;
import dev.aftermath.incident.IncidentRepository;
import dev.aftermath.incident.IncidentState;
import dev.aftermath.incident.Severity;
import dev.aftermath.postmortem.PostmortemRepository;
import dev.aftermath.postmortem.PostmortemStatus;

/** A seeded set of post-mortems for the library tests; every title contains the nonce. */
final class LibrarySeed {

    private LibrarySeed() {
    }

    static String serviceA(String n) {
        return "svca-" + n;
    }

    static String serviceB(String n) {
        return "svcb-" + n;
    }

    /** Five published post-mortems and one still in review, of two services, in March–May 2025. */
    static void seed(String n, IncidentRepository incidents, PostmortemRepository postmortems) {
        add(incidents, postmortems, n, 1, "SEV1", serviceA(n), "CAPACITY", "2025-03-01", "Checkout pool exhausted",
                "Connection pool ran dry", "Pool sized for old traffic", "db-pool-exhausted-" + n, true);
        add(incidents, postmortems, n, 2, "SEV2", serviceA(n), "CONFIGURATION", "2025-03-10", "Search latency",
                "Index misconfigured sum-" + n, "Feature flag default was wrong", "slow-search-" + n, true);
        add(incidents, postmortems, n, 3, "SEV1", serviceB(n), "DEPLOYMENT", "2025-04-05", "Login errors",
                "A bad canary reached all users", "No automated rollback on error spikes", "login-5xx-" + n, true);
        add(incidents, postmortems, n, 4, "SEV3", serviceB(n), "CAPACITY", "2025-04-20", "Report generation stalled",
                "The autoscaler hit its quota", "Quota not monitored", "db-pool-exhausted-" + n, true);
        add(incidents, postmortems, n, 5, "SEV2", serviceA(n), "DEPENDENCY_FAILURE", "2025-05-02", "Payments timeouts",
                "Upstream provider slow", "Upstream DNS provider outage rc-" + n, "timeouts-" + n, true);
        add(incidents, postmortems, n, 6, "SEV1", serviceA(n), "CAPACITY", "2025-05-20", "Still in review",
                "Not published yet", "Unknown", "db-pool-exhausted-" + n, false);
    }

    /** Two published post-mortems of one service, the later one without a symptom (nonce {@code n} of its own). */
    static void seedWithoutSymptom(String n, IncidentRepository incidents, PostmortemRepository postmortems) {
        add(incidents, postmortems, n, 1, "SEV2", serviceA(n), "CAPACITY", "2025-02-01", "Queue backlog",
                "Consumers too slow", "Consumer pool too small", "queue-backlog-" + n, true);
        add(incidents, postmortems, n, 2, "SEV3", serviceA(n), "CAPACITY", "2025-02-10", "Queue backlog again",
                "Consumers too slow again", "Consumer pool still too small", null, true);
    }

    static String id(String n, int i) {
        return "LIB-" + n + "-" + i;
    }

    private static void add(IncidentRepository incidents, PostmortemRepository postmortems, String n, int i,
                            String severity, String service, String category, String date, String title,
                            String summary, String rootCause, String symptom, boolean published) {
        String id = id(n, i);
        Instant started = LocalDate.parse(date).atTime(10, 0).toInstant(ZoneOffset.UTC);
        Instant resolved = started.plusSeconds(3600);
        incidents.insert(new Incident(id, n + " " + title, service, Severity.valueOf(severity), started,
                started.plusSeconds(300), started.plusSeconds(600), null, resolved, "jordan", List.of("priya"), 100L,
                1.0, "Some users affected", symptom, false, false, false, false, List.of(), "priya", "carlos",
                "REQUIRED", "seeded", resolved.plusSeconds(3600 * 48), resolved.plusSeconds(3600 * 48),
                published ? IncidentState.POSTMORTEM_PUBLISHED : IncidentState.POSTMORTEM_IN_PROGRESS, null,
                Instant.now(), "jordan", 1, "FULL"));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("summary", summary);
        doc.put("rootCause", rootCause);
        doc.put("causeCategory", category);
        doc.put("whys", List.of("a", "b", "c", "d", "e"));
        doc.put("contributingFactors", List.of("f1", "f2"));
        doc.put("author", "priya");
        doc.put("facilitator", "carlos");
        doc.put("actionItems", List.of(Map.of("title", "Action " + i + " for " + title, "owner", "mia",
                "ownerName", "Mia Techlead", "dueDate", "2030-01-0" + i, "priority", "HIGH")));
        if (published) {
            postmortems.publish(id, TestDocuments.of(doc), 0, "# " + title, "<p>" + title + "</p>", resolved.plusSeconds(7200));
            postmortems.publishPublic(id, "# public", "<p>public</p>", summary, rootCause, category);
        } else {
            postmortems.save(id, PostmortemStatus.IN_REVIEW, TestDocuments.of(doc), 0);
        }
    }
}
