package dev.aftermath.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.spin.plugin.variable.SpinValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.beans.factory.annotation.Autowired;

import dev.aftermath.support.Chromium;
import dev.aftermath.actionitem.ActionItem;
import dev.aftermath.processapi.ActionItemProcess;
import dev.aftermath.processapi.ActionItemProcess.Elements;
import dev.aftermath.processapi.ActionItemProcess.Vars;
import dev.aftermath.actionitem.ActionItemRepository;
import dev.aftermath.actionitem.ActionItemState;

/**
 * The action item forms in the real Camunda Tasklist (issue 3): the owner completes an item, and an engineering
 * manager has to give a rationale to drop an item that is overdue for four weeks. Skipped when Chromium or
 * chromedriver is not installed.
 */
@EnabledIf(value = Chromium.INSTALLED, disabledReason = Chromium.SKIPPED)
class ActionItemBrowserTest extends BrowserTestSupport {

    private static final String TITLE = "Alert at 80% pool saturation on payments-db";

    @Autowired ActionItemRepository items;
    @Autowired HistoryService historyService;

    @Test
    void owner_completes_the_action_item_in_tasklist_and_it_ends_done() throws Exception {
        ProcessInstance pi = startItem(newIncident("INC-BROWSER-AI-DONE"), "alex", LocalDate.now().plusDays(14));
        Task task = task(pi, Elements.TASK_COMPLETE);
        assertThat(task.getAssignee()).isEqualTo("alex");

        login("alex");
        openTask(task.getId(), "Complete action item");
        assertThat(field("Field_title").getDomProperty("value")).isEqualTo(TITLE);

        String resolution = "Alert on pool saturation > 80% added to payments-db (PR #1234).";
        String ticket = "https://tickets.example/PAY-1234";
        fillText("Field_resolution", resolution);
        fillText("Field_ticket", ticket);
        capture("action-item-complete-filled");

        completeTask(task.getId());
        runAsyncJobs();

        ActionItem item = items.find(pi.getBusinessKey()).orElseThrow();
        assertThat(item.state()).isEqualTo(ActionItemState.DONE);
        assertThat(item.resolution()).isEqualTo(resolution);
        assertThat(item.ticket()).isEqualTo(ticket);
        assertThat(item.endedAt()).isNotNull();
        assertThat(item.history()).last().satisfies(h -> assertThat(h.by()).isEqualTo("alex"));
        assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(pi.getId()).count()).isZero();
        assertThat(managementService.createJobQuery().processInstanceId(pi.getId()).count())
                .as("no ladder timer left").isZero();
    }

    @Test
    void manager_cannot_drop_an_overdue_item_without_a_rationale_then_drops_it_with_one() throws Exception {
        ProcessInstance pi = startItem(newIncident("INC-BROWSER-AI-DROP"), "alex", LocalDate.now().minusDays(1));
        for (String timer : new String[] {Elements.TIMER_REMINDER, Elements.TIMER_DUE, Elements.TIMER_WEEK1,
                Elements.TIMER_WEEK2, Elements.TIMER_WEEK3, Elements.TIMER_WEEK4}) {
            fireTimer(pi, timer);
        }
        Task decide = task(pi, Elements.TASK_DECIDE);
        assertThat(decide).as(Elements.TASK_DECIDE + " after four weeks overdue").isNotNull();
        assertThat(task(pi, Elements.TASK_COMPLETE)).as("the owner's task was withdrawn").isNull();
        assertThat(items.find(pi.getBusinessKey()).orElseThrow().state()).isEqualTo(ActionItemState.OVERDUE);

        login("sam");
        openTask(decide.getId(), "Decide on overdue item");
        claimTask();
        chooseRadio("Field_decision", "Drop: we will not do it");
        field("Field_rationale"); // shown for DROP, left empty
        capture("decide-drop-without-rationale");

        String refusal = completeExpectingRefusal(decide.getId());
        capture("decide-drop-refused");
        assertThat(refusal).as("how Tasklist refused DROP without a rationale").containsIgnoringCase("required");
        assertThat(taskService.createTaskQuery().taskId(decide.getId()).count()).as("the task stays open").isOne();
        assertThat(items.find(pi.getBusinessKey()).orElseThrow().state()).isEqualTo(ActionItemState.OVERDUE);

        // long enough for the form, but no sentence: the server's complete listener refuses it
        dismissNotifications();
        fillText("Field_rationale", "Obsolete-after-the-db-migration");
        refusal = completeExpectingRefusal(decide.getId());
        capture("decide-drop-one-word-refused");
        assertThat(refusal).as("how Tasklist refused DROP with a one-word rationale").contains("sentence");
        assertThat(taskService.createTaskQuery().taskId(decide.getId()).count()).as("the task stays open").isOne();

        String rationale = "The payments-db is replaced next month, so this alert would never fire.";
        fillText("Field_rationale", rationale);
        dismissNotifications();
        completeTask(decide.getId());

        ActionItem item = items.find(pi.getBusinessKey()).orElseThrow();
        assertThat(item.state()).isEqualTo(ActionItemState.DROPPED);
        assertThat(item.rationale()).isEqualTo(rationale);
        assertThat(item.history()).last().satisfies(h -> {
            assertThat(h.action()).isEqualTo("DROPPED");
            assertThat(h.by()).isEqualTo("sam");
            assertThat(h.rationale()).isEqualTo(rationale);
        });
        runAsyncJobs();
        assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(pi.getId()).singleResult()
                .getEndActivityId()).isEqualTo(Elements.END_DROPPED);
        assertThat(parts(mailTo("priya", "was dropped")).text()).contains(rationale);
    }

    // --- engine helpers --------------------------------------------------------------------------------------------

    /** Item AI-1 of the incident, started as the post-mortem's call activity would start it. */
    private ProcessInstance startItem(String incidentId, String owner, LocalDate due) {
        ProcessInstance pi = runtimeService.startProcessInstanceByKey(ActionItemProcess.KEY,
                ActionItemProcess.itemId(incidentId, 1), Map.of(
                        Vars.INCIDENT_ID.name(), incidentId,
                        Vars.ITEM_NUMBER.name(), 1,
                        Vars.ACTION_ITEM.name(), SpinValues.jsonValue("{\"title\":\"" + TITLE + "\",\"owner\":\"" + owner
                                + "\",\"dueDate\":\"" + due + "\",\"priority\":\"HIGH\"}").create()));
        runAsyncJobs();
        return pi;
    }

    private Task task(ProcessInstance pi, String key) {
        return taskService.createTaskQuery().processInstanceId(pi.getId()).taskDefinitionKey(key).singleResult();
    }
}
