package dev.aftermath.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.batch.Batch;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.spin.plugin.variable.SpinValues;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.aftermath.processapi.ActionItemProcess;
import dev.aftermath.calendar.Deadlines;
import dev.aftermath.processapi.PostmortemProcess;
import dev.aftermath.processapi.PostmortemProcess.Elements;
import dev.aftermath.support.Drafts;
import dev.aftermath.support.Lifecycle;
import dev.aftermath.support.RestCalls;

/**
 * A process owner changes two diagrams while work is in flight and moves the running instances onto the new
 * versions with {@code POST /api/admin/migrations}: action items at different rungs of the ladder, post-mortems at
 * different tasks. The changed copies (the ladder's first escalation a week later: P7D to P10D; the follow-up review
 * after three weeks instead of four; the role assignment task renamed) are deployed here. The dry run reports and
 * changes nothing; the migration moves every instance it can (a batch, as Cockpit shows it), the changed timers
 * apply to the migrated instances, the instance in the renamed task stays on its version, and all of them then run to
 * their end.
 */
class MigrationTest extends Lifecycle {

    private static final Set<String> DEADLINE_TIMERS = Set.of(Elements.TIMER_PUBLISH_WARNING,
            Elements.TIMER_PUBLISH_DEADLINE);

    @LocalServerPort int port;
    @Autowired RepositoryService repositoryService;
    @Autowired HistoryService historyService;
    @Autowired Deadlines deadlines;

