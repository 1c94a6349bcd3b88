package dev.aftermath.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.builder.AbstractFlowNodeBuilder;
import org.camunda.bpm.model.bpmn.builder.ProcessBuilder;
import org.camunda.bpm.model.bpmn.instance.ExtensionElements;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.aftermath.support.Sev1Lifecycle;

/**
 * Benchmark (tag {@code benchmark}, run by {@code ./bench/run}; see BENCHMARKS.md), not a timed test: the time of N
 * SEV1 lifecycles driven in-process from closure to publication, with two action items and their completion, against
 * a bare-engine diagram doing the same engine work with no-op steps, on the same engine, database and history level.
 *
 * <p>The bare diagram is not drawn by hand: it is generated from what the Aftermath lifecycles of the warm-up were
 * measured to cost the engine (per lifecycle: process instances, user tasks, asynchronous jobs, timers fired and timers
 * cancelled, variables and variable updates, all counted in the history tables), so "same work" is a measurement, not
 * a claim. Both are driven by job execution (the job executor is off in the test context) and task completion; they
 * run in alternating blocks so that a database growing during the run does not favour either.
 *
 * <p>System properties: {@code bench.lifecycles} (N, default 20), {@code bench.out} (result lines, tab separated).
 */
@Tag("benchmark")
class LifecycleOverheadBenchmark extends Sev1Lifecycle {

    private static final List<String> HISTORY_TABLES = List.of("ACT_HI_PROCINST", "ACT_HI_ACTINST", "ACT_HI_TASKINST",
            "ACT_HI_VARINST", "ACT_HI_DETAIL", "ACT_HI_IDENTITYLINK", "ACT_HI_JOB_LOG", "ACT_HI_OP_LOG",
            "ACT_HI_DECINST", "ACT_HI_DEC_IN", "ACT_HI_DEC_OUT", "ACT_HI_INCIDENT", "ACT_HI_COMMENT");

    @Autowired JdbcTemplate jdbc;
    @Autowired RepositoryService repositoryService;

