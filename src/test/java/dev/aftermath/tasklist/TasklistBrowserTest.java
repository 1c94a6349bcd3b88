package dev.aftermath.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.beans.factory.annotation.Autowired;

import dev.aftermath.support.Chromium;
import dev.aftermath.processapi.PostmortemProcess.Elements;

/**
 * The post-mortem forms in the real Camunda Tasklist: a user logs in, opens a task, fills its Camunda Form (form-js)
 * and completes it; the engine then has to hold the typed variables. Skipped when Chromium or chromedriver is not
 * installed.
 */
@EnabledIf(value = Chromium.INSTALLED, disabledReason = Chromium.SKIPPED)
class TasklistBrowserTest extends BrowserTestSupport {

    @Autowired HistoryService historyService;

    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void author_writes_the_draft_in_tasklist() throws Exception {
        String id = newIncidentId("INC-BROWSER-DRAFT");
        Map<String, Object> payload = incident(id, "SEV1", Duration.ofHours(1));
        payload.put("author", "priya");
        payload.put("facilitator", "carlos");
        ProcessInstance pi = start(payload);
        Task draft = task(pi, Elements.TASK_WRITE_DRAFT);
        assertThat(draft.getAssignee()).isEqualTo("priya");

        login("priya");
        openTask(draft.getId(), "Write post-mortem draft");

        fillText("Field_summary", "Checkout failed for 47 minutes: the payment DB connection pool was exhausted.");
        fillText("Field_rootCause", "Connection pool sized for last year's traffic; no alert on pool saturation");
        ensureListRows("List_whys", "Field_whys_text", 2);
        fillListText("Field_whys_text", 0, "The payment DB stopped accepting connections");
        fillListText("Field_whys_text", 1, "The pool was sized for half of today's traffic");
        ensureListRows("List_contributingFactors", "Field_contributingFactors_text", 2);
        fillListText("Field_contributingFactors_text", 0, "No alert on pool saturation");
        fillListText("Field_contributingFactors_text", 1, "Pool size hard-coded in the image");
        selectOption("Field_causeCategory", "Capacity / load");
        capture("draft-filled");

        completeTask(draft.getId());

        HistoricTaskInstance done = historyService.createHistoricTaskInstanceQuery().taskId(draft.getId())
                .singleResult();
        assertThat(done.getEndTime()).isNotNull();
        assertThat(done.getDeleteReason()).isEqualTo("completed");

        Map<String, Object> vars = runtimeService.getVariables(pi.getId());
        assertThat(vars.get("rootCause")).isEqualTo(
                "Connection pool sized for last year's traffic; no alert on pool saturation");
        assertThat(vars.get("causeCategory")).isEqualTo("CAPACITY");
        assertThat((String) vars.get("summary")).startsWith("Checkout failed for 47 minutes");
        assertThat(typeOf(pi, "rootCause")).isEqualTo("string");
        assertThat(typeOf(pi, "whys")).isEqualTo("json");
        assertThat(typeOf(pi, "contributingFactors")).isEqualTo("json");
        JsonNode whys = json(vars.get("whys"));
        assertThat(whys).hasSize(2);
        assertThat(whys.get(0).get("text").asText()).isEqualTo("The payment DB stopped accepting connections");
        assertThat(whys.get(1).get("text").asText()).isEqualTo("The pool was sized for half of today's traffic");
        JsonNode factors = json(vars.get("contributingFactors"));
        assertThat(factors).hasSize(2);
        assertThat(factors.get(1).get("text").asText()).isEqualTo("Pool size hard-coded in the image");
        // the prefilled timeline went through the form unchanged
        assertThat(json(vars.get("timeline")).size()).isGreaterThanOrEqualTo(2);
        assertThat(taskService.createTaskQuery().processInstanceId(pi.getId())
                .taskDefinitionKey(Elements.TASK_SCHEDULE_MEETING).count()).isEqualTo(1);
    }

