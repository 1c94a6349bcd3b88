package dev.aftermath.postmortem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.aftermath.processapi.PostmortemProcess.Elements;
import dev.aftermath.processapi.PostmortemProcess.Vars;
import dev.aftermath.process.JsonVariables;
import dev.aftermath.security.IncidentAccess;
import dev.aftermath.support.Drafts;
import dev.aftermath.support.ProcessTestSupport;

/**
 * Issue 15: three responders are asked for the timeline; two contribute (one with a duplicate of an entry already
 * there), the third does not; the merge is ordered and deduplicated, the author's task shows it and is mailed; the
 * pre-read (timer fired by executing its job) closes the third task as "not contributed" and names the two.
 */
class TimelineContributionProcessTest extends ProcessTestSupport {

    @Autowired HistoryService historyService;
    @Autowired JsonVariables json;
    @Autowired TimelineContributionRepository contributions;
    @Autowired IncidentAccess access;

    @Test
    void responders_add_to_the_timeline_until_the_pre_read() throws Exception {
        String id = newIncidentId("TL");
        Map<String, Object> payload = incident(id, "SEV1", Duration.ofHours(2));
        payload.put("commander", "jordan");
        payload.put("author", "jordan"); // the commander writes: only the three responders are asked
        payload.put("facilitator", "carlos");
        payload.put("responders", List.of("carlos", "alex", "mia"));
        Instant started = Instant.parse((String) payload.get("startedAt"));
        Instant resolved = Instant.parse((String) payload.get("resolvedAt"));
        ProcessInstance pi = start(payload);
        runAsyncJobs();

        // --- one task per responder, assigned to them, due 48 h after resolution, each mailed with a link
        List<Task> tasks = contributionTasks(pi);
        assertThat(tasks).extracting(Task::getAssignee).containsExactlyInAnyOrder("carlos", "alex", "mia");
        assertThat(tasks).allSatisfy(t -> assertThat(t.getDueDate().toInstant()).isEqualTo(resolved.plus(Duration.ofHours(48))));
        for (String user : List.of("carlos", "alex", "mia")) {
            MimeMessage mail = mailTo(user, id + ": Add what you saw to the post-mortem timeline");
            String taskId = contributionTask(pi, user).getId();
            assertThat(parts(mail).html()).contains("/camunda/app/tasklist/default/#/?task=" + taskId)
                    .contains("DB not accepting connections");
        }
        assertThat(subjects("jordan")).noneMatch(s -> s.contains(id + ": Add what you saw"));

        // --- mia: three new entries and one exact duplicate of an incident entry
        Instant a = started.plus(2, ChronoUnit.MINUTES);
        Instant b = started.plus(20, ChronoUnit.MINUTES);
        Instant c = started.minus(30, ChronoUnit.MINUTES);
        String miaEntries = "[" + entry(started, "Error rate > 5% on payment service", "pagerduty") + ","
                + entry(a, "Checkout dashboard showed 503s", "monitoring") + ","
                + entry(b, "Rolled back the pool configuration", "deploy-log") + ","
                + entry(c, "Campaign traffic started to ramp up", "chat") + "]";
        complete(contributionTask(pi, "mia"), withVariables(Vars.CONTRIBUTED_ENTRIES.name(), Drafts.json(miaEntries)));
        // --- carlos: one entry and what he knew
        Instant d = started.plus(10, ChronoUnit.MINUTES);
        complete(contributionTask(pi, "carlos"), withVariables(Vars.CONTRIBUTED_ENTRIES.name(),
                Drafts.json("[" + entry(d, "Paged the database on-call", "pagerduty") + "]"),
                Vars.KNEW_AT_THE_TIME.name(), "I did not know the campaign had started"));
        runAsyncJobs();

        // --- merged: time order, actor = contributor, the duplicate once (with its original source)
        List<Map<String, Object>> timeline = json.listOfMaps(runtimeService.getVariable(pi.getId(), Vars.TIMELINE.name()));
        assertThat(timeline).extracting(e -> e.get("event")).containsExactly(
                "Campaign traffic started to ramp up",
                "Error rate > 5% on payment service",
                "Checkout dashboard showed 503s",
                "Paged the database on-call",
                "DB not accepting connections",
                "Rolled back the pool configuration");
        assertThat(timeline).extracting(e -> e.get("actor")).containsExactly("mia", null, "mia", "carlos", "priya", "mia");
        assertThat(timeline.get(1).get("source")).isEqualTo("PagerDuty");

        // --- the author is mailed, once per contribution, by the async step
        MimeMessage miaAdded = mailTo("jordan", id + ": Mia Techlead added 3 entries to the timeline");
        assertThat(miaAdded.getSubject()).contains("Mia");
        assertThat(parts(miaAdded).text()).contains("Rolled back the pool configuration");
        MimeMessage carlosAdded = mailTo("jordan", id + ": Carlos");
        assertThat(parts(carlosAdded).text()).contains("I did not know the campaign had started");
        assertThat(access.participants(id)).contains("mia", "carlos");

        // --- the author's task shows the merged timeline and who added what
        Task draft = taskService.createTaskQuery().processInstanceId(pi.getId())
                .taskDefinitionKey(Elements.TASK_WRITE_DRAFT).singleResult();
        assertThat(draft.getAssignee()).isEqualTo("jordan");
        Map<String, Object> formVars = processEngine.getFormService().getTaskFormVariables(draft.getId());
        assertThat(json.listOfMaps(formVars.get(Vars.TIMELINE.name()))).hasSize(6);
        List<Map<String, Object>> who = json.listOfMaps(formVars.get(Vars.TIMELINE_CONTRIBUTIONS.name()));
        assertThat(who).extracting(w -> w.get("contributor")).containsExactly("mia", "carlos");
        assertThat(who).extracting(w -> w.get("entries")).containsExactly(3, 1);
        assertThat(who.get(1).get("notes")).isEqualTo("I did not know the campaign had started");

        // --- the author submits a form opened before the contributions: they are kept
        Map<String, Object> written = new HashMap<>(Drafts.goodDraft());
        written.put(Vars.TIMELINE.name(), Drafts.json("[" + entry(started, "Error rate > 5% on payment service", "PagerDuty")
                + "]"));
        complete(draft, written);
        assertThat(json.listOfMaps(runtimeService.getVariable(pi.getId(), Vars.TIMELINE.name())))
                .extracting(e -> e.get("event")).contains("Checkout dashboard showed 503s", "Paged the database on-call");

        // --- the meeting is scheduled: alex's open task is now due at the pre-read
        Instant meeting = Instant.now().plus(Duration.ofHours(30)).truncatedTo(ChronoUnit.MINUTES);
        complete(task(Elements.TASK_SCHEDULE_MEETING), withVariables("meetingStart", meeting.toString(),
                "attendees", "mia,alex"));
        runAsyncJobs();
        Task alexTask = contributionTask(pi, "alex");
        assertThat(alexTask.getDueDate().toInstant()).isEqualTo(meeting.minus(Duration.ofHours(24)));
        greenMail.purgeEmailFromAllMailboxes();

        // --- the pre-read goes out: alex's task closes by itself, noted as not contributed
        fireTimer(pi, Elements.TIMER_DRAFT_BEFORE_MEETING);
        assertThat(contributionTasks(pi)).isEmpty();
        HistoricTaskInstance closed = historyService.createHistoricTaskInstanceQuery().taskId(alexTask.getId())
                .singleResult();
        assertThat(closed.getEndTime()).isNotNull();
        assertThat(historyService.createHistoricActivityInstanceQuery().processInstanceId(pi.getId())
                .activityId(Elements.END_NOT_CONTRIBUTED).finished().count()).isEqualTo(1);
        assertThat(historyService.createHistoricActivityInstanceQuery().processInstanceId(pi.getId())
                .activityId(Elements.END_CONTRIBUTED).finished().count()).isEqualTo(2);
        assertThat(contributions.all(id)).filteredOn(r -> r.status().equals("NOT_CONTRIBUTED"))
                .extracting(TimelineContributionRepository.Row::contributor).containsExactly("alex");
        assertThat(pi).hasPassed(Elements.SUBPROCESS_CONTRIBUTE_TIMELINE, Elements.SEND_DRAFT);

        // --- the pre-read names the two contributors, not alex
        MimeMessage preRead = mailTo("alex", id + ": Please read the post-mortem draft");
        String text = parts(preRead).text();
        assertThat(text).contains("Responders who added to the timeline: Mia").contains("Carlos");
        assertThat(text.substring(text.indexOf("Responders who added"), text.indexOf("Responders who added") + 120))
                .doesNotContain("Alex");
        assertThat(text).contains("Checkout dashboard showed 503s");
    }