    @Test
    void lifecycle_against_the_bare_engine() throws Exception {
        int n = Integer.getInteger("bench.lifecycles", 20);
        int warmup = Math.max(3, Math.min(20, n / 10));
        int blocks = n >= 50 ? 5 : 1;

        // warm-up of Aftermath's lifecycle, measured: what one lifecycle costs the engine
        Counts before = counts();
        for (int i = 0; i < warmup; i++) {
            aftermathLifecycle(true); // statements counted here only: counting costs time
        }
        Counts perLifecycle = counts().minus(before).per(warmup);
        BpmnModelInstance bare = bareModel(perLifecycle);
        repositoryService.createDeployment().name("bench-bare-lifecycle")
                .addModelInstance("bench-bare-lifecycle.bpmn", bare)
                .addModelInstance("bench-bare-child.bpmn", Bpmn.createExecutableProcess("bench-bare-child")
                        .camundaHistoryTimeToLive(1).startEvent().endEvent().done())
                .deploy();
        Counts bareBefore = counts();
        dev.aftermath.perf.StatementCounter.start();
        for (int i = 0; i < warmup; i++) {
            bareLifecycle();
        }
        double bareStatements = (double) dev.aftermath.perf.StatementCounter.stop().total() / warmup;
        Counts barePerLifecycle = counts().minus(bareBefore).per(warmup);

        long aftermathNanos = 0;
        long bareNanos = 0;
        long aftermathCpu = 0;
        long bareCpu = 0;
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        int perBlock = n / blocks;
        for (int b = 0; b < blocks; b++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (int i = 0; i < perBlock; i++) {
                aftermathLifecycle(false);
            }
            awaitMailDelivered(); // with asynchronous dispatch (as in production) the block ends with its last mail
            long c1 = threads.getCurrentThreadCpuTime();
            long t1 = System.nanoTime();
            for (int i = 0; i < perBlock; i++) {
                bareLifecycle();
            }
            long c2 = threads.getCurrentThreadCpuTime();
            long t2 = System.nanoTime();
            aftermathNanos += t1 - t0;
            bareNanos += t2 - t1;
            aftermathCpu += c1 - c0;
            bareCpu += c2 - c1;
        }
        int done = perBlock * blocks;
        double aftermathMs = aftermathNanos / 1e6 / done;
        double bareMs = bareNanos / 1e6 / done;
        double ratio = aftermathMs / bareMs;
        String work = "per lifecycle, Aftermath / bare: " + perLifecycle.describe() + " / " + barePerLifecycle.describe();
        System.out.printf("LIFECYCLE %d lifecycles: Aftermath %.1f ms, bare %.1f ms, ratio %.2f; %s%n", done,
                aftermathMs, bareMs, ratio, work);
        BenchOut.line("lifecycle", "SEV1 lifecycle, closure to 2 items done, mail delivered (mean of " + done + ")",
                BenchOut.fmt(aftermathMs), "ms", BenchOut.fmt(bareMs), "≤ 2.0× bare",
                ratio <= 2.0 ? "met" : "NOT met", work + "; mail dispatch " + (asyncDispatch ? "asynchronous "
                        + "after commit (production)" : "in the committing thread (test context)"));
        String cpu = String.format(java.util.Locale.ROOT, "CPU time of the driving thread per lifecycle: Aftermath "
                + "%.1f ms, bare %.1f ms (%.2f×); the rest of the wall time is waiting (database, SMTP, other threads)",
                aftermathCpu / 1e6 / done, bareCpu / 1e6 / done, (double) aftermathCpu / Math.max(1, bareCpu));
        System.out.println("LIFECYCLE " + cpu);
        BenchOut.line("lifecycle", "CPU of the driving thread per lifecycle", BenchOut.fmt(aftermathCpu / 1e6 / done),
                "ms", BenchOut.fmt(bareCpu / 1e6 / done), "reported", "-",
                "the thread that runs the lifecycles and their jobs (mail delivery threads not included)");
        System.out.println("LIFECYCLE " + stepBreakdown());
        BenchOut.line("lifecycle", "where Aftermath's lifecycle time goes", BenchOut.fmt(aftermathMs), "ms", "-", "-",
                "-", stepBreakdown());
        System.out.println("LIFECYCLE " + statementBreakdown());
        long[] total = new long[3];
        statements.values().forEach(c -> {
            for (int i = 0; i < 3; i++) {
                total[i] += c[i];
            }
        });
        BenchOut.line("lifecycle", "SQL statements per lifecycle, Aftermath's (reference: the engine's own)",
                per(total[0] + total[1]), "statements", per(total[2]), "reported", "-", statementBreakdown());
        BenchOut.line("lifecycle", "SQL statements per lifecycle, all (reference: the bare lifecycle's)",
                per(total[0] + total[1] + total[2]), "statements", BenchOut.fmt(bareStatements), "reported", "-",
                "counted on the driving thread"
                        + (asyncDispatch ? " (the mail threads' claims and SENT marks not included)" : ""));
        BenchOut.line("lifecycle", "lifecycles per second (Aftermath)", BenchOut.fmt(1000 / aftermathMs), "1/s",
                BenchOut.fmt(1000 / bareMs), "-", "-", "reference: bare-engine lifecycles per second");
        assertThat(done).isPositive();
    }

    // ------------------------------------------------------------------------------------------------ Aftermath

    /** One SEV1 from closure to publication, its two action items created and completed ({@link Sev1Lifecycle}). */
    private void aftermathLifecycle(boolean count) {
        Map<String, Step> run = sev1Lifecycle(count);
        run.forEach((name, step) -> {
            steps.merge(name, step.nanos(), Long::sum);
            if (count) {
                statements.computeIfAbsent(name, k -> new long[3]);
                long[] c = statements.get(name);
                c[0] += step.statements().app;
                c[1] += step.statements().engineForApp;
                c[2] += step.statements().engine;
            }
        });
        stepLifecycles++;
        if (count) {
            countedLifecycles++;
        }
    }

    /** Time spent per step of Aftermath's lifecycle (all lifecycles, warm-up included). */
    private final Map<String, Long> steps = new LinkedHashMap<>();
    /** SQL statements per step (own tables, engine calls of Aftermath's code, engine), counted in the warm-up. */
    private final Map<String, long[]> statements = new LinkedHashMap<>();
    private int stepLifecycles;
    private int countedLifecycles;

    private String stepBreakdown() {
        StringBuilder b = new StringBuilder("Aftermath per step (ms):");
        steps.forEach((name, nanos) -> b.append(' ').append(name).append(' ')
                .append(BenchOut.fmt(nanos / 1e6 / Math.max(1, stepLifecycles))).append(';'));
        return b.toString();
    }

