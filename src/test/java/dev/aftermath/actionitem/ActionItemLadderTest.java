package dev.aftermath.actionitem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.mail.internet.MimeMessage;

import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;

import dev.aftermath.process.RejectedInputException;
import dev.aftermath.processapi.ActionItemProcess.Elements;
import dev.aftermath.processapi.ActionItemProcess;

/** The escalation ladder of action-item.bpmn, timers fired by executing their jobs, mail read from GreenMail. */
class ActionItemLadderTest extends ActionItemTestSupport {

    private static final Duration DAY = Duration.ofDays(1);

    @Test
    void completed_before_the_due_date_ends_done_and_no_reminder_follows() throws Exception {
        String incidentId = newIncident("INC-AI-DONE");
        LocalDate due = LocalDate.now().plusDays(10);
        ProcessInstance pi = startItem(incidentId, due);

        assertThat(pi).hasBusinessKey(incidentId + "/AI-1").isWaitingAt(Elements.TASK_COMPLETE, Elements.TIMER_REMINDER)
                .hasPassed(Elements.CREATE_TICKET);
        Task task = task(Elements.TASK_COMPLETE);
        assertThat(task).isAssignedTo("alex");
        assertThat(task.getDueDate().getTime()).isEqualTo(endOfDayMillis(due));
        assertThat(task.getFollowUpDate().getTime()).isEqualTo(endOfDayMillis(due) - 2 * DAY.toMillis());
        Job reminder = onlyTimer(pi, Elements.TIMER_REMINDER);
        assertThat(reminder.getDuedate()).isEqualTo(new Date(endOfDayMillis(due) - 2 * DAY.toMillis()));
        ActionItem stored = item(pi);
        assertThat(stored.state()).isEqualTo(ActionItemState.OPEN);
        assertThat(stored.escalationLevel()).isZero();
        assertThat(stored.dueDate()).isEqualTo(due);
        assertThat(stored.ticket()).isNull(); // no webhook configured: nothing sent
        // the owner was told about the item, with a link to the task
        assertThat(parts(mailTo("alex", "Action item for you")).html()).contains("#/?task=" + task.getId());

        assertThatThrownBy(() -> taskService.complete(task.getId(), Map.of("ticket", "JIRA-1")))
                .hasRootCauseInstanceOf(RejectedInputException.class).hasMessageContaining("resolution");
        complete(task, withVariables("resolution", "Alert added to payments-db dashboards", "ticket",
                "https://tickets.example/OPS-7"));
        assertThat(pi).isEnded().hasPassed(Elements.END_DONE).hasNotPassed(Elements.SEND_REMINDER);
        assertThat(timers(pi)).isEmpty();
        assertThat(managementService.createJobQuery().processInstanceId(pi.getId()).count()).isZero();
        stored = item(pi);
        assertThat(stored.state()).isEqualTo(ActionItemState.DONE);
        assertThat(stored.resolution()).isEqualTo("Alert added to payments-db dashboards");
        assertThat(stored.ticket()).isEqualTo("https://tickets.example/OPS-7");
        assertThat(stored.endedAt()).isNotNull();
        assertThat(stored.history()).extracting(ActionItem.HistoryEntry::action).containsExactly("CREATED", "COMPLETED");
        assertThat(stored.history().get(1).by()).isEqualTo("alex");
        runAsyncJobs();
        assertThat(subjects("alex")).noneMatch(s -> s.contains("Reminder"));
    }

