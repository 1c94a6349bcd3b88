package dev.aftermath.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.spin.plugin.variable.SpinValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;

import dev.aftermath.actionitem.ActionItem;
import dev.aftermath.actionitem.ActionItemRepository;
import dev.aftermath.actionitem.ActionItemState;
import dev.aftermath.process.JsonVariables;
import dev.aftermath.processapi.ActionItemProcess;
import dev.aftermath.processapi.PostmortemProcess.Elements;
import dev.aftermath.processapi.PostmortemProcess.Vars;
import dev.aftermath.support.Chromium;
import dev.aftermath.support.Drafts;

/**
 * Issue 21, item 1: a person fills each form the normal way — a datetime typed as date, Tab, time (briefly "date
 * without time" on the way), rows of dynamic lists added and removed, options picked from selects — and presses
 * Complete, without Save first. Complete is enabled once the form is valid, the task completes, and a screenshot of
 * each form is kept in target/browser-screenshots/forms-*.png.
 */
@EnabledIf(value = Chromium.INSTALLED, disabledReason = Chromium.SKIPPED)
class FormsCompleteBrowserTest extends BrowserTestSupport {

    @Autowired JsonVariables json;
    @Autowired ActionItemRepository items;

    @Test
    void contribution_draft_schedule_meeting_and_finalise_complete_when_filled_as_a_person() throws Exception {
        String id = newIncidentId("INC-FORMS");
        Map<String, Object> payload = incident(id, "SEV1", Duration.ofHours(2));
        payload.put("author", "priya");
        payload.put("facilitator", "carlos");
        Instant started = Instant.parse((String) payload.get("startedAt"));
        ProcessInstance pi = start(payload);
        runAsyncJobs();

        // 1. carlos adds what he saw: three rows, the middle one removed again, each time typed date, Tab, time
        Task contribution = taskService.createTaskQuery().processInstanceId(pi.getId())
                .taskDefinitionKey(Elements.TASK_CONTRIBUTE_TIMELINE).taskAssignee("carlos").singleResult();
        Instant first = started.plus(4, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES);
        Instant third = started.plus(26, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES);
        warmUpTasklist();
        login("carlos");
        openTask(contribution.getId(), "Add what you saw to the timeline");
        // the timeline so far, written for people
        WebElement timelineSoFar = driver.findElement(By.cssSelector(".fjs-form [id$='-Table_currentTimeline']"));
        waitFor("the timeline so far with dates for people").until(d -> timelineSoFar.getText().matches(
                "(?s).*(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \\d{1,2} [A-Z][a-z]{2} \\d{4}, \\d{2}:\\d{2} UTC.*"));
        assertThat(timelineSoFar.getText()).doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}");
        ensureListRows("List_contributedEntries", "Field_contributedEntries_source", 3);
        typeDateTimeAsPerson("Field_contributedEntries_at_0", first);
        fillListText("Field_contributedEntries_event", 0, "Checkout dashboard showed 503s in eu-west");
        fillListText("Field_contributedEntries_source", 0, "monitoring");
        typeDateTimeAsPerson("Field_contributedEntries_at_1", started.plus(9, ChronoUnit.MINUTES));
        fillListText("Field_contributedEntries_event", 1, "A row I did not mean to add");
        typeDateTimeAsPerson("Field_contributedEntries_at_2", third);
        fillListText("Field_contributedEntries_event", 2, "Rolled back the campaign traffic switch");
        fillListText("Field_contributedEntries_source", 2, "deploy-log");
        removeListItem("List_contributedEntries", "Field_contributedEntries_source", 1);
        fillText("Field_knewAtTheTime", "I did not know the campaign had started");
        capture("forms-contribution-filled");
        completeTask(contribution.getId());
        capture("forms-contribution-completed");
        assertCompleted(contribution);
        List<Map<String, Object>> timeline = json.listOfMaps(runtimeService.getVariable(pi.getId(), Vars.TIMELINE.name()));
        assertThat(timeline).filteredOn(e -> "carlos".equals(e.get("actor")))
                .extracting(e -> e.get("at") + " " + e.get("event"))
                .containsExactly(first + " Checkout dashboard showed 503s in eu-west",
                        third + " Rolled back the campaign traffic switch");

