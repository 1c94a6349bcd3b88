package dev.aftermath.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.runtime.Job;
import org.camunda.spin.plugin.variable.SpinValues;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import dev.aftermath.processapi.ActionItemProcess;
import dev.aftermath.support.ProcessTestSupport;

/**
 * Seeds the database of the ladder burst (tag {@code benchmark}, run by {@code ./bench/ladder}; BENCHMARKS.md): for each
 * size in {@code bench.ladder.sizes} (e.g. "1000 5000 10000"), that many action items (process action-item, started
 * as the post-mortem's call activity starts them) whose next rung is the reminder, due in four weeks. The burst driver
 * ({@code bench/src/LadderBurst.java}) later makes the reminders of one group fall due at the same moment and times
 * the mails arriving in an SMTP sink.
 *
 * <p>What the items did before their reminder is done here and is not part of the burst: the ticket step (no tracker
 * configured: nothing) runs, and the announcement of each item's task (a mail weeks earlier) is removed unsent.
 */
@Tag("benchmark")
class LadderSeedBenchmark extends ProcessTestSupport {

    static final String[] OWNERS = {"priya", "carlos", "alex", "mia", "sam"};

    @Autowired JdbcTemplate jdbc;
    @Autowired TransactionTemplate transactions;

    @Test
    void seed_ladder_groups() {
        String sizes = System.getProperty("bench.ladder.sizes", "100 300");
        long t0 = System.nanoTime();
        int total = 0;
        for (String s : sizes.trim().split("\\s+")) {
            int size = Integer.parseInt(s);
            seed(size);
            total += size;
        }
        // the announcements of the items' tasks went out weeks ago: not part of the burst
        List<String> announcements = runtimeService.createProcessInstanceQuery().processDefinitionKey("task-notification")
                .list().stream().map(p -> p.getId()).toList();
        for (int from = 0; from < announcements.size(); from += 500) {
            runtimeService.deleteProcessInstances(announcements.subList(from, Math.min(announcements.size(), from + 500)),
                    "benchmark seed", true, true);
        }
        // the ticket step of each item (no tracker configured: the worker completes it) and anything else
        // asynchronous left by the start
        for (int round = 0; round < 100_000; round++) {
            List<Job> jobs = managementService.createJobQuery().messages().executable().listPage(0, 1000);
            jobs.forEach(j -> managementService.executeJob(j.getId()));
            int tickets = ticketWorker.runOnce();
            if (jobs.isEmpty() && tickets == 0) {
                break;
            }
        }
        long reminders = managementService.createJobQuery().timers().activityId(ActionItemProcess.Elements.TIMER_REMINDER)
                .count();
        assertThat(reminders).isGreaterThanOrEqualTo(total);
        assertThat(managementService.createJobQuery().messages().count()).isZero();
        assertThat(processEngine.getExternalTaskService().createExternalTaskQuery().count()).isZero();
        BenchOut.line("ladder", "seeded", Integer.toString(total), "items", "-", "-", "-",
                "groups " + sizes + " seeded in " + (System.nanoTime() - t0) / 1_000_000_000 + " s");
    }

    private void seed(int size) {
        String prefix = "LADDER-" + size + "-";
        if (jdbc.queryForObject("select count(*) from am_incident where id like ?", Long.class, prefix + "%") > 0) {
            return;
        }
        // one incident per ten items (the items' foreign key)
        List<Object[]> incidents = new ArrayList<>();
        Timestamp resolved = Timestamp.from(Instant.now().minusSeconds(7 * 86400));
        for (int i = 0; i < (size + 9) / 10; i++) {
            incidents.add(new Object[] {prefix + i, "Ladder benchmark incident " + i, "ladder-svc", "SEV2", resolved,
                    resolved, "ladder-" + size, resolved});
        }
        jdbc.batchUpdate("""
                insert into am_incident (id, title, service, severity, started_at, resolved_at, symptom, created_at,
                  requirement, state, restricted) values (?, ?, ?, ?, ?, ?, ?, ?, 'REQUIRED', 'POSTMORTEM_PUBLISHED', false)
                """, incidents);
        String due = LocalDate.now().plusDays(28).toString();
        for (int from = 0; from < size; from += 250) {
            int start = from;
            int end = Math.min(size, from + 250);
            transactions.executeWithoutResult(status -> {
                for (int n = start; n < end; n++) {
                    String incident = prefix + (n / 10);
                    int item = n % 10 + 1;
                    Map<String, Object> vars = new HashMap<>();
                    vars.put("incidentId", incident);
                    vars.put("itemNumber", item);
                    vars.put("author", "priya");
                    vars.put("facilitator", "carlos");
                    vars.put("actionItem", SpinValues.jsonValue("{\"title\":\"Alert at 80% pool saturation ("
                            + n + ")\",\"owner\":\"" + OWNERS[n % OWNERS.length] + "\",\"dueDate\":\"" + due
                            + "\",\"priority\":\"HIGH\"}").create());
                    runtimeService.startProcessInstanceByKey(ActionItemProcess.KEY, incident + "/AI-" + item, vars);
                }
            });
        }
    }
}