    @Test
    void the_reminder_goes_to_the_owner_two_days_before_the_due_date() throws Exception {
        String incidentId = newIncident("INC-AI-REM");
        LocalDate due = LocalDate.now().plusDays(10);
        ProcessInstance pi = startItem(incidentId, due);
        greenMail.purgeEmailFromAllMailboxes();
        fireTimer(pi, Elements.TIMER_REMINDER);
        MimeMessage reminder = mailTo("alex", "Reminder");
        assertThat(recipients(reminder)).hasSize(1);
        assertThat(reminder.getSubject()).contains(incidentId + "/AI-1")
                .contains(due.format(java.time.format.DateTimeFormatter.ofPattern("EEE d MMM yyyy", java.util.Locale.ENGLISH)));
        assertThat(parts(reminder).html()).contains("Alert at 80% pool saturation")
                .contains("#/?task=" + task(Elements.TASK_COMPLETE).getId());
        assertThat(item(pi).state()).isEqualTo(ActionItemState.OPEN);
        assertThat(pi).isWaitingAt(Elements.TASK_COMPLETE, Elements.TIMER_DUE);
        assertThat(onlyTimer(pi, Elements.TIMER_DUE).getDuedate().getTime()).isEqualTo(endOfDayMillis(due));
    }

    @Test
    void nobody_acts_and_the_item_climbs_every_rung_in_order_to_the_managers_decision() throws Exception {
        String incidentId = newIncident("INC-AI-LADDER");
        LocalDate due = LocalDate.now().minusDays(15); // its due day ended 14 days ago
        ProcessInstance pi = startItem(incidentId, due);
        long dueAt = endOfDayMillis(due);
        greenMail.purgeEmailFromAllMailboxes();

        fireTimer(pi, Elements.TIMER_REMINDER);
        assertThat(mailsTo("alex")).hasSize(1);
        assertThat(onlyTimer(pi, Elements.TIMER_DUE).getDuedate().getTime()).isEqualTo(dueAt);

        fireTimer(pi, Elements.TIMER_DUE);
        MimeMessage overdue = mailTo("alex", "is overdue");
        assertThat(recipients(overdue)).hasSize(1);
        assertThat(item(pi).state()).isEqualTo(ActionItemState.OVERDUE);
        assertThat(item(pi).escalationLevel()).isZero();
        assertThat(subjects("mia")).isEmpty();
        assertThat(onlyTimer(pi, Elements.TIMER_WEEK1).getDuedate().getTime()).isEqualTo(dueAt + 7 * DAY.toMillis());

        fireTimer(pi, Elements.TIMER_WEEK1);
        assertThat(item(pi).escalationLevel()).isEqualTo(1);
        assertThat(pi).isWaitingAt(Elements.TASK_COMPLETE, Elements.TASK_FOLLOW_UP, Elements.TIMER_WEEK2);
        assertThat(task(Elements.TASK_FOLLOW_UP)).hasCandidateGroup("tech-leads");
        MimeMessage techLeads = mailTo("mia", "please follow up");
        assertThat(recipients(techLeads)).singleElement().asString().contains("mia@");
        mailTo("mia", "Follow up overdue action item"); // the task's own mail
        assertThat(subjects("sam")).isEmpty();
        assertThat(onlyTimer(pi, Elements.TIMER_WEEK2).getDuedate().getTime()).isEqualTo(dueAt + 14 * DAY.toMillis());

        fireTimer(pi, Elements.TIMER_WEEK2);
        assertThat(item(pi).escalationLevel()).isEqualTo(2);
        MimeMessage standup = mailTo("priya", "For standup");
        assertThat(recipients(standup)).hasSize(6); // the whole engineering list
        assertThat(parts(standup).text()).contains("Alert at 80% pool saturation").contains("Alex Engineer")
                .contains("14 days overdue"); // the due day ended 14 days and some hours ago
        assertThat(subjects("sam")).hasSize(1);
        assertThat(onlyTimer(pi, Elements.TIMER_WEEK3).getDuedate().getTime()).isEqualTo(dueAt + 21 * DAY.toMillis());

        fireTimer(pi, Elements.TIMER_WEEK3);
        assertThat(item(pi).escalationLevel()).isEqualTo(3);
        MimeMessage managers = mailTo("sam", "decision next week");
        assertThat(recipients(managers)).singleElement().asString().contains("sam@");
        assertThat(onlyTimer(pi, Elements.TIMER_WEEK4).getDuedate().getTime()).isEqualTo(dueAt + 28 * DAY.toMillis());

        fireTimer(pi, Elements.TIMER_WEEK4);
        assertThat(item(pi).escalationLevel()).isEqualTo(4);
        assertThat(item(pi).state()).isEqualTo(ActionItemState.OVERDUE);
        // the completion task (and the open follow-up) are interrupted; the managers decide
        assertThat(pi).isWaitingAt(Elements.TASK_DECIDE).hasPassed(Elements.BOUNDARY_DECISION_NEEDED);
        assertThat(taskService.createTaskQuery().processInstanceId(pi.getId()).list()).singleElement()
                .satisfies(t -> assertThat(t.getTaskDefinitionKey()).isEqualTo(Elements.TASK_DECIDE));
        assertThat(task(Elements.TASK_DECIDE)).hasCandidateGroup("engineering-managers");
        assertThat(timers(pi)).isEmpty();
        assertThat(parts(mailTo("sam", "Decide on action item")).html())
                .contains("#/?task=" + task(Elements.TASK_DECIDE).getId());
        assertThat(item(pi).history()).extracting(ActionItem.HistoryEntry::action).containsExactly("CREATED",
                "REMINDED", "OVERDUE", "ESCALATED", "ESCALATED", "ESCALATED", "ESCALATED");
    }