    @Test
    void facilitator_records_the_meeting_with_two_action_items_in_tasklist() throws Exception {
        String id = newIncidentId("INC-BROWSER-MEET");
        Map<String, Object> payload = incident(id, "SEV1", Duration.ofHours(1));
        payload.put("author", "priya");
        payload.put("facilitator", "carlos");
        ProcessInstance pi = start(payload);
        // a draft that passes the quality gate (five whys, two contributing factors)
        taskService.complete(task(pi, Elements.TASK_WRITE_DRAFT).getId(), dev.aftermath.support.Drafts.goodDraft());
        String meetingStart = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES).toString();
        taskService.complete(task(pi, Elements.TASK_SCHEDULE_MEETING).getId(),
                Map.of("meetingStart", meetingStart, "attendees", "priya,mia"));
        runAsyncJobs();
        // both branches of the parallel join are done: only the meeting timer is left
        assertThat(task(pi, Elements.TASK_WRITE_DRAFT)).isNull();
        assertThat(historyService.createHistoricTaskInstanceQuery().processInstanceId(pi.getId())
                .taskDefinitionKey(Elements.TASK_WRITE_DRAFT).finished().count()).isEqualTo(1);
        fireTimer(pi, Elements.TIMER_MEETING_START);
        Task meeting = task(pi, Elements.TASK_HOLD_MEETING);
        assertThat(meeting).as("Task_HoldMeeting after the meeting timer").isNotNull();
        assertThat(meeting.getAssignee()).isEqualTo("carlos");

        login("carlos");
        openTask(meeting.getId(), "Hold review meeting");

        fillText("Field_rootCause", "Connection pool sized for last year's traffic; no saturation alert");
        selectOption("Field_causeCategory", "Capacity / load");
        fillText("Field_meetingNotes", "Timeline corrected: the alert fired 5 minutes after the first errors.");
        LocalDate due1 = LocalDate.now().plusDays(14);
        LocalDate due2 = LocalDate.now().plusDays(30);
        // the list starts empty (actionItems = [] since the draft) or with one blank row: make sure row 0 exists
        ensureListRows("List_actionItems", "Field_actionItems_title", 1);
        fillListText("Field_actionItems_title", 0, "Alert at 80% pool saturation on payments-db");
        fillListText("Field_actionItems_owner", 0, "mia");
        fillListDate("Field_actionItems_dueDate", 0, due1);
        selectListOption("Field_actionItems_priority", 0, "High");
        ensureListRows("List_actionItems", "Field_actionItems_title", 2);
        fillListText("Field_actionItems_title", 1, "Make the pool size configurable per environment");
        fillListText("Field_actionItems_owner", 1, "priya");
        fillListDate("Field_actionItems_dueDate", 1, due2);
        selectListOption("Field_actionItems_priority", 1, "Medium");
        capture("meeting-filled");

        completeTask(meeting.getId());

        runAsyncJobs();
        assertThat(historyService.createHistoricTaskInstanceQuery().taskId(meeting.getId()).singleResult()
                .getDeleteReason()).isEqualTo("completed");
        Task finalize = task(pi, Elements.TASK_FINALIZE);
        assertThat(finalize).as("process waits at " + Elements.TASK_FINALIZE).isNotNull();
        assertThat(finalize.getAssignee()).isEqualTo("priya");

        Map<String, Object> vars = runtimeService.getVariables(pi.getId());
        assertThat(vars.get("rootCause")).isEqualTo(
                "Connection pool sized for last year's traffic; no saturation alert");
        assertThat(vars.get("causeCategory")).isEqualTo("CAPACITY");
        assertThat((String) vars.get("meetingNotes")).startsWith("Timeline corrected");
        assertThat(typeOf(pi, "actionItems")).isEqualTo("json");
        JsonNode items = json(vars.get("actionItems"));
        assertThat(items).hasSize(2);
        assertThat(items.get(0).get("title").asText()).isEqualTo("Alert at 80% pool saturation on payments-db");
        assertThat(items.get(0).get("owner").asText()).isEqualTo("mia");
        assertThat(items.get(0).get("dueDate").asText()).isEqualTo(due1.toString());
        assertThat(items.get(0).get("priority").asText()).isEqualTo("HIGH");
        assertThat(items.get(1).get("owner").asText()).isEqualTo("priya");
        assertThat(items.get(1).get("dueDate").asText()).isEqualTo(due2.toString());
        assertThat(items.get(1).get("priority").asText()).isEqualTo("MEDIUM");
    }

    // --- engine helpers --------------------------------------------------------------------------------------------

    private Task task(ProcessInstance pi, String key) {
        return taskService.createTaskQuery().processInstanceId(pi.getId()).taskDefinitionKey(key).singleResult();
    }

    private String typeOf(ProcessInstance pi, String variable) {
        TypedValue value = runtimeService.getVariableTyped(pi.getId(), variable, false);
        assertThat(value).as("variable " + variable).isNotNull();
        return value.getType().getName();
    }

    private JsonNode json(Object value) throws IOException {
        assertThat(value).isNotNull();
        return objectMapper.readTree(value.toString());
    }
}