    @Test
    void the_lightweight_format_closes_open_contributions_when_the_draft_has_passed() throws Exception {
        String id = newIncidentId("TLL");
        Map<String, Object> payload = incident(id, "SEV3", Duration.ofHours(2));
        payload.put("usersAffectedPercent", 0.2);
        payload.put("nearMiss", true); // a team decision in the lightweight format: no meeting, no pre-read
        payload.put("author", "priya");
        payload.put("facilitator", "carlos");
        ProcessInstance pi = start(payload);
        complete(task(Elements.TASK_DECIDE_NEED), withVariables("postmortemNeeded", true, "decisionReason",
                "Caught by a canary; the same gap exists on three services", "format", "LIGHTWEIGHT"));
        // commander jordan and responder carlos are asked (priya writes)
        assertThat(contributionTasks(pi)).extracting(Task::getAssignee).containsExactlyInAnyOrder("jordan", "carlos");
        complete(contributionTask(pi, "jordan"), withVariables(Vars.CONTRIBUTED_ENTRIES.name(), Drafts.json("[]"),
                Vars.KNEW_AT_THE_TIME.name(), "The canary caught it before any customer did"));
        complete(task(Elements.TASK_WRITE_DRAFT), Drafts.goodDraft());
        runAsyncJobs();
        assertThat(contributionTasks(pi)).isEmpty();
        assertThat(pi).hasPassed(Elements.THROW_CLOSE_CONTRIBUTIONS_LIGHTWEIGHT, Elements.END_NOT_CONTRIBUTED)
                .hasNotPassed(Elements.TASK_SCHEDULE_MEETING).isWaitingAt(Elements.TASK_APPROVE);
        assertThat(contributions.all(id)).extracting(r -> r.contributor() + ":" + r.status())
                .containsExactly("jordan:CONTRIBUTED", "carlos:NOT_CONTRIBUTED");
        assertThat(mailTo("priya", id + ": Jordan").getSubject()).endsWith("added no new entries to the timeline");
    }