    /** Statements per step and lifecycle: Aftermath's (own tables + engine calls) and the engine's own. */
    private String statementBreakdown() {
        StringBuilder b = new StringBuilder("SQL statements per step, Aftermath (own tables + its engine calls) / "
                + "engine's own, mean of " + countedLifecycles + " counted warm-up lifecycles:");
        long[] sum = new long[3];
        statements.forEach((name, c) -> {
            b.append(' ').append(name).append(' ').append(per(c[0] + c[1])).append(" (").append(per(c[0]))
                    .append(" + ").append(per(c[1])).append(") / ").append(per(c[2])).append(';');
            for (int i = 0; i < 3; i++) {
                sum[i] += c[i];
            }
        });
        b.append(" lifecycle ").append(per(sum[0] + sum[1])).append(" (").append(per(sum[0])).append(" + ")
                .append(per(sum[1])).append(") / ").append(per(sum[2])).append(';');
        return b.toString();
    }

    private String per(long total) {
        return BenchOut.fmt((double) total / Math.max(1, countedLifecycles));
    }

    @org.springframework.beans.factory.annotation.Value("${aftermath.mail.outbox.async-dispatch:true}")
    boolean asyncDispatch;

    /** Waits until the outbox has no delivery left to make (at once when mail is delivered in the committing thread). */
    private void awaitMailDelivered() throws InterruptedException {
        for (int i = 0; i < 60_000; i++) {
            Long due = jdbc.queryForObject(
                    "select count(*) from am_mail_delivery where status in ('PENDING', 'SENDING')", Long.class);
            if (due == null || due == 0) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("mail still undelivered after 5 minutes");
    }

    // ------------------------------------------------------------------------------------------------ bare engine

    /** Starts the bare diagram and drives it (jobs, timers, tasks) until it has ended. */
    private void bareLifecycle() {
        Map<String, Object> vars = new HashMap<>();
        for (int v = 0; v < bareStartVariables; v++) {
            vars.put("v" + v, "value " + v);
        }
        String pi = runtimeService.startProcessInstanceByKey("bench-bare-lifecycle", newIncidentId("BENCH-BARE"),
                vars).getId();
        Date horizon = Date.from(Instant.now().plus(Duration.ofDays(1)));
        for (int round = 0; round < 500; round++) {
            List<Job> jobs = managementService.createJobQuery().processInstanceId(pi).executable().list();
            if (!jobs.isEmpty()) {
                jobs.forEach(j -> managementService.executeJob(j.getId()));
                continue;
            }
            // the next intermediate timer (due in an hour) fires now, as the lifecycle fires its timers; the
            // boundary timers of the user tasks (due in a week) never fire: they go when their task completes
            List<Job> timers = managementService.createJobQuery().processInstanceId(pi).timers().duedateLowerThan(horizon)
                    .list();
            if (!timers.isEmpty()) {
                managementService.executeJob(timers.get(0).getId());
                continue;
            }
            List<Task> tasks = taskService.createTaskQuery().processInstanceId(pi).list();
            if (tasks.isEmpty()) {
                assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(pi).count()).isZero();
                return;
            }
            for (Task t : tasks) {
                Map<String, Object> update = new HashMap<>();
                for (int v = 0; v < bareUpdatesPerTask; v++) {
                    update.put("v" + v, "updated " + round);
                }
                taskService.complete(t.getId(), update);
            }
        }
        throw new AssertionError("bare lifecycle " + pi + " did not end");
    }

    private int bareStartVariables;
    private int bareUpdatesPerTask;
    private int bareTimers;

