package dev.aftermath.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.aftermath.support.ProcessTestSupport;

/**
 * The library search at 3,000 published post-mortems in-process (tag {@code benchmark}, on request:
 * {@code mvn test -Dtest=LibrarySearchBenchmark -Dtest.excludedGroups=own-context}): the same data shape and words as
 * {@code ScaleSeedBenchmark}/{@code ScaleQueries} (one in fifty restricted), 100 calls over HTTP as a user who is not
 * a participant, p50/p95 on the index, and the SQL search it replaces (repository call, no HTTP) beside it.
 */
@Tag("benchmark")
class LibrarySearchBenchmark extends ProcessTestSupport {

    private static final String[] WORDS = {"connection pool", "certificate", "dns", "disk full", "memory leak",
            "deploy", "cache", "rate limit", "queue backlog", "timeout"};

    @Autowired JdbcTemplate jdbc;
    @Autowired TestRestTemplate http;
    @Autowired LibraryIndex index;
    @Autowired LibraryRepository repository;
    @Autowired LibraryService library;
    @Autowired dev.aftermath.security.IncidentAccess access;

    @Test
    void search_at_3000_post_mortems() throws Exception {
        int count = Integer.getInteger("bench.postmortems", 3000);
        seed(count);
        for (int i = 0; i < 1200 && !index.ready(); i++) {
            Thread.sleep(100);
        }
        assertThat(index.ready()).isTrue();
        long t0 = System.nanoTime();
        index.refresh();
        double indexMs = (System.nanoTime() - t0) / 1e6;
        double[] lucene = measure(i -> {
            ResponseEntity<String> r = http.withBasicAuth("alex", "alex").getForEntity(
                    "/api/postmortems?q={q}&page=0&size=20", String.class, WORDS[i % WORDS.length]);
            assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(r.getBody()).contains("\"total\":");
        });
        var visible = access.visibleTo(new dev.aftermath.security.CurrentUser("alex", List.of("engineering")),
                LibraryRepository.INCIDENT_ID);
        double[] sql = measure(i -> repository.search(new LibraryQuery(WORDS[i % WORDS.length], null, null, null,
                null, null, 0, 20), ZoneOffset.UTC, visible));
        dev.aftermath.security.CurrentUser alex = new dev.aftermath.security.CurrentUser("alex", List.of("engineering"));
        double[] service = measure(i -> library.search(new LibraryQuery(WORDS[i % WORDS.length], null, null, null,
                null, null, 0, 20), alex));
        double[] hidden = measure(i -> repository.hidden(visible));
        double[] hits = measure(i -> index.search(WORDS[i % WORDS.length]));
        System.out.printf(Locale.ROOT, "LIBRARY-BENCH in-process p50/p95 ms: service search %.1f/%.1f, of which index "
                        + "hits %.1f/%.1f, hidden set %.1f/%.1f%n", p(service, 50), p(service, 95), p(hits, 50),
                p(hits, 95), p(hidden, 50), p(hidden, 95));
        System.out.printf(Locale.ROOT, "LIBRARY-BENCH %d post-mortems: indexing %.0f ms; index over HTTP p50 %.1f ms p95 "
                        + "%.1f ms max %.1f ms; SQL like (repository, no HTTP) p50 %.1f ms p95 %.1f ms max %.1f ms%n",
                count, indexMs, p(lucene, 50), p(lucene, 95), lucene[lucene.length - 1], p(sql, 50), p(sql, 95),
                sql[sql.length - 1]);
    }

    interface Call {
        void run(int i) throws Exception;
    }

    private static double[] measure(Call call) throws Exception {
        for (int i = 0; i < 5; i++) {
            call.run(i);
        }
        double[] t = new double[100];
        for (int i = 0; i < t.length; i++) {
            long t0 = System.nanoTime();
            call.run(i);
            t[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(t);
        return t;
    }

    private static double p(double[] sorted, int percentile) {
        return sorted[(int) Math.ceil(percentile / 100.0 * sorted.length) - 1];
    }

    private void seed(int count) {
        if (jdbc.queryForObject("select count(*) from am_incident where id like 'SRCHB-%'", Long.class) > 0) {
            return;
        }
        List<Object[]> incidents = new ArrayList<>();
        List<Object[]> postmortems = new ArrayList<>();
        List<Object[]> participants = new ArrayList<>();
        Instant first = LocalDate.of(2010, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);
        for (int n = 0; n < count; n++) {
            String id = "SRCHB-" + n;
            Timestamp resolved = Timestamp.from(first.plusSeconds(n * 50_000L));
            String word = WORDS[n % WORDS.length];
            boolean restricted = n % 50 == 7;
            incidents.add(new Object[] {id, "Checkout errors: " + word + " on service " + (n % 20),
                    "scale-svc-" + (n % 20), "SEV" + (1 + n % 4), resolved, resolved, "symptom-" + (n % 97),
                    "POSTMORTEM_PUBLISHED", resolved, restricted});
            if (restricted) {
                participants.add(new Object[] {id, "priya", "author"});
            }
            postmortems.add(new Object[] {id, resolved, resolved, resolved, "The " + word + " was not monitored (" + n + ")",
                    "Summary of " + word + " incident " + n, "CAPACITY"});
        }
        jdbc.batchUpdate("""
                insert into am_incident (id, title, service, severity, started_at, resolved_at, symptom, state,
                  created_at, restricted) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", incidents);
        jdbc.batchUpdate("insert into am_incident_participant (incident_id, user_id, role) values (?, ?, ?)",
                participants);
        jdbc.batchUpdate("""
                insert into am_postmortem (incident_id, status, document, created_at, updated_at, published_at,
                  root_cause, summary, cause_category) values (?, 'PUBLISHED', '{}', ?, ?, ?, ?, ?, ?)""", postmortems);
    }
}
