package dev.aftermath.actionitem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.spin.plugin.variable.SpinValues;
import org.junit.jupiter.api.Test;

import dev.aftermath.processapi.ActionItemProcess.Elements;
import dev.aftermath.processapi.PostmortemProcess;

/** Publication starts one action-item instance per item; the follow-up review and the next meeting show them. */
class ActionItemPublicationTest extends ActionItemTestSupport {

    private ProcessInstance publishWithTwoItems(String id, String service) {
        Map<String, Object> payload = incident(id, "SEV1", Duration.ofHours(1));
        payload.put("author", "priya");
        payload.put("facilitator", "carlos");
        payload.put("service", service);
        ProcessInstance pi = start(payload);
        toHoldMeeting(pi);
        complete(task(PostmortemProcess.Elements.TASK_HOLD_MEETING), Map.of("rootCause", "Pool sized for old traffic",
                "causeCategory", "CAPACITY", "actionItems", SpinValues.jsonValue("[{\"title\":\"Alert at 80% pool use\","
                        + "\"owner\":\"mia\",\"dueDate\":\"" + LocalDate.now().plusDays(10) + "\",\"priority\":\"HIGH\"},"
                        + "{\"title\":\"Load-test the pool size\",\"owner\":\"alex\",\"dueDate\":\""
                        + LocalDate.now().plusDays(20) + "\",\"priority\":\"MEDIUM\"}]").create()));
        complete(task(PostmortemProcess.Elements.TASK_FINALIZE), Map.of());
        complete(task(PostmortemProcess.Elements.TASK_APPROVE), withVariables("approved", true));
        runAsyncJobs();
        return pi;
    }

    private void toHoldMeeting(ProcessInstance pi) {
        complete(task(PostmortemProcess.Elements.TASK_WRITE_DRAFT), dev.aftermath.support.Drafts.goodDraft());
        complete(task(PostmortemProcess.Elements.TASK_SCHEDULE_MEETING), withVariables("meetingStart",
                Instant.now().plus(Duration.ofHours(3)).truncatedTo(ChronoUnit.MINUTES).toString(), "attendees", "mia"));
        runAsyncJobs();
        fireTimer(pi, PostmortemProcess.Elements.TIMER_MEETING_START);
        assertThat(pi).isWaitingAt(PostmortemProcess.Elements.TASK_HOLD_MEETING);
    }

    @Test
    void publication_starts_one_instance_per_item_and_the_review_four_weeks_later_shows_them_all() throws Exception {
        String service = "checkout-" + System.nanoTime();
        String id = newIncidentId("INC-AI-PUB");
        ProcessInstance pi = publishWithTwoItems(id, service);

        assertThat(pi).hasPassed(PostmortemProcess.Elements.PUBLISH, PostmortemProcess.Elements.SEND_PUBLISHED)
                .isWaitingAt(PostmortemProcess.Elements.CALL_ACTION_ITEMS, PostmortemProcess.Elements.TIMER_FOLLOW_UP_REVIEW);
        List<ProcessInstance> children = runtimeService.createProcessInstanceQuery().superProcessInstanceId(pi.getId())
                .orderByBusinessKey().asc().list();
        assertThat(children).extracting(ProcessInstance::getBusinessKey).containsExactly(id + "/AI-1", id + "/AI-2");
        ProcessInstance first = children.get(0);
        assertThat(first).isWaitingAt(Elements.TASK_COMPLETE, Elements.TIMER_REMINDER);
        assertThat(taskService.createTaskQuery().processInstanceId(first.getId()).singleResult().getAssignee())
                .isEqualTo("mia");
        assertThat(items.find(id + "/AI-2").orElseThrow()).satisfies(a -> {
            assertThat(a.owner()).isEqualTo("alex");
            assertThat(a.title()).isEqualTo("Load-test the pool size");
            assertThat(a.priority()).isEqualTo("MEDIUM");
            assertThat(a.number()).isEqualTo(2);
            assertThat(a.state()).isEqualTo(ActionItemState.OPEN);
        });
        assertThat(parts(mailTo("alex", "Action item for you")).text()).contains("Load-test the pool size")
                .contains(id);
        assertThat(timer(pi, PostmortemProcess.Elements.TIMER_FOLLOW_UP_REVIEW).getDuedate())
                .isCloseTo(java.util.Date.from(Instant.now().plus(Duration.ofDays(28))), 120_000);

        // the first item is done; the second gets overdue
        complete(task(Elements.TASK_COMPLETE, first), withVariables("resolution", "Alert added"));
        ProcessInstance second = children.get(1);
        climb(second, Elements.TIMER_REMINDER, Elements.TIMER_DUE);

        // a new post-mortem of the same service shows the still open item at its meeting
        String next = newIncidentId("INC-AI-NEXT");
        Map<String, Object> payload = incident(next, "SEV1", Duration.ofHours(1));
        payload.put("author", "priya");
        payload.put("facilitator", "carlos");
        payload.put("service", service);
        ProcessInstance nextPi = start(payload);
        toHoldMeeting(nextPi);
        String openItems = (String) runtimeService.getVariable(nextPi.getId(), "openItemsOfService");
        assertThat(openItems).contains(id + "/AI-2").contains("Load-test the pool size").contains("OVERDUE")
                .doesNotContain(id + "/AI-1");

        // four weeks after publication: the tech leads review every item with state and escalation level
        fireTimer(pi, PostmortemProcess.Elements.TIMER_FOLLOW_UP_REVIEW);
        assertThat(pi).isWaitingAt(PostmortemProcess.Elements.TASK_FOLLOW_UP_REVIEW);
        org.camunda.bpm.engine.task.Task review = taskService.createTaskQuery().processInstanceId(pi.getId())
                .taskDefinitionKey(PostmortemProcess.Elements.TASK_FOLLOW_UP_REVIEW).singleResult();
        assertThat(review).isNotNull();
        assertThat(taskService.getIdentityLinksForTask(review.getId())).anyMatch(l -> "tech-leads".equals(l.getGroupId()));
        String overview = (String) taskService.getVariable(review.getId(), "actionItemsOverview");
        assertThat(overview).contains(id + "/AI-1").contains("DONE").contains(id + "/AI-2").contains("OVERDUE")
                .contains("escalation level 0");
        runAsyncJobs();
        assertThat(parts(mailTo("mia", "Review the action items")).text()).contains(id + "/AI-2");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> taskService.complete(review.getId()))
                .hasMessageContaining("followUpNotes");
        taskService.complete(review.getId(), Map.of("followUpNotes", "AI-2 blocked by the load-test rig; Sam helps"));
        assertThat(pi).isWaitingAt(PostmortemProcess.Elements.CALL_ACTION_ITEMS);

        // the post-mortem ends when its last item ends
        taskService.complete(taskService.createTaskQuery().processInstanceId(second.getId())
                .taskDefinitionKey(Elements.TASK_COMPLETE).singleResult().getId(), Map.of("resolution", "Load-tested"));
        assertThat(pi).isEnded().hasPassed(PostmortemProcess.Elements.END_PUBLISHED);
    }
}