    /**
     * A sequence with the measured work: child instances (call activities), asynchronous no-op steps, timers that fire,
     * user tasks each with a non-interrupting timer that is cancelled when the task completes (the lifecycle's
     * deadline and reminder timers that never fire), the lifecycle's variables set at the start and updated at
     * each task completion.
     */
    private BpmnModelInstance bareModel(Counts c) {
        int children = Math.max(0, (int) Math.round(c.processInstances) - 1);
        int userTasks = Math.max(1, (int) Math.round(c.userTasks));
        int asyncJobs = (int) Math.round(c.asyncJobs);
        int timersFired = (int) Math.round(c.timersFired);
        bareTimers = timersFired;
        int timersCancelled = Math.max(0, (int) Math.round(c.timersCreated - c.timersFired));
        bareStartVariables = (int) Math.round(c.variables);
        bareUpdatesPerTask = (int) Math.max(0, Math.round((c.variableUpdates - c.variables) / userTasks));
        ProcessBuilder process = Bpmn.createExecutableProcess("bench-bare-lifecycle").camundaHistoryTimeToLive(1);
        AbstractFlowNodeBuilder<?, ?> flow = process.startEvent("start");
        for (int i = 0; i < children; i++) {
            flow = flow.callActivity("child" + i).calledElement("bench-bare-child");
        }
        for (int i = 0; i < asyncJobs; i++) {
            flow = flow.serviceTask("async" + i).camundaAsyncBefore().camundaExpression("${true}");
        }
        for (int i = 0; i < timersFired; i++) {
            flow = flow.intermediateCatchEvent("timer" + i).timerWithDuration("PT1H");
        }
        for (int i = 0; i < userTasks; i++) {
            var task = flow.userTask("task" + i).camundaAssignee("priya").camundaCandidateGroups("engineering");
            flow = task;
            if (i < timersCancelled) {
                task.boundaryEvent("deadline" + i).cancelActivity(false).timerWithDuration("P7D").endEvent();
                flow = task;
            }
        }
        BpmnModelInstance model = flow.endEvent("end").done();
        // not announced by mail: the notification is Aftermath's work, the bare engine has none
        for (UserTask task : model.getModelElementsByType(UserTask.class)) {
            ExtensionElements extensions = task.getExtensionElements();
            if (extensions == null) {
                extensions = model.newInstance(ExtensionElements.class);
                task.setExtensionElements(extensions);
            }
            CamundaProperties properties = extensions.addExtensionElement(CamundaProperties.class);
            CamundaProperty announce = model.newInstance(CamundaProperty.class);
            announce.setCamundaName("announce");
            announce.setCamundaValue("false");
            properties.getCamundaProperties().add(announce);
        }
        return model;
    }

    // ------------------------------------------------------------------------------------------------ counting

    private Counts counts() {
        Map<String, Long> rows = new LinkedHashMap<>();
        for (String table : HISTORY_TABLES) {
            rows.put(table, jdbc.queryForObject("select count(*) from " + table, Long.class));
        }
        long async = jobLog("JOB_STATE_ = 2 and JOB_DEF_TYPE_ = 'async-continuation'");
        long timersFired = jobLog("JOB_STATE_ = 2 and JOB_DEF_TYPE_ like 'timer%'");
        long timersCreated = jobLog("JOB_STATE_ = 0 and JOB_DEF_TYPE_ like 'timer%'");
        return new Counts(rows.get("ACT_HI_PROCINST"), rows.get("ACT_HI_TASKINST"), async, timersFired, timersCreated,
                rows.get("ACT_HI_VARINST"), rows.get("ACT_HI_DETAIL"),
                rows.values().stream().mapToLong(Long::longValue).sum());
    }

    private long jobLog(String condition) {
        return jdbc.queryForObject("select count(*) from ACT_HI_JOB_LOG where " + condition, Long.class);
    }

    record Counts(double processInstances, double userTasks, double asyncJobs, double timersFired,
                  double timersCreated, double variables, double variableUpdates, double historyRows) {

        Counts minus(Counts o) {
            return new Counts(processInstances - o.processInstances, userTasks - o.userTasks, asyncJobs - o.asyncJobs,
                    timersFired - o.timersFired, timersCreated - o.timersCreated, variables - o.variables,
                    variableUpdates - o.variableUpdates, historyRows - o.historyRows);
        }

        Counts per(int n) {
            return new Counts(processInstances / n, userTasks / n, asyncJobs / n, timersFired / n, timersCreated / n,
                    variables / n, variableUpdates / n, historyRows / n);
        }

        String describe() {
            return String.format(java.util.Locale.ROOT, "%.0f instances, %.0f user tasks, %.0f async jobs, "
                            + "%.0f timers fired of %.0f, %.0f variables, %.0f variable writes, %.0f history rows",
                    processInstances, userTasks, asyncJobs, timersFired, timersCreated, variables, variableUpdates,
                    historyRows);
        }
    }
}
