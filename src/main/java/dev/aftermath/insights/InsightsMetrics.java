package dev.aftermath.insights;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.camunda.bpm.engine.ManagementService;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Operations gauges at {@code /actuator/prometheus} (see README "Insights"): open action items by state and
 * escalation level, post-mortems past their deadline, the mail backlog (send-step jobs waiting, failing, and out of
 * retries) and due jobs not yet executed. Values are read at most every 10 seconds (one snapshot per scrape).
 */
@Component
public class InsightsMetrics implements MeterBinder {

    private static final long TTL_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    private static final List<String> OPEN_STATES = List.of("OPEN", "OVERDUE");

    /** Jobs of the send steps (every diagram names its asynchronous mail steps Send_*). */
    private static final String MAIL_JOBS = "select count(*) from ACT_RU_JOB j join ACT_RU_JOBDEF d"
            + " on d.ID_ = j.JOB_DEF_ID_ where d.ACT_ID_ like 'Send%'";

    private final JdbcClient jdbc;
    private final ManagementService management;
    volatile Snapshot snapshot;

    public InsightsMetrics(JdbcClient jdbc, @Lazy ManagementService management) {
        this.jdbc = jdbc;
        this.management = management;
    }

    record Snapshot(long takenAt, Map<String, Long> items, long pastDeadline, long mailPending, long mailFailing,
                    long mailDead, long jobsDue, long jobsWithException) {
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String state : OPEN_STATES) {
            for (int level = 0; level <= 4; level++) {
                String key = state + "/" + level;
                Gauge.builder("aftermath.action.items.open", this, m -> m.snapshot().items().getOrDefault(key, 0L))
                        .description("Open action items by state and escalation level")
                        .tag("state", state).tag("level", Integer.toString(level)).register(registry);
            }
        }
        Gauge.builder("aftermath.postmortems.past.deadline", this, m -> m.snapshot().pastDeadline())
                .description("Required post-mortems in progress whose publication deadline has passed")
                .register(registry);
        Gauge.builder("aftermath.mail.jobs", this, m -> m.snapshot().mailPending())
                .description("Mail steps (send tasks) waiting to be executed").tag("status", "pending")
                .register(registry);
        Gauge.builder("aftermath.mail.jobs", this, m -> m.snapshot().mailFailing())
                .description("Mail steps that failed and are being retried").tag("status", "failing")
                .register(registry);
        Gauge.builder("aftermath.mail.jobs", this, m -> m.snapshot().mailDead())
                .description("Mail steps out of retries (a Cockpit incident)").tag("status", "failed")
                .register(registry);
        Gauge.builder("aftermath.jobs.due.not.executed", this, m -> m.snapshot().jobsDue())
                .description("Engine jobs that are due (executable) but not executed yet").register(registry);
        Gauge.builder("aftermath.jobs.with.exception", this, m -> m.snapshot().jobsWithException())
                .description("Engine jobs whose last execution failed").register(registry);
    }

    Snapshot snapshot() {
        Snapshot s = snapshot;
        long now = System.nanoTime();
        if (s == null || now - s.takenAt() > TTL_NANOS) {
            s = take(now);
            snapshot = s;
        }
        return s;
    }

    /** Reads every value now (tests call it to bypass the cache). */
    Snapshot take(long now) {
        Map<String, Long> items = new HashMap<>();
        jdbc.sql("select state, escalation_level, count(*) as n from am_action_item where state in ('OPEN', 'OVERDUE')"
                        + " group by state, escalation_level")
                .query(rs -> {
                    items.put(rs.getString("state") + "/" + rs.getInt("escalation_level"), rs.getLong("n"));
                });
        long pastDeadline = jdbc.sql("""
                select count(*) from am_incident i left join am_postmortem p on p.incident_id = i.id
                 where i.publish_deadline < ? and i.state = 'POSTMORTEM_IN_PROGRESS'
                   and (p.status is null or p.status <> 'PUBLISHED')""")
                .param(Instant.ofEpochMilli(now).atOffset(ZoneOffset.UTC)).query(Long.class).single();
        long mailPending = jdbc.sql(MAIL_JOBS + " and j.RETRIES_ > 0").query(Long.class).single();
        long mailFailing = jdbc.sql(MAIL_JOBS + " and j.RETRIES_ > 0 and j.EXCEPTION_MSG_ is not null")
                .query(Long.class).single();
        long mailDead = jdbc.sql(MAIL_JOBS + " and j.RETRIES_ = 0").query(Long.class).single();
        long jobsDue = management.createJobQuery().executable().count();
        long withException = management.createJobQuery().withException().count();
        return new Snapshot(now, items, pastDeadline, mailPending, mailFailing, mailDead, jobsDue, withException);
    }
}
