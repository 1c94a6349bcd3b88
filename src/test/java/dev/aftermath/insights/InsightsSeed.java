package dev.aftermath.insights;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The seeded data set of the insights tests, inserted directly with JDBC: 12 incidents in January–March 2019 (calendar
 * zone UTC) over two services, one restricted incident (participant priya), one incident just before the period,
 * post-mortems on time and late, an unpublished one past its deadline, 13 action items (done on time, late, dropped,
 * overdue at levels 0–4, open, one due after the period) and a recurrence of the symptom "pool-exhausted".
 * Every incident resolves at 12:00 UTC; see {@link InsightsApiTest} for the hand-computed expectations.
 *
 * <pre>
 * id      service  sev   resolved    TTD TTE TTR  requirement  post-mortem (hours after resolution)      items
 * INS-00  ins-api  SEV2  2018-12-31   5   5  10   NOT_REQUIRED  -                                        -
 * INS-01  ins-api  SEV1  2019-01-05  10   5  60   REQUIRED 48h published +24 (on time), meeting +20    4
 * INS-02  ins-api  SEV2  2019-01-12  20  10 120   REQUIRED 72h published +96 (late), meeting +30       2
 * INS-03  ins-web  SEV3  2019-01-20   5   5  30   NOT_REQUIRED  -                                        -
 * INS-04  ins-web  SEV4  2019-01-25   0   2  20   NOT_REQUIRED  -                                        -
 * INS-05  ins-api  SEV1  2019-02-03  15   5  90   REQUIRED 48h published +40 (on time), meeting +24    3
 * INS-06  ins-web  SEV2  2019-02-10  30  10 240   REQUIRED 72h published +80 (late), no meeting       1
 * INS-07  ins-web  SEV3  2019-02-14  10  10  50   TEAM_DECISION, in review, deadline +120 passed, m +50 -
 * INS-08  ins-api  SEV4  2019-02-20   5   1  15   NOT_REQUIRED  (symptom pool-exhausted: recurrence)    -
 * INS-09  ins-api  SEV2  2019-03-03  10   5 100   REQUIRED 72h published +70 (on time), meeting +40    2
 * INS-10  ins-web  SEV1  2019-03-10  20   5 180   REQUIRED 48h published +30 (on time), meeting +12    1 (due April)
 * INS-11  ins-api  SEV3  2019-03-15   5   5  40   NOT_REQUIRED  (symptom pool-exhausted: recurrence)    -
 * INS-12  ins-web  SEV4  2019-03-28  10  10  10   NOT_REQUIRED  -                                        -
 * INS-R13 ins-api  SEV1  2019-03-20  10  10 300   REQUIRED 48h published +24, restricted (priya)       1
 * </pre>
 */
final class InsightsSeed {

    static final String API = "ins-api";
    static final String WEB = "ins-web";
    static final String RESTRICTED = "INS-R13";

    private InsightsSeed() {
    }