    private ProcessInstance startItem(String incidentId, int n, LocalDate due) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("incidentId", incidentId);
        vars.put("itemNumber", n);
        vars.put("actionItem", SpinValues.jsonValue("{\"title\":\"Alert at 80% pool saturation on payments-db\","
                + "\"owner\":\"alex\",\"dueDate\":\"" + due + "\",\"priority\":\"HIGH\"}").create());
        ProcessInstance pi = runtimeService.startProcessInstanceByKey(ActionItemProcess.KEY, incidentId + "/AI-" + n,
                vars);
        runAsyncJobs();
        return pi;
    }

    private String definitionOf(ProcessInstance pi) {
        return runtimeService.createProcessInstanceQuery().processInstanceId(pi.getId()).singleResult()
                .getProcessDefinitionId();
    }

    private Job timerOf(ProcessInstance pi, String activityId) {
        return managementService.createJobQuery().processInstanceId(pi.getId()).timers().activityId(activityId)
                .singleResult();
    }

    private static String changed(String xml, Map<String, String> replacements) {
        String result = xml;
        for (Map.Entry<String, String> r : replacements.entrySet()) {
            assertThat(result).as("the diagram contains " + r.getKey()).contains(r.getKey());
            result = result.replace(r.getKey(), r.getValue());
        }
        return result;
    }

    private JsonNode source(JsonNode report, int version) {
        for (JsonNode s : report.path("sources")) {
            if (s.path("version").asInt() == version) {
                return s;
            }
        }
        throw new AssertionError("no source version " + version + " in " + report);
    }

    @Test
    void a_changed_ladder_and_lifecycle_apply_to_running_work_after_migration() throws Exception {
        RestCalls rest = new RestCalls(port, objectMapper);

        // ---- work in flight on the current versions
        String incidentId = newIncident("MIG-AI");
        LocalDate due = LocalDate.now().plusDays(3);
        ProcessInstance atReminder = startItem(incidentId, 1, due);
        ProcessInstance atWeek1 = startItem(incidentId, 2, due);
        fireTimer(atWeek1, ActionItemProcess.Elements.TIMER_REMINDER);
        fireTimer(atWeek1, ActionItemProcess.Elements.TIMER_DUE);
        long dueAt = deadlines.endOfDay(due.toString()).getTime();
        assertThat(timerOf(atWeek1, ActionItemProcess.Elements.TIMER_WEEK1).getDuedate().getTime())
                .isEqualTo(dueAt + Duration.ofDays(7).toMillis());

        Map<String, Object> noRoles = incident(newIncidentId("MIG-ROLES"), "SEV1", Duration.ofHours(1));
        ProcessInstance atRoles = start(noRoles);
        assertThat(atRoles).isWaitingAt(Elements.TASK_ASSIGN_ROLES);

        Map<String, Object> drafting = incident(newIncidentId("MIG-DRAFT"), "SEV2", Duration.ofHours(1));
        drafting.put("author", "priya");
        drafting.put("facilitator", "carlos");
        ProcessInstance atDraft = start(drafting);
        complete(task(Elements.TASK_SCHEDULE_MEETING, atDraft), withVariables("meetingStart",
                Instant.now().plus(Duration.ofHours(30)).truncatedTo(ChronoUnit.MINUTES).toString(), "attendees",
                "mia"));
        runAsyncJobs();
        assertThat(atDraft).isWaitingAt(Elements.TASK_WRITE_DRAFT, Elements.TIMER_DRAFT_BEFORE_MEETING,
                Elements.TASK_CHANGE_MEETING);

        ProcessInstance published = publish(incident(newIncidentId("MIG-PUB"), "SEV2", Duration.ofHours(1)),
                Drafts.goodDraft(), Map.of(), Drafts.goodMeeting(), Drafts.goodDraft());
        assertThat(published).isWaitingAt(Elements.CALL_ACTION_ITEMS, Elements.TIMER_FOLLOW_UP_REVIEW);
        List<ProcessInstance> children = runtimeService.createProcessInstanceQuery()
                .superProcessInstanceId(published.getId()).list();
        assertThat(children).hasSize(2);

        ProcessDefinition itemV = repositoryService.getProcessDefinition(definitionOf(atReminder));
        ProcessDefinition lifecycleV = repositoryService.getProcessDefinition(definitionOf(atRoles));
        List<ProcessInstance> items = List.of(atReminder, atWeek1, children.get(0), children.get(1));
        List<ProcessInstance> lifecycles = List.of(atDraft, published);

        // ---- the process owner changes both diagrams
        String ladder = changed(Files.readString(Path.of("processes/action-item.bpmn")),
                Map.of("${deadlines.plus(dueAt, 'P7D')}", "${deadlines.plus(dueAt, 'P10D')}"));
        String lifecycle = changed(Files.readString(Path.of("processes/postmortem.bpmn")), Map.of(
                "<bpmn:timeDuration xsi:type=\"bpmn:tFormalExpression\">P28D</bpmn:timeDuration>",
                "<bpmn:timeDuration xsi:type=\"bpmn:tFormalExpression\">P21D</bpmn:timeDuration>",
                "\"Task_AssignRoles\"", "\"Task_AssignPostmortemRoles\""));
        Deployment deployment = repositoryService.createDeployment().name("process owner's change")
                .addString("action-item.bpmn", ladder).addString("postmortem.bpmn", lifecycle).deploy();
        try {
            ProcessDefinition itemNew = repositoryService.createProcessDefinitionQuery()
                    .processDefinitionKey(ActionItemProcess.KEY).latestVersion().singleResult();
            ProcessDefinition lifecycleNew = repositoryService.createProcessDefinitionQuery()
                    .processDefinitionKey(PostmortemProcess.KEY).latestVersion().singleResult();
            assertThat(itemNew.getDeploymentId()).isEqualTo(deployment.getId());
            assertThat(lifecycleNew.getDeploymentId()).isEqualTo(deployment.getId());

            // ---- only admins; a bad key is named
            assertThat(rest.post("/api/admin/migrations", "jordan", Map.of("processKey", "action-item", "dryRun",
                    true)).status()).isEqualTo(403);
            RestCalls.Reply bad = rest.post("/api/admin/migrations", "demo", Map.of("processKey", "nope"));
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.fields()).containsExactly("processKey");

            // ---- dry run: a report, nothing changes
            RestCalls.Reply itemsDry = rest.post("/api/admin/migrations", "demo", Map.of("processKey", "action-item",
                    "dryRun", true));
            RestCalls.Reply lifecycleDry = rest.post("/api/admin/migrations", "demo", Map.of("processKey",
                    "postmortem", "dryRun", true));
            assertThat(itemsDry.status()).as(itemsDry.body()).isEqualTo(200);
            assertThat(lifecycleDry.status()).as(lifecycleDry.body()).isEqualTo(200);
            System.out.println("MIGRATION dry run action-item: " + itemsDry.body());
            System.out.println("MIGRATION dry run postmortem: " + lifecycleDry.body());
            JsonNode itemSource = source(itemsDry.json(), itemV.getVersion());
            long itemsOnOld = runtimeService.createProcessInstanceQuery().processDefinitionId(itemV.getId()).count();
            assertThat(itemSource.path("instances").asLong()).isEqualTo(itemsOnOld).isGreaterThanOrEqualTo(4);
            assertThat(itemSource.path("migratable").asLong()).isEqualTo(itemsOnOld);
            assertThat(itemSource.path("unmappedActivities").size()).isZero();
            assertThat(itemsDry.json().path("targetVersion").asInt()).isEqualTo(itemNew.getVersion());
            JsonNode lifecycleSource = source(lifecycleDry.json(), lifecycleV.getVersion());
            long lifecyclesOnOld = runtimeService.createProcessInstanceQuery()
                    .processDefinitionId(lifecycleV.getId()).count();
            assertThat(lifecycleSource.path("instances").asLong()).isEqualTo(lifecyclesOnOld);
            assertThat(lifecycleSource.path("unmappedActivities").path(Elements.TASK_ASSIGN_ROLES).asLong())
                    .isGreaterThanOrEqualTo(1);
            assertThat(lifecycleSource.path("migratable").asLong()).isLessThan(lifecyclesOnOld)
                    .isGreaterThanOrEqualTo(2);
            assertThat(managementService.createBatchQuery().count()).isZero();
            for (ProcessInstance pi : items) {
                assertThat(definitionOf(pi)).isEqualTo(itemV.getId());
            }
            for (ProcessInstance pi : List.of(atRoles, atDraft, published)) {
                assertThat(definitionOf(pi)).isEqualTo(lifecycleV.getId());
            }
            assertThat(timerOf(atWeek1, ActionItemProcess.Elements.TIMER_WEEK1).getDuedate().getTime())
                    .isEqualTo(dueAt + Duration.ofDays(7).toMillis());

            RestCalls.Reply notifications = rest.post("/api/admin/migrations", "demo", Map.of("processKey",
                    "task-notification", "dryRun", true));
            assertThat(notifications.status()).as(notifications.body()).isEqualTo(200);

            // ---- migration: one batch per source version
            RestCalls.Reply itemsRun = rest.post("/api/admin/migrations", "demo", Map.of("processKey",
                    "action-item", "dryRun", false));
            RestCalls.Reply lifecycleRun = rest.post("/api/admin/migrations", "demo", Map.of("processKey",
                    "postmortem"));
            System.out.println("MIGRATION action-item: " + itemsRun.body());
            System.out.println("MIGRATION postmortem: " + lifecycleRun.body());
            assertThat(itemsRun.status()).as(itemsRun.body()).isEqualTo(200);
            assertThat(lifecycleRun.status()).as(lifecycleRun.body()).isEqualTo(200);
            String itemBatch = source(itemsRun.json(), itemV.getVersion()).path("batchId").asText();
            String lifecycleBatch = source(lifecycleRun.json(), lifecycleV.getVersion()).path("batchId").asText();
            Batch batch = managementService.createBatchQuery().batchId(itemBatch).singleResult();
            assertThat(batch).as("a migration batch, as Cockpit lists it").isNotNull();
            assertThat(batch.getType()).isEqualTo(Batch.TYPE_PROCESS_INSTANCE_MIGRATION);
            assertThat(managementService.createBatchQuery().batchId(lifecycleBatch).count()).isEqualTo(1);
            runAsyncJobs(); // the job executor would run the batch's seed and migration jobs

            for (ProcessInstance pi : items) {
                assertThat(definitionOf(pi)).isEqualTo(itemNew.getId());
            }
            for (ProcessInstance pi : lifecycles) {
                assertThat(definitionOf(pi)).isEqualTo(lifecycleNew.getId());
            }
            assertThat(definitionOf(atRoles)).as("the renamed task cannot be mapped").isEqualTo(lifecycleV.getId());
            // the changed timers apply to the running work
            assertThat(timerOf(atWeek1, ActionItemProcess.Elements.TIMER_WEEK1).getDuedate().getTime())
                    .isEqualTo(dueAt + Duration.ofDays(10).toMillis());
            assertThat(timerOf(published, Elements.TIMER_FOLLOW_UP_REVIEW).getDuedate())
                    .isCloseTo(java.util.Date.from(Instant.now().plus(Duration.ofDays(21))), 120_000);
            assertThat(atDraft).isWaitingAt(Elements.TASK_WRITE_DRAFT, Elements.TIMER_DRAFT_BEFORE_MEETING,
                    Elements.TASK_CHANGE_MEETING);
            assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(atWeek1.getId())
                    .singleResult().getProcessDefinitionId()).isEqualTo(itemNew.getId());

            // ---- and everything runs to its end
            for (ProcessInstance pi : List.of(atReminder, atWeek1, atRoles, atDraft, published)) {
                runToEnd(pi);
                assertThat(pi).isEnded();
            }
            for (ProcessInstance child : children) {
                assertThat(child).isEnded();
            }
        } finally {
            repositoryService.deleteDeployment(deployment.getId(), true);
        }
    }

    /** Completes whatever task is open (with valid input) and fires the next timer, until the instance ended. */
    private void runToEnd(ProcessInstance pi) {
        for (int step = 0; step < 80; step++) {
            runAsyncJobs();
            if (runtimeService.createProcessInstanceQuery().processInstanceId(pi.getId()).count() == 0) {
                return;
            }
            List<String> instances = new ArrayList<>(List.of(pi.getId()));
            runtimeService.createProcessInstanceQuery().superProcessInstanceId(pi.getId()).list()
                    .forEach(c -> instances.add(c.getId()));
            List<Task> open = taskService.createTaskQuery().processInstanceIdIn(instances.toArray(String[]::new))
                    .list().stream()
                    // both close by themselves: the change task at the meeting start, contributions at the pre-read
                    .filter(t -> !Elements.TASK_CHANGE_MEETING.equals(t.getTaskDefinitionKey())
                            && !Elements.TASK_CONTRIBUTE_TIMELINE.equals(t.getTaskDefinitionKey()))
                    .toList();
            if (!open.isEmpty()) {
                Task t = open.get(0);
                taskService.complete(t.getId(), input(t.getTaskDefinitionKey()));
                continue;
            }
            List<Job> timers = managementService.createJobQuery().processInstanceIds(Set.copyOf(instances)).timers()
                    .list().stream().filter(j -> !DEADLINE_TIMERS.contains(activityOf(j))).toList();
            assertThat(timers).as("something to move " + pi.getBusinessKey() + " on, waiting at "
                    + runtimeService.getActiveActivityIds(pi.getId())).isNotEmpty();
            managementService.executeJob(timers.get(0).getId());
        }
        throw new AssertionError(pi.getBusinessKey() + " did not end");
    }

    private String activityOf(Job job) {
        return managementService.createJobDefinitionQuery().jobDefinitionId(job.getJobDefinitionId()).singleResult()
                .getActivityId();
    }

    private static Map<String, Object> input(String taskKey) {
        Map<String, Object> v = new LinkedHashMap<>();
        switch (taskKey) {
            case Elements.TASK_ASSIGN_ROLES -> {
                v.put("author", "priya");
                v.put("facilitator", "carlos");
                v.put("reviewers", "sam");
            }
            case Elements.TASK_WRITE_DRAFT, Elements.TASK_FINALIZE -> v.putAll(Drafts.goodDraft());
            case Elements.TASK_SCHEDULE_MEETING -> {
                v.put("meetingStart", Instant.now().plus(Duration.ofHours(3)).truncatedTo(ChronoUnit.MINUTES)
                        .toString());
                v.put("attendees", "mia");
            }
            case Elements.TASK_HOLD_MEETING -> v.putAll(Drafts.goodMeeting());
            case Elements.TASK_APPROVE -> v.put("approved", true);
            case Elements.TASK_FOLLOW_UP_REVIEW -> v.put("followUpNotes", "All items done");
            case ActionItemProcess.Elements.TASK_COMPLETE -> v.put("resolution", "Alert added and tested");
            case ActionItemProcess.Elements.TASK_FOLLOW_UP -> v.put("followUpNotes", "Owner is on it");
            default -> throw new AssertionError("no input for " + taskKey);
        }
        return v;
    }
}
