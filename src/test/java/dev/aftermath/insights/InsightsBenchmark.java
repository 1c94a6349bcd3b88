package dev.aftermath.insights;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.aftermath.support.ProcessTestSupport;

/**
 * Benchmark, not a timed test (tag {@code benchmark}, excluded from {@code mvn verify}): {@code GET /api/insights}
 * over five years of data — 10,000 incidents, 3,000 post-mortems, 15,000 action items (2010–2014, apart from every
 * other test's data) — as a user who is not an administrator (the visibility condition applies). Writes the figures
 * to {@code target/insights-benchmark.txt}. Run: {@code mvn test -Dtest=InsightsBenchmark -DexcludedGroups=none}
 * (or as the pom documents).
 */
@Tag("benchmark")
class InsightsBenchmark extends ProcessTestSupport {

    private static final int INCIDENTS = 10_000;
    private static final int POSTMORTEMS = 3_000;
    private static final int ITEMS = 15_000;

    @Autowired JdbcTemplate jdbc;
    @Autowired TestRestTemplate http;

    @Test
    void insights_over_five_years() throws Exception {
        seed();
        profile();
        String url = "/api/insights?from=2010-01-01&to=2014-12-31";
        for (int i = 0; i < 5; i++) {
            call(url);
        }
        long[] times = new long[20];
        for (int i = 0; i < times.length; i++) {
            long start = System.nanoTime();
            ResponseEntity<String> r = call(url);
            times[i] = (System.nanoTime() - start) / 1_000_000;
            assertThat(r.getBody()).contains("\"count\":" + (INCIDENTS - INCIDENTS / 50));
        }
        Arrays.sort(times);
        long median = times[times.length / 2];
        long p90 = times[(int) (times.length * 0.9)];
        long max = times[times.length - 1];
        String line = "GET " + url + " over " + INCIDENTS + " incidents, " + POSTMORTEMS + " post-mortems, " + ITEMS
                + " action items: median " + median + " ms, p90 " + p90 + " ms, max " + max + " ms ("
                + times.length + " calls after 5 warm-up calls, user alex, H2 in memory, "
                + Runtime.getRuntime().availableProcessors() + " cores)";
        System.out.println(line);
        Files.writeString(Path.of("target", "insights-benchmark.txt"), line + "\n");
        assertThat(median).as(line).isLessThan(500);
    }

    @Autowired InsightsRepository repository;
    @Autowired InsightsService service;
    @Autowired dev.aftermath.security.IncidentAccess access;