    /** Inserts the set once per database (the tests share one Spring context and database). */
    static synchronized void seed(JdbcClient jdbc) {
        if (jdbc.sql("select count(*) from am_incident where id = 'INS-01'").query(Long.class).single() > 0) {
            return;
        }
        incident(jdbc, "INS-00", API, "SEV2", "2018-12-31", 5, 5, 10, "NOT_REQUIRED", 0, "pool-exhausted",
                "Before the period");
        incident(jdbc, "INS-01", API, "SEV1", "2019-01-05", 10, 5, 60, "REQUIRED", 48, "pool-exhausted",
                "Checkout pool exhausted");
        incident(jdbc, "INS-02", API, "SEV2", "2019-01-12", 20, 10, 120, "REQUIRED", 72, "bad-deploy",
                "Bad deploy of the API");
        incident(jdbc, "INS-03", WEB, "SEV3", "2019-01-20", 5, 5, 30, "NOT_REQUIRED", 0, "slow-page",
                "=HYPERLINK(\"http://evil.example\",\"click\")");
        incident(jdbc, "INS-04", WEB, "SEV4", "2019-01-25", 0, 2, 20, "NOT_REQUIRED", 0, "disk-full",
                "Disk full, \"again\"\nsecond line");
        incident(jdbc, "INS-05", API, "SEV1", "2019-02-03", 15, 5, 90, "REQUIRED", 48, "pool-exhausted",
                "Pool exhausted again");
        incident(jdbc, "INS-06", WEB, "SEV2", "2019-02-10", 30, 10, 240, "REQUIRED", 72, "queue-backlog",
                "Queue backlog");
        incident(jdbc, "INS-07", WEB, "SEV3", "2019-02-14", 10, 10, 50, "TEAM_DECISION", 120, "report-stall",
                "Reports stalled");
        incident(jdbc, "INS-08", API, "SEV4", "2019-02-20", 5, 1, 15, "NOT_REQUIRED", 0, "pool-exhausted",
                "Pool exhausted a third time");
        incident(jdbc, "INS-09", API, "SEV2", "2019-03-03", 10, 5, 100, "REQUIRED", 72, "cache-miss",
                "Cache misses");
        incident(jdbc, "INS-10", WEB, "SEV1", "2019-03-10", 20, 5, 180, "REQUIRED", 48, "cert-expired",
                "Certificate expired");
        incident(jdbc, "INS-11", API, "SEV3", "2019-03-15", 5, 5, 40, "NOT_REQUIRED", 0, "pool-exhausted",
                "Pool exhausted a fourth time");
        incident(jdbc, "INS-12", WEB, "SEV4", "2019-03-28", 10, 10, 10, "NOT_REQUIRED", 0, "disk-full",
                "Disk full once more");
        incident(jdbc, RESTRICTED, API, "SEV1", "2019-03-20", 10, 10, 300, "REQUIRED", 48, "breach",
                "Restricted security incident");
        jdbc.sql("update am_incident set restricted = true, restricted_reason = 'security' where id = ?")
                .param(RESTRICTED).update();
        jdbc.sql("insert into am_incident_participant (incident_id, user_id, role) values (?, 'priya', 'author')")
                .param(RESTRICTED).update();

        // post-mortems: hours after resolution to publication (null: not published) and to the meeting
        postmortem(jdbc, "INS-01", 24, 20, 1, 2, "The connection pool was sized for last year's peak traffic",
                "CAPACITY");
        postmortem(jdbc, "INS-02", 96, 30, 2, 3, "Human error", "DEPLOYMENT");
        postmortem(jdbc, "INS-05", 40, 24, 0, 1, "Retries without backoff exhausted the pool", "DEPENDENCY");
        postmortem(jdbc, "INS-06", 80, null, 1, 2, "", null);
        postmortem(jdbc, "INS-07", null, 50, 0, 1, null, null);
        postmortem(jdbc, "INS-09", 70, 40, 1, 1, "The cache eviction policy dropped hot keys", "CAPACITY");
        postmortem(jdbc, "INS-10", 30, 12, 0, 1, "Certificate expiry was not monitored", "MONITORING");
        postmortem(jdbc, RESTRICTED, 24, 10, 0, 1, "An unreviewed firewall rule exposed the admin port", "SECURITY");

        // action items: id, owner, priority, due date, state, level, created, ended
        item(jdbc, "INS-01", 1, "Size the pool from measured peak", "priya", "HIGH", "2019-01-20", "DONE", 0,
                "2019-01-06T12:00:00Z", "2019-01-15T12:00:00Z");
        item(jdbc, "INS-01", 2, "Alert on pool saturation", "carlos", "MEDIUM", "2019-01-31", "DONE", 0,
                "2019-01-06T12:00:00Z", "2019-02-05T12:00:00Z");
        item(jdbc, "INS-01", 3, "Load test the checkout", "alex", "LOW", "2019-02-15", "DROPPED", 0,
                "2019-01-06T12:00:00Z", "2019-02-20T12:00:00Z");
        item(jdbc, "INS-01", 4, "Add a circuit breaker to the pool", "priya", "HIGH", "2019-02-28", "OVERDUE", 4,
                "2019-01-06T12:00:00Z", null);
        item(jdbc, "INS-02", 1, "Canary every deploy", "carlos", "HIGH", "2019-02-01", "DONE", 0,
                "2019-01-16T23:30:00Z", "2019-02-01T23:30:00Z");
        item(jdbc, "INS-02", 2, "Automate rollback on error rate", "alex", "MEDIUM", "2019-02-10", "OVERDUE", 0,
                "2019-01-16T12:00:00Z", null);
        item(jdbc, "INS-05", 1, "Backoff with jitter in the client", "alex", "HIGH", "2019-03-01", "OVERDUE", 1,
                "2019-02-05T12:00:00Z", null);
        item(jdbc, "INS-05", 2, "Cap retries per request", "priya", "MEDIUM", "2019-03-05", "DONE", 0,
                "2019-02-05T12:00:00Z", "2019-03-04T12:00:00Z");
        item(jdbc, "INS-05", 3, "Document the retry budget", "carlos", "LOW", "2019-03-10", "OVERDUE", 2,
                "2019-02-05T12:00:00Z", null);
        item(jdbc, "INS-06", 1, "Alert on queue depth", "carlos", "HIGH", "2019-03-12", "OVERDUE", 3,
                "2019-02-14T12:00:00Z", null);
        item(jdbc, "INS-09", 1, "Pin hot keys in the cache", "priya", "HIGH", "2019-03-20", "DONE", 0,
                "2019-03-06T12:00:00Z", "2019-03-25T12:00:00Z");
        item(jdbc, "INS-09", 2, "=SUM(A1:A9)", "alex", "MEDIUM", "2019-03-31", "OPEN", 0,
                "2019-03-06T12:00:00Z", null);
        item(jdbc, "INS-10", 1, "Monitor certificate expiry", "mia", "HIGH", "2019-04-10", "OPEN", 0,
                "2019-03-11T18:00:00Z", null);
        item(jdbc, RESTRICTED, 1, "Review firewall rules weekly", "priya", "HIGH", "2019-03-30", "DONE", 0,
                "2019-03-21T12:00:00Z", "2019-03-29T12:00:00Z");
    }