    @Test
    void week_four_decision_complete_ends_the_item_done() throws Exception {
        ProcessInstance pi = startItem(newIncident("INC-AI-DC"), LocalDate.now().minusDays(1));
        climbToDecision(pi);
        complete(task(Elements.TASK_DECIDE), withVariables("decision", "COMPLETE"));
        assertThat(pi).isEnded().hasPassed(Elements.END_DONE);
        assertThat(item(pi).state()).isEqualTo(ActionItemState.DONE);
        assertThat(item(pi).resolution()).isNotBlank();
        assertThat(item(pi).history()).last().extracting(ActionItem.HistoryEntry::action)
                .isEqualTo("COMPLETED_BY_DECISION");
    }

    @Test
    void week_four_reprioritize_needs_a_future_date_and_a_rationale_and_restarts_the_ladder() throws Exception {
        ProcessInstance pi = startItem(newIncident("INC-AI-RP"), LocalDate.now().minusDays(1));
        climb(pi, Elements.TIMER_REMINDER, Elements.TIMER_DUE, Elements.TIMER_WEEK1);
        Set<String> oldJobs = managementService.createJobQuery().processInstanceId(pi.getId()).list().stream()
                .map(Job::getId).collect(Collectors.toSet());
        climb(pi, Elements.TIMER_WEEK2, Elements.TIMER_WEEK3, Elements.TIMER_WEEK4);
        String taskId = task(Elements.TASK_DECIDE).getId();

        assertThatThrownBy(() -> taskService.complete(taskId, Map.of("decision", "REPRIORITIZE",
                "rationale", "The capacity work moved to Q3; this alert comes with it.")))
                .hasRootCauseInstanceOf(RejectedInputException.class).hasMessageContaining("newDueDate");
        assertThatThrownBy(() -> taskService.complete(taskId, Map.of("decision", "REPRIORITIZE",
                "newDueDate", LocalDate.now().minusDays(2).toString(), "rationale", "too short")))
                .hasRootCauseInstanceOf(RejectedInputException.class).hasMessageContaining("newDueDate")
                .hasMessageContaining("future").hasMessageContaining("rationale");
        assertThat(pi).isWaitingAt(Elements.TASK_DECIDE);

        LocalDate newDue = LocalDate.now().plusDays(20);
        complete(task(Elements.TASK_DECIDE), withVariables("decision", "REPRIORITIZE", "newDueDate", newDue.toString(),
                "rationale", "The capacity work moved to Q3; this alert ships with it."));
        // back at the top: a new completion task, the reminder timer of the new date, nothing of the old ladder
        assertThat(pi).isWaitingAt(Elements.TASK_COMPLETE, Elements.TIMER_REMINDER);
        Job reminder = onlyTimer(pi, Elements.TIMER_REMINDER);
        assertThat(reminder.getDuedate().getTime()).isEqualTo(endOfDayMillis(newDue) - 2 * DAY.toMillis());
        assertThat(managementService.createJobQuery().processInstanceId(pi.getId()).list())
                .extracting(Job::getId).doesNotContainAnyElementsOf(oldJobs);
        assertThat(task(Elements.TASK_COMPLETE).getDueDate().getTime()).isEqualTo(endOfDayMillis(newDue));
        ActionItem stored = item(pi);
        assertThat(stored.state()).isEqualTo(ActionItemState.OPEN);
        assertThat(stored.escalationLevel()).isZero();
        assertThat(stored.dueDate()).isEqualTo(newDue);
        assertThat(stored.rationale()).contains("moved to Q3");
        assertThat(stored.history()).last().satisfies(h -> {
            assertThat(h.action()).isEqualTo("REPRIORITIZED");
            assertThat(h.rationale()).contains(newDue.toString()).contains("moved to Q3");
        });
        // and it climbs again from the new date
        fireTimer(pi, Elements.TIMER_REMINDER);
        assertThat(onlyTimer(pi, Elements.TIMER_DUE).getDuedate().getTime()).isEqualTo(endOfDayMillis(newDue));
    }