        // 2. priya writes the draft: a timeline row typed as a person, whys added and one removed, a category picked
        Task draft = waiting(pi, Elements.TASK_WRITE_DRAFT);
        switchUser("priya");
        openTask(draft.getId(), "Write post-mortem draft");
        fillText("Field_rootCause", "Connection pool sized for old traffic; no alert on pool saturation");
        List<String> whys = texts(Drafts.FIVE_WHYS);
        ensureListRows("List_whys", "Field_whys_text", whys.size() + 1);
        fillListText("Field_whys_text", whys.size(), "A why that repeats the one before");
        removeListItem("List_whys", "Field_whys_text", whys.size());
        for (int i = 0; i < whys.size(); i++) {
            fillListText("Field_whys_text", i, whys.get(i));
        }
        List<String> factors = texts(Drafts.TWO_FACTORS);
        ensureListRows("List_contributingFactors", "Field_contributingFactors_text", factors.size());
        for (int i = 0; i < factors.size(); i++) {
            fillListText("Field_contributingFactors_text", i, factors.get(i));
        }
        long rows = listRows("Field_timeline_event");
        addListItem("List_timeline", "Field_timeline_event");
        typeDateTimeAsPerson("Field_timeline_at_" + rows, started.plus(40, ChronoUnit.MINUTES));
        fillListText("Field_timeline_event", (int) rows, "Error rate back below 1% on payments");
        fillText("Field_whatWentWell", "The rollback of the campaign traffic took minutes");
        fillText("Field_whatWentWrong", "The first alert fired on errors, not on pool saturation");
        fillText("Field_lessonsLearned", "Alert on saturation, not on errors; size pools from load tests");
        selectOption("Field_causeCategory", "Capacity / load");
        capture("forms-draft-filled");
        completeTask(draft.getId());
        assertCompleted(draft);
        runAsyncJobs();
        assertThat(taskService.createTaskQuery().processInstanceId(pi.getId())
                .taskDefinitionKey(Elements.TASK_WRITE_DRAFT).count()).as("the gate passed the draft").isZero();

