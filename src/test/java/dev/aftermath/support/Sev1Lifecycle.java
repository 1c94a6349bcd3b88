package dev.aftermath.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;

import dev.aftermath.perf.StatementCounter;
import dev.aftermath.processapi.ActionItemProcess;
import dev.aftermath.processapi.PostmortemProcess.Elements;

/**
 * One SEV1 from closure to publication, its two action items created and completed, driven in-process through the
 * engine API in six steps (the steps of the lifecycle benchmark and of the statement budget): jobs executed as the job
 * executor would, timers fired by executing their job, mail delivered to the embedded GreenMail.
 */
public abstract class Sev1Lifecycle extends ProcessTestSupport {

    public static final String CLOSURE = "closure and policy (answer + continuation)";
    public static final String INVITATIONS = "draft written, meeting scheduled, invitations";
    public static final String PRE_READ = "meeting timer, pre-read";
    public static final String MEETING = "meeting held (quality gate)";
    public static final String PUBLISHED = "finalised, approved, published, items started";
    public static final String ITEMS_DONE = "two action items completed";

    /** What one step of a lifecycle cost: nanoseconds and, when counted, its SQL statements. */
    public record Step(String name, long nanos, StatementCounter.Counts statements) {
    }

    /**
     * Runs one lifecycle; with {@code count} each step's statements are counted (this costs time: do not count timed
     * lifecycles).
     *
     * @return the steps in order
     */
    protected Map<String, Step> sev1Lifecycle(boolean count) {
        Map<String, Step> steps = new LinkedHashMap<>();
        Recorder r = new Recorder(steps, count);
        String id = newIncidentId("BENCH-LC");
        Map<String, Object> payload = incident(id, "SEV1", Duration.ofHours(1));
        payload.put("author", "priya");
        payload.put("facilitator", "carlos");
        r.begin();
        String pi = incidentService.receive(objectMapper.valueToTree(payload), "jordan").incident()
                .processInstanceId();
        continueAfterDecision(pi);
        r.end(CLOSURE);
        completeTask(pi, Elements.TASK_WRITE_DRAFT, Drafts.goodDraft());
        completeTask(pi, Elements.TASK_SCHEDULE_MEETING, Map.of("meetingStart", Instant.now()
                .plus(Duration.ofHours(3)).truncatedTo(ChronoUnit.MINUTES).toString(), "attendees", "mia,alex"));
        runAsyncJobs();
        r.end(INVITATIONS);
        Job meeting = managementService.createJobQuery().processInstanceId(pi).timers()
                .activityId(Elements.TIMER_MEETING_START).singleResult();
        managementService.executeJob(meeting.getId());
        runAsyncJobs();
        r.end(PRE_READ);
        completeTask(pi, Elements.TASK_HOLD_MEETING, Drafts.goodMeeting());
        completeTask(pi, Elements.TASK_FINALIZE, Map.of());
        r.end(MEETING);
        completeTask(pi, Elements.TASK_APPROVE, Map.of("approved", true));
        runAsyncJobs();
        r.end(PUBLISHED);
        for (int k = 1; k <= 2; k++) {
            Task item = taskService.createTaskQuery().processInstanceBusinessKey(id + "/AI-" + k)
                    .taskDefinitionKey(ActionItemProcess.Elements.TASK_COMPLETE).singleResult();
            assertThat(item).as("action item " + k + " of " + id).isNotNull();
            taskService.complete(item.getId(), Map.of("resolution", "Done in the benchmark"));
        }
        runAsyncJobs();
        r.end(ITEMS_DONE);
        if (count) {
            StatementCounter.stop();
        }
        return steps;
    }

    private void completeTask(String pi, String key, Map<String, Object> vars) {
        Task task = taskService.createTaskQuery().processInstanceId(pi).taskDefinitionKey(key).singleResult();
        assertThat(task).as("task " + key + " of " + pi).isNotNull();
        taskService.complete(task.getId(), vars);
    }

    private static final class Recorder {
        private final Map<String, Step> steps;
        private final boolean count;
        private long since;

        Recorder(Map<String, Step> steps, boolean count) {
            this.steps = steps;
            this.count = count;
        }

        void begin() {
            since = System.nanoTime();
            if (count) {
                StatementCounter.start();
            }
        }

        void end(String name) {
            StatementCounter.Counts c = count ? StatementCounter.stop() : null;
            long now = System.nanoTime();
            steps.put(name, new Step(name, now - since, c));
            begin();
        }
    }
}