    @Test
    void week_four_drop_needs_a_rationale_which_is_stored_and_mailed() throws Exception {
        ProcessInstance pi = startItem(newIncident("INC-AI-DROP"), LocalDate.now().minusDays(1));
        climbToDecision(pi);
        greenMail.purgeEmailFromAllMailboxes();
        String taskId = task(Elements.TASK_DECIDE).getId();
        assertThatThrownBy(() -> taskService.complete(taskId, Map.of("decision", "DROP")))
                .hasRootCauseInstanceOf(RejectedInputException.class).hasMessageContaining("rationale");
        assertThatThrownBy(() -> taskService.complete(taskId, Map.of("decision", "DROP", "rationale", "no")))
                .hasRootCauseInstanceOf(RejectedInputException.class).hasMessageContaining("sentence");
        assertThatThrownBy(() -> taskService.complete(taskId, Map.of("decision", "MAYBE")))
                .hasRootCauseInstanceOf(RejectedInputException.class).hasMessageContaining("decision");
        assertThat(pi).isWaitingAt(Elements.TASK_DECIDE);

        String rationale = "The payments-db is replaced next month, so this alert would never fire.";
        complete(task(Elements.TASK_DECIDE), withVariables("decision", "DROP", "rationale", rationale));
        assertThat(pi).isWaitingAt(Elements.SEND_DROPPED);
        ActionItem stored = item(pi);
        assertThat(stored.state()).isEqualTo(ActionItemState.DROPPED);
        assertThat(stored.rationale()).isEqualTo(rationale);
        assertThat(stored.history()).last().satisfies(h -> {
            assertThat(h.action()).isEqualTo("DROPPED");
            assertThat(h.rationale()).isEqualTo(rationale);
        });
        runAsyncJobs();
        assertThat(pi).isEnded().hasPassed(Elements.END_DROPPED);
        MimeMessage dropped = mailTo("priya", "was dropped");
        assertThat(recipients(dropped)).anyMatch(r -> r.contains("priya@")).anyMatch(r -> r.contains("carlos@"))
                .anyMatch(r -> r.contains("mia@")).noneMatch(r -> r.contains("sam@"));
        assertThat(parts(dropped).text()).contains(rationale);
    }