        // 3. carlos schedules the meeting: date, Tab, time
        Task schedule = waiting(pi, Elements.TASK_SCHEDULE_MEETING);
        Instant meetingStart = Instant.now().plus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS);
        switchUser("carlos");
        openTask(schedule.getId(), "Schedule review meeting");
        typeDateTimeAsPerson("Field_meetingStart", meetingStart);
        fillText("Field_attendees", "priya,mia,jordan");
        fillText("Field_meetingLocation", "Room 4 / Meet");
        capture("forms-schedule-filled");
        completeTask(schedule.getId());
        assertCompleted(schedule);
        assertThat(Instant.parse((String) runtimeService.getVariable(pi.getId(), "meetingStart")))
                .isEqualTo(meetingStart);
        runAsyncJobs();
        fireTimer(pi, Elements.TIMER_MEETING_START);

        // 4. carlos holds the meeting: three action items, one removed, due dates from the picker, priorities picked
        Task meeting = waiting(pi, Elements.TASK_HOLD_MEETING);
        openTask(meeting.getId(), "Hold review meeting");
        fillText("Field_rootCause", "The payments DB connection pool was sized for last year's traffic");
        selectOption("Field_causeCategory", "Capacity / load");
        ensureListRows("List_actionItems", "Field_actionItems_title", 3);
        fillListText("Field_actionItems_title", 0, "Alert at 80% pool saturation on payments-db");
        fillListText("Field_actionItems_owner", 0, "mia");
        fillListDate("Field_actionItems_dueDate", 0, LocalDate.now().plusDays(14));
        selectListOption("Field_actionItems_priority", 0, "High");
        fillListText("Field_actionItems_title", 1, "Duplicate of the first item");
        fillListText("Field_actionItems_title", 2, "Make the pool size configurable per environment");
        fillListText("Field_actionItems_owner", 2, "priya");
        fillListDate("Field_actionItems_dueDate", 2, LocalDate.now().plusDays(30));
        selectListOption("Field_actionItems_priority", 2, "Medium");
        removeListItem("List_actionItems", "Field_actionItems_title", 1);
        capture("forms-meeting-filled");
        completeTask(meeting.getId());
        assertCompleted(meeting);
        runAsyncJobs();

        // 5. priya finalises: one more timeline row typed as a person, the category picked again
        Task finalize = waiting(pi, Elements.TASK_FINALIZE);
        switchUser("priya");
        openTask(finalize.getId(), "Finalise post-mortem document");
        rows = listRows("Field_timeline_event");
        addListItem("List_timeline", "Field_timeline_event");
        typeDateTimeAsPerson("Field_timeline_at_" + rows, started.plus(45, ChronoUnit.MINUTES));
        fillListText("Field_timeline_event", (int) rows, "Incident declared resolved in #payments");
        selectOption("Field_causeCategory", "Capacity / load");
        capture("forms-finalize-filled");
        completeTask(finalize.getId());
        assertCompleted(finalize);
        runAsyncJobs();
        assertThat(taskService.createTaskQuery().processInstanceId(pi.getId())
                .taskDefinitionKey(Elements.TASK_FINALIZE).count()).as("the gate passed the final document").isZero();
        assertThat(waiting(pi, Elements.TASK_APPROVE)).isNotNull();
    }

    @Test
    void both_overdue_item_decisions_complete_when_filled_as_a_person() throws Exception {
        // the tech lead's follow-up one week overdue: notes and a new due date from the date picker
        ProcessInstance followed = startItem(newIncident("INC-FORMS-FOLLOW"), "alex", LocalDate.now().minusDays(1));
        for (String timer : new String[] {ActionItemProcess.Elements.TIMER_REMINDER,
                ActionItemProcess.Elements.TIMER_DUE, ActionItemProcess.Elements.TIMER_WEEK1}) {
            fireTimer(followed, timer);
        }
        Task followUp = itemTask(followed, ActionItemProcess.Elements.TASK_FOLLOW_UP);
        LocalDate newDue = LocalDate.now().plusDays(21);
        warmUpTasklist();
        login("mia");
        openTask(followUp.getId(), "Follow up overdue item");
        // the item's due date reads as a day, not as 2026-12-06
        assertThat(field("Field_dueDate").getDomProperty("value")).isEqualTo(day(LocalDate.now().minusDays(1)));
        claimTask();
        fillText("Field_followUpNotes", "Talked to alex: the alert needs the new metrics pipeline first.");
        fillDate("Field_newDueDate", newDue);
        capture("forms-follow-up-filled");
        completeTask(followUp.getId());
        assertCompleted(followUp);
        runAsyncJobs();
        assertThat(items.find(followed.getBusinessKey()).orElseThrow().dueDate()).isEqualTo(newDue);

        // the manager's decision four weeks overdue: Reprioritise, a date picked, a rationale
        ProcessInstance decided = startItem(newIncident("INC-FORMS-DECIDE"), "alex", LocalDate.now().minusDays(1));
        for (String timer : new String[] {ActionItemProcess.Elements.TIMER_REMINDER,
                ActionItemProcess.Elements.TIMER_DUE, ActionItemProcess.Elements.TIMER_WEEK1,
                ActionItemProcess.Elements.TIMER_WEEK2, ActionItemProcess.Elements.TIMER_WEEK3,
                ActionItemProcess.Elements.TIMER_WEEK4}) {
            fireTimer(decided, timer);
        }
        Task decide = itemTask(decided, ActionItemProcess.Elements.TASK_DECIDE);
        LocalDate reprioritised = LocalDate.now().plusDays(30);
        switchUser("sam");
        openTask(decide.getId(), "Decide on overdue item");
        assertThat(field("Field_dueDate").getDomProperty("value")).isEqualTo(day(LocalDate.now().minusDays(1)));
        claimTask();
        chooseRadio("Field_decision", "Drop: we will not do it");
        chooseRadio("Field_decision", "Reprioritise: new due date");
        fillDate("Field_newDueDate", reprioritised);
        fillText("Field_rationale", "The new metrics pipeline lands next month; the alert depends on it.");
        capture("forms-decide-filled");
        completeTask(decide.getId());
        assertCompleted(decide);
        runAsyncJobs();
        ActionItem item = items.find(decided.getBusinessKey()).orElseThrow();
        assertThat(item.dueDate()).isEqualTo(reprioritised);
        assertThat(item.state()).isNotEqualTo(ActionItemState.DROPPED);
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    private static String day(LocalDate date) {
        return date.format(java.time.format.DateTimeFormatter.ofPattern("EEE d MMM yyyy", java.util.Locale.ENGLISH));
    }

    private void assertCompleted(Task task) {
        assertThat(taskService.createTaskQuery().taskId(task.getId()).count()).as(task.getName() + " completed")
                .isZero();
        assertThat(driver.findElements(By.cssSelector(".notifications .alert-danger"))).as("error notifications")
                .isEmpty();
    }

    private Task waiting(ProcessInstance pi, String key) {
        List<Task> tasks = taskService.createTaskQuery().processInstanceId(pi.getId()).taskDefinitionKey(key).list();
        assertThat(tasks).as("open " + key).hasSize(1);
        return tasks.get(0);
    }

    private Task itemTask(ProcessInstance pi, String key) {
        Task task = taskService.createTaskQuery().processInstanceId(pi.getId()).taskDefinitionKey(key).singleResult();
        assertThat(task).as(key).isNotNull();
        return task;
    }

    private ProcessInstance startItem(String incidentId, String owner, LocalDate due) {
        ProcessInstance pi = runtimeService.startProcessInstanceByKey(ActionItemProcess.KEY,
                ActionItemProcess.itemId(incidentId, 1), Map.of(
                        ActionItemProcess.Vars.INCIDENT_ID.name(), incidentId,
                        ActionItemProcess.Vars.ITEM_NUMBER.name(), 1,
                        ActionItemProcess.Vars.ACTION_ITEM.name(), SpinValues.jsonValue(
                                "{\"title\":\"Alert at 80% pool saturation\",\"owner\":\"" + owner
                                        + "\",\"dueDate\":\"" + due + "\",\"priority\":\"HIGH\"}").create()));
        runAsyncJobs();
        return pi;
    }

    private List<String> texts(String jsonArray) throws Exception {
        List<String> result = new java.util.ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode n : objectMapper.readTree(jsonArray)) {
            result.add(n.isTextual() ? n.asText() : n.get("text").asText());
        }
        return result;
    }
}
