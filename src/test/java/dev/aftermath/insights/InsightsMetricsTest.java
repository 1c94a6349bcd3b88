package dev.aftermath.insights;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.aftermath.support.ProcessTestSupport;

/** The operations gauges at /actuator/prometheus: administrators only; health stays open. */
class InsightsMetricsTest extends ProcessTestSupport {

    @Autowired TestRestTemplate http;
    @Autowired JdbcClient jdbc;
    @Autowired InsightsMetrics metrics;

    @BeforeEach
    void seed() {
        InsightsSeed.seed(jdbc);
    }

    private static double value(String body, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(body);
        assertThat(m.find()).as(series + " in\n" + body).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    @Test
    void prometheus_shows_the_gauges_to_administrators_only() {
        assertThat(http.getForEntity("/actuator/health", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(http.getForEntity("/actuator/prometheus", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(http.withBasicAuth("alex", "alex").getForEntity("/actuator/prometheus", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

        metrics.snapshot = null; // read now, not a cached snapshot
        ResponseEntity<String> r = http.withBasicAuth("demo", "demo").getForEntity("/actuator/prometheus", String.class);
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
        String body = r.getBody();
        // the seeded set has one OVERDUE item at each level; other tests may add more: compare with the table
        for (int level = 0; level <= 4; level++) {
            long expected = count("select count(*) from am_action_item where state = 'OVERDUE' and escalation_level = "
                    + level);
            assertThat(expected).isGreaterThanOrEqualTo(1);
            assertThat(value(body, "aftermath_action_items_open{level=\"" + level + "\",state=\"OVERDUE\"}"))
                    .isEqualTo(expected);
        }
        assertThat(value(body, "aftermath_action_items_open{level=\"0\",state=\"OPEN\"}"))
                .isEqualTo(count("select count(*) from am_action_item where state = 'OPEN' and escalation_level = 0"));
        // INS-07 at least
        assertThat(value(body, "aftermath_postmortems_past_deadline")).isGreaterThanOrEqualTo(1);
        assertThat(body).contains("aftermath_mail_jobs{status=\"pending\"}")
                .contains("aftermath_mail_jobs{status=\"failed\"}")
                .contains("aftermath_jobs_due_not_executed").contains("aftermath_jobs_with_exception");
    }
}