    static Instant resolved(String date) {
        return LocalDate.parse(date).atTime(12, 0).toInstant(ZoneOffset.UTC);
    }

    private static void incident(JdbcClient jdbc, String id, String service, String severity, String date, int ttd,
                                 int tte, int ttr, String requirement, int windowHours, String symptom,
                                 String title) {
        Instant resolved = resolved(date);
        Instant detected = resolved.minus(Duration.ofMinutes(ttr));
        Instant started = detected.minus(Duration.ofMinutes(ttd));
        Instant acknowledged = detected.plus(Duration.ofMinutes(tte));
        OffsetDateTime deadline = windowHours == 0 ? null : ts(resolved.plus(Duration.ofHours(windowHours)));
        String state = switch (requirement) {
            case "NOT_REQUIRED" -> "NO_POSTMORTEM";
            default -> "POSTMORTEM_IN_PROGRESS";
        };
        jdbc.sql("""
                insert into am_incident (id, title, service, severity, started_at, detected_at, acknowledged_at,
                  resolved_at, commander, symptom, requirement, reason, publish_deadline, meeting_deadline, state,
                  created_at, created_by)
                values (?, ?, ?, ?, ?, ?, ?, ?, 'jordan', ?, ?, 'seeded', ?, ?, ?, ?, 'jordan')""")
                .params(id, title, service, severity, ts(started), ts(detected), ts(acknowledged), ts(resolved),
                        symptom, requirement, deadline, deadline, state, ts(resolved))
                .update();
    }

    private static void postmortem(JdbcClient jdbc, String incidentId, Integer publishedAfterHours,
                                   Integer meetingAfterHours, int reviewRounds, int qualityRounds, String rootCause,
                                   String category) {
        Instant resolved = jdbc.sql("select resolved_at from am_incident where id = ?").param(incidentId)
                .query(OffsetDateTime.class).single().toInstant();
        OffsetDateTime published = publishedAfterHours == null ? null
                : ts(resolved.plus(Duration.ofHours(publishedAfterHours)));
        OffsetDateTime meeting = meetingAfterHours == null ? null
                : ts(resolved.plus(Duration.ofHours(meetingAfterHours)));
        jdbc.sql("""
                insert into am_postmortem (incident_id, status, document, review_rounds, created_at, updated_at,
                  published_at, summary, root_cause, cause_category, meeting_start)
                values (?, ?, '{}', ?, ?, ?, ?, 'seeded', ?, ?, ?)""")
                .params(incidentId, published == null ? "IN_REVIEW" : "PUBLISHED", reviewRounds, ts(resolved),
                        published == null ? ts(resolved) : published, published, rootCause, category, meeting)
                .update();
        if (published != null) {
            jdbc.sql("update am_incident set state = 'POSTMORTEM_PUBLISHED' where id = ?").param(incidentId).update();
        }
        for (int round = 1; round <= qualityRounds; round++) {
            jdbc.sql("""
                    insert into am_quality_round (incident_id, round_no, stage, verdict, blocking_count,
                      warning_count, findings, checked_at) values (?, ?, 'DRAFT', 'PASSED', 0, 0, '[]', ?)""")
                    .params(incidentId, round, ts(resolved)).update();
        }
    }

    private static void item(JdbcClient jdbc, String incidentId, int n, String title, String owner, String priority,
                             String due, String state, int level, String created, String ended) {
        jdbc.sql("""
                insert into am_action_item (id, incident_id, item_number, title, owner, priority, due_date, state,
                  escalation_level, history, created_at, updated_at, ended_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', ?, ?, ?)""")
                .params(incidentId + "/AI-" + n, incidentId, n, title, owner, priority, LocalDate.parse(due), state,
                        level, ts(Instant.parse(created)), ts(Instant.parse(ended == null ? created : ended)),
                        ended == null ? null : ts(Instant.parse(ended)))
                .update();
    }

    private static OffsetDateTime ts(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