    @Test
    void a_contribution_without_entries_or_notes_is_rejected_and_the_task_stays_open() {
        String id = newIncidentId("TLR");
        Map<String, Object> payload = incident(id, "SEV1", Duration.ofHours(2));
        payload.put("author", "priya");
        payload.put("facilitator", "carlos");
        ProcessInstance pi = start(payload);
        Task jordan = contributionTask(pi, "jordan");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> taskService.complete(jordan.getId(),
                        Map.of(Vars.CONTRIBUTED_ENTRIES.name(), Drafts.json("[{\"at\":\"yesterday\",\"event\":\"x\"}]"))))
                .hasMessageContaining("contributedEntries[0].at");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> taskService.complete(jordan.getId(),
                        Map.of(Vars.CONTRIBUTED_ENTRIES.name(), Drafts.json("[{\"at\":null,\"event\":null}]"))))
                .hasMessageContaining("contributedEntries");
        assertThat(contributionTask(pi, "jordan")).isNotNull();
        assertThat(contributions.all(id)).isEmpty();
    }

    private List<Task> contributionTasks(ProcessInstance pi) {
        return taskService.createTaskQuery().processInstanceId(pi.getId())
                .taskDefinitionKey(Elements.TASK_CONTRIBUTE_TIMELINE).list();
    }

    private Task contributionTask(ProcessInstance pi, String assignee) {
        return taskService.createTaskQuery().processInstanceId(pi.getId())
                .taskDefinitionKey(Elements.TASK_CONTRIBUTE_TIMELINE).taskAssignee(assignee).singleResult();
    }

    private static String entry(Instant at, String event, String source) {
        return "{\"at\":\"" + at + "\",\"event\":\"" + event + "\",\"source\":\"" + source + "\"}";
    }
}