    private void profile() {
        var user = new dev.aftermath.security.CurrentUser("alex", List.of("engineering"));
        var visible = access.visibleTo(user, "i.id");
        var q = new InsightsQuery(LocalDate.of(2010, 1, 1), LocalDate.of(2014, 12, 31), null, null);
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            var incidents = repository.incidents(q, ZoneOffset.UTC, visible);
            long t1 = System.nanoTime();
            var items = repository.itemsDue(q, visible);
            long t2 = System.nanoTime();
            var pubs = repository.publishedWithSymptom(q, Instant.parse("2015-01-01T00:00:00Z"), visible);
            long t3 = System.nanoTime();
            var data = new InsightsService.Data(q, incidents, items, pubs);
            service.report(data, Instant.now());
            long t4 = System.nanoTime();
            var all = access.visibleTo(new dev.aftermath.security.CurrentUser("demo", List.of("camunda-admin")), "i.id");
            repository.incidents(q, ZoneOffset.UTC, all);
            long t5 = System.nanoTime();
            System.out.println("PROFILE incidents " + (t1 - t0) / 1_000_000 + " ms, items " + (t2 - t1) / 1_000_000
                    + " ms, published " + (t3 - t2) / 1_000_000 + " ms, compute " + (t4 - t3) / 1_000_000
                    + " ms, incidents as admin " + (t5 - t4) / 1_000_000 + " ms");
        }
    }

    private ResponseEntity<String> call(String url) {
        ResponseEntity<String> r = http.withBasicAuth("alex", "alex").getForEntity(url, String.class);
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
        return r;
    }

    private void seed() {
        if (jdbc.queryForObject("select count(*) from am_incident where id like 'BENCH-%'", Long.class) > 0) {
            return;
        }
        Random random = new Random(42);
        LocalDate first = LocalDate.of(2010, 1, 1);
        String[] severities = {"SEV1", "SEV2", "SEV3", "SEV4"};
        String[] categories = {"CAPACITY", "DEPLOYMENT", "CONFIGURATION", "DEPENDENCY", "MONITORING", "SECURITY"};
        String[] states = {"OPEN", "OVERDUE", "DONE", "DONE", "DONE", "DROPPED"};
        List<Object[]> incidents = new ArrayList<>();
        List<Object[]> postmortems = new ArrayList<>();
        List<Object[]> rounds = new ArrayList<>();
        List<Object[]> items = new ArrayList<>();
        List<Object[]> participants = new ArrayList<>();
        int itemsLeft = ITEMS;
        for (int n = 0; n < INCIDENTS; n++) {
            String id = "BENCH-" + n;
            Instant resolved = first.atStartOfDay().toInstant(ZoneOffset.UTC)
                    .plusSeconds((long) n * (5L * 365 * 86400 / INCIDENTS));
            Instant detected = resolved.minusSeconds(60L * (10 + random.nextInt(300)));
            Instant started = detected.minusSeconds(60L * random.nextInt(30));
            Instant acknowledged = detected.plusSeconds(60L * random.nextInt(15));
            boolean pm = n % (INCIDENTS / POSTMORTEMS) == 0 && postmortems.size() < POSTMORTEMS;
            boolean restricted = n % 50 == 7;
            Instant deadline = resolved.plusSeconds(72 * 3600);
            incidents.add(new Object[] {id, "Benchmark incident " + n, "bench-svc-" + (n % 20), severities[n % 4],
                    ts(started), ts(detected), ts(acknowledged), ts(resolved), "symptom-" + (n % 97),
                    pm ? "REQUIRED" : "NOT_REQUIRED", pm ? ts(deadline) : null, pm ? ts(deadline) : null,
                    pm ? "POSTMORTEM_PUBLISHED" : "NO_POSTMORTEM", ts(resolved), restricted});
            if (restricted) {
                participants.add(new Object[] {id, "priya", "author"});
            }
            if (pm) {
                Instant published = resolved.plusSeconds(3600L * (12 + random.nextInt(100)));
                postmortems.add(new Object[] {id, ts(resolved), ts(published), ts(published), "Root cause " + n,
                        categories[n % categories.length], ts(resolved.plusSeconds(3600L * random.nextInt(60))),
                        random.nextInt(3)});
                for (int r = 1; r <= 1 + random.nextInt(3); r++) {
                    rounds.add(new Object[] {id, r, ts(resolved)});
                }
                for (int k = 1; k <= 5 && itemsLeft > 0; k++, itemsLeft--) {
                    String state = states[random.nextInt(states.length)];
                    LocalDate due = LocalDate.ofInstant(published, ZoneOffset.UTC).plusDays(7 + random.nextInt(60));
                    Instant ended = state.equals("DONE") || state.equals("DROPPED")
                            ? published.plusSeconds(86400L * random.nextInt(80)) : null;
                    items.add(new Object[] {id + "/AI-" + k, id, k, "Benchmark item " + k + " of " + n,
                            "owner-" + random.nextInt(40), k == 1 ? "HIGH" : "MEDIUM", due, state,
                            state.equals("OVERDUE") ? random.nextInt(5) : 0, ts(published), ts(published),
                            ended == null ? null : ts(ended)});
                }
            }
        }
        jdbc.batchUpdate("""
                insert into am_incident (id, title, service, severity, started_at, detected_at, acknowledged_at,
                  resolved_at, symptom, requirement, publish_deadline, meeting_deadline, state, created_at, restricted)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", incidents);
        jdbc.batchUpdate("insert into am_incident_participant (incident_id, user_id, role) values (?, ?, ?)",
                participants);
        jdbc.batchUpdate("""
                insert into am_postmortem (incident_id, status, document, created_at, updated_at, published_at,
                  root_cause, cause_category, meeting_start, review_rounds)
                values (?, 'PUBLISHED', '{}', ?, ?, ?, ?, ?, ?, ?)""", postmortems);
        jdbc.batchUpdate("""
                insert into am_quality_round (incident_id, round_no, stage, verdict, blocking_count, warning_count,
                  findings, checked_at) values (?, ?, 'FINAL', 'PASSED', 0, 0, '[]', ?)""", rounds);
        jdbc.batchUpdate("""
                insert into am_action_item (id, incident_id, item_number, title, owner, priority, due_date, state,
                  escalation_level, history, created_at, updated_at, ended_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', ?, ?, ?)""", items);
        assertThat(jdbc.queryForObject("select count(*) from am_incident where id like 'BENCH-%'", Long.class))
                .isEqualTo(INCIDENTS);
        assertThat(jdbc.queryForObject("select count(*) from am_postmortem where incident_id like 'BENCH-%'",
                Long.class)).isEqualTo(POSTMORTEMS);
        assertThat(jdbc.queryForObject("select count(*) from am_action_item where incident_id like 'BENCH-%'",
                Long.class)).isEqualTo(ITEMS);
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }
}