    @Test
    void a_new_due_date_from_the_tech_leads_follow_up_restarts_the_ladder_and_without_one_it_goes_on()
            throws Exception {
        ProcessInstance pi = startItem(newIncident("INC-AI-FU"), LocalDate.now().minusDays(1));
        climb(pi, Elements.TIMER_REMINDER, Elements.TIMER_DUE, Elements.TIMER_WEEK1);
        String taskId = task(Elements.TASK_FOLLOW_UP).getId();
        assertThatThrownBy(() -> taskService.complete(taskId, Map.of("newDueDate", "2001-01-01")))
                .hasRootCauseInstanceOf(RejectedInputException.class).hasMessageContaining("followUpNotes")
                .hasMessageContaining("future");
        complete(task(Elements.TASK_FOLLOW_UP), withVariables("followUpNotes", "Owner was on call; pairing with Mia"));
        assertThat(pi).isWaitingAt(Elements.TASK_COMPLETE, Elements.TIMER_WEEK2);
        assertThat(item(pi).escalationLevel()).isEqualTo(1);
        assertThat(item(pi).history()).last().satisfies(h -> {
            assertThat(h.action()).isEqualTo("FOLLOWED_UP");
            assertThat(h.rationale()).contains("pairing with Mia");
        });

        // a second item: the tech lead reprioritises
        ProcessInstance second = startItem(ActionItemProcess.KEY, item(pi).incidentId(), 2, "alex",
                LocalDate.now().minusDays(1));
        runAsyncJobs();
        climb(second, Elements.TIMER_REMINDER, Elements.TIMER_DUE, Elements.TIMER_WEEK1);
        LocalDate newDue = LocalDate.now().plusDays(9);
        Task followUp = taskService.createTaskQuery().processInstanceId(second.getId())
                .taskDefinitionKey(Elements.TASK_FOLLOW_UP).singleResult();
        taskService.complete(followUp.getId(), Map.of("followUpNotes", "Blocked by the DB migration; new date agreed",
                "newDueDate", newDue.toString()));
        assertThat(second).isWaitingAt(Elements.TASK_COMPLETE, Elements.TIMER_REMINDER);
        assertThat(onlyTimer(second, Elements.TIMER_REMINDER).getDuedate().getTime())
                .isEqualTo(endOfDayMillis(newDue) - 2 * DAY.toMillis());
        ActionItem stored = items.find(second.getBusinessKey()).orElseThrow();
        assertThat(stored.state()).isEqualTo(ActionItemState.OPEN);
        assertThat(stored.escalationLevel()).isZero();
        assertThat(stored.dueDate()).isEqualTo(newDue);
        assertThat(runtimeService.getVariable(second.getId(), "newDueDate")).isNull();
    }

    @Test
    void a_ladder_delay_changed_in_the_diagram_moves_its_timer_without_any_java_change() throws Exception {
        String xml;
        try (InputStream in = getClass().getResourceAsStream("/processes/action-item.bpmn")) {
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String week1 = "${deadlines.plus(dueAt, 'P7D')}";
        assertThat(xml).contains(week1);
        String tuned = xml.replace(week1, "${deadlines.plus(dueAt, 'P10D')}")
                .replace("id=\"action-item\"", "id=\"action-item-tuned\"")
                .replace("bpmnElement=\"action-item\"", "bpmnElement=\"action-item-tuned\"");
        Deployment deployment = repositoryService.createDeployment().name("tuned ladder")
                .addString("action-item-tuned.bpmn", tuned).deploy();
        try {
            String incidentId = newIncident("INC-AI-TUNE");
            LocalDate due = LocalDate.now().plusDays(3);
            ProcessInstance original = startItem(ActionItemProcess.KEY, incidentId, 1, "alex", due);
            ProcessInstance changed = startItem("action-item-tuned", incidentId, 2, "alex", due);
            runAsyncJobs();
            for (ProcessInstance pi : List.of(original, changed)) {
                climb(pi, Elements.TIMER_REMINDER, Elements.TIMER_DUE);
            }
            assertThat(onlyTimer(original, Elements.TIMER_WEEK1).getDuedate().getTime())
                    .isEqualTo(endOfDayMillis(due) + 7 * DAY.toMillis());
            assertThat(onlyTimer(changed, Elements.TIMER_WEEK1).getDuedate().getTime())
                    .isEqualTo(endOfDayMillis(due) + 10 * DAY.toMillis());
            // the other rungs are untouched
            fireTimer(changed, Elements.TIMER_WEEK1);
            assertThat(onlyTimer(changed, Elements.TIMER_WEEK2).getDuedate().getTime())
                    .isEqualTo(endOfDayMillis(due) + 14 * DAY.toMillis());
        } finally {
            repositoryService.deleteDeployment(deployment.getId(), true);
        }
    }
}
