package dev.aftermath.postmortem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;

import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.spin.plugin.variable.SpinValues;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.aftermath.incident.IncidentRepository;
import dev.aftermath.incident.IncidentState;
import dev.aftermath.notification.MailParts;
import dev.aftermath.processapi.PostmortemProcess.Elements;
import dev.aftermath.process.RejectedInputException;
import dev.aftermath.support.ProcessTestSupport;

class PostmortemLifecycleTest extends ProcessTestSupport {

    @Autowired IncidentRepository incidents;
    @Autowired PostmortemRepository postmortems;
    @Autowired dev.aftermath.calendar.BusinessCalendar calendar;

    private static Object json(String json) {
        return SpinValues.jsonValue(json).create();
    }

    private static String meetingIn(Duration d) {
        return Instant.now().plus(d).truncatedTo(ChronoUnit.MINUTES).toString();
    }

    private static Map<String, Object> draft() {
        return Map.of(
                "summary", "Checkout failed for 47 minutes: the payment DB connection pool was exhausted.",
                "rootCause", "Connection pool sized for old traffic; no alert on pool saturation",
                "whys", json(dev.aftermath.support.Drafts.FIVE_WHYS),
                "contributingFactors", json("[\"No saturation alert\",\"Pool size hard-coded\"]"),
                "whatWentWell", "Fast rollback",
                "whatWentWrong", "Alert fired late",
                "lessonsLearned", "Alert on saturation, not on errors",
                "causeCategory", "CAPACITY");
    }

    private static Map<String, Object> actionItems() {
        String due = LocalDate.now().plusDays(14).toString();
        return Map.of("rootCause", "Connection pool sized for old traffic; no saturation alert",
                "causeCategory", "CAPACITY",
                "meetingNotes", "Agreed on two items",
                "actionItems", json("[{\"title\":\"Alert at 80% pool saturation on payments-db\",\"owner\":\"mia\","
                        + "\"dueDate\":\"" + due + "\",\"priority\":\"HIGH\"},"
                        + "{\"title\":\"Make pool size configurable per environment\",\"owner\":\"priya\","
                        + "\"dueDate\":\"" + due + "\",\"priority\":\"MEDIUM\"}]"));
    }

    @Test
    void sev1_walks_from_closure_to_publication_with_a_mail_at_every_step() throws Exception {
        String id = newIncidentId("INC-SEV1");
        ProcessInstance pi = start(incident(id, "SEV1", Duration.ofHours(1)));

        assertThat(pi).isWaitingAt(Elements.TASK_ASSIGN_ROLES);
        assertThat(pi).hasBusinessKey(id);
        assertThat(pi).variables().containsEntry("requirement", "REQUIRED");
        var stored = incidents.find(id).orElseThrow();
        assertThat(stored.requirement()).isEqualTo("REQUIRED");
        assertThat(stored.reason()).contains("SEV1");
        // 48 h from the resolution; a deadline on a weekend moves to the next business day
        Instant deadline = calendar.rollForward(stored.resolvedAt().plus(Duration.ofHours(48)));
        assertThat(stored.publishDeadline()).isEqualTo(deadline);
        assertThat(stored.meetingDeadline()).isEqualTo(deadline);
        assertThat(stored.state()).isEqualTo(IncidentState.POSTMORTEM_IN_PROGRESS);

        runAsyncJobs();
        MimeMessage assign = mailTo("jordan", id);
        assertThat(parts(assign).html()).contains("/camunda/app/tasklist/default/#/?task=" + task().getId());

        complete(task(), withVariables("author", "priya", "facilitator", "carlos", "reviewers", "mia"));
        assertThat(pi).isWaitingAt(Elements.TASK_WRITE_DRAFT, Elements.TASK_SCHEDULE_MEETING);
        assertThat(task(Elements.TASK_WRITE_DRAFT)).isAssignedTo("priya");
        assertThat(task(Elements.TASK_SCHEDULE_MEETING)).isAssignedTo("carlos");
        // the generated draft: numbers and the timeline in time order
        Map<String, Object> vars = runtimeService.getVariables(pi.getId());
        assertThat((String) vars.get("summary")).isNotBlank();
        assertThat((String) vars.get("impact")).contains("12");
        assertThat(vars.get("timeline").toString()).containsSubsequence("Error rate", "DB not accepting");
        assertThat(postmortems.find(id).orElseThrow().status()).isEqualTo(PostmortemStatus.DRAFT);
        runAsyncJobs();
        assertThat(subjects("priya")).anyMatch(s -> s.contains(id));
        assertThat(subjects("carlos")).anyMatch(s -> s.contains(id));

        complete(task(Elements.TASK_WRITE_DRAFT), draft());
        String meetingStart = meetingIn(Duration.ofHours(30));
        complete(task(Elements.TASK_SCHEDULE_MEETING), withVariables("meetingStart", meetingStart,
                "meetingDurationMinutes", 60, "attendees", "priya,mia,jordan", "meetingLocation", "Room 4 / Meet"));
        assertThat(pi).isWaitingAt(Elements.SEND_INVITATIONS);
        runAsyncJobs();
        MimeMessage invitation = mailTo("mia", "nvitation");
        MailParts invitationParts = parts(invitation);
        assertThat(invitationParts.attachments()).singleElement().satisfies(a -> {
            assertThat(a.contentType()).startsWith("text/calendar");
            assertThat(new String(a.content())).contains("BEGIN:VEVENT").contains("DTSTART:"
                    + meetingStart.replace("-", "").replace(":", "").substring(0, 13));
        });
        assertThat(invitationParts.text()).contains("Root Cause Analysis (20 minutes)", "Action Items (15 minutes)");

        // more than 24 h away: the draft waits for its timer
        assertThat(pi).isWaitingAt(Elements.TIMER_DRAFT_BEFORE_MEETING);
        Job draftTimer = timer(pi, Elements.TIMER_DRAFT_BEFORE_MEETING);
        assertThat(draftTimer.getDuedate()).isEqualTo(Date.from(Instant.parse(meetingStart).minus(Duration.ofHours(24))));
        fireTimer(pi, Elements.TIMER_DRAFT_BEFORE_MEETING);
        MimeMessage draftMail = mailTo("jordan", "raft");
        assertThat(parts(draftMail).html()).contains("Checkout failed for 47 minutes")
                .contains("/api/postmortems/" + id);
        assertThat(pi).isWaitingAt(Elements.TIMER_MEETING_START);
        assertThat(timer(pi, Elements.TIMER_MEETING_START).getDuedate()).isEqualTo(Date.from(Instant.parse(meetingStart)));
        fireTimer(pi, Elements.TIMER_MEETING_START);

        assertThat(pi).isWaitingAt(Elements.TASK_HOLD_MEETING);
        assertThat(task()).isAssignedTo("carlos");
        complete(task(), actionItems());

        assertThat(pi).isWaitingAt(Elements.TASK_FINALIZE);
        assertThat(task()).isAssignedTo("priya");
        assertThat(task().getDueDate()).isCloseTo(Date.from(Instant.now().plus(Duration.ofHours(24))), 60_000);
        complete(task(), withVariables("lessonsLearned", "Alert on saturation; size pools from load tests"));

        assertThat(pi).isWaitingAt(Elements.TASK_APPROVE);
        assertThat(task()).hasCandidateGroup("tech-leads");
        complete(task(), withVariables("approved", true));

        assertThat(pi).isWaitingAt(Elements.PUBLISH);
        runAsyncJobs();
        // published: the action items live on in their own instances, the follow-up review waits 4 weeks
        assertThat(pi).hasPassed(Elements.PUBLISH, Elements.SEND_PUBLISHED)
                .isWaitingAt(Elements.CALL_ACTION_ITEMS, Elements.TIMER_FOLLOW_UP_REVIEW);
        PostmortemRecord published = postmortems.find(id).orElseThrow();
        assertThat(published.status()).isEqualTo(PostmortemStatus.PUBLISHED);
        assertThat(published.markdown()).contains("# Post-Mortem", "Alert at 80% pool saturation on payments-db",
                "Connection pool sized for old traffic");
        assertThat(published.html()).contains("<table");
        assertThat((List<?>) published.document().actionItems()).hasSize(2);
        assertThat(incidents.find(id).orElseThrow().state()).isEqualTo(IncidentState.POSTMORTEM_PUBLISHED);
        // the summary goes to the engineering list (every demo user is in it)
        MimeMessage summary = mailTo("sam", "ublished");
        assertThat(recipients(summary)).hasSizeGreaterThanOrEqualTo(6);
        assertThat(parts(summary).html()).contains("/library/" + id).contains("/api/postmortems/" + id + "/public.html");
    }

    @Test
    void hold_meeting_refuses_a_group_or_unknown_owner_and_the_task_stays_open() {
        String id = newIncidentId("INC-OWNER");
        Map<String, Object> payload = incident(id, "SEV2", Duration.ofHours(1));
        payload.put("author", "priya");
        payload.put("facilitator", "carlos");
        ProcessInstance pi = start(payload);
        assertThat(pi).isWaitingAt(Elements.TASK_WRITE_DRAFT, Elements.TASK_SCHEDULE_MEETING);
        complete(task(Elements.TASK_WRITE_DRAFT), draft());
        complete(task(Elements.TASK_SCHEDULE_MEETING), withVariables("meetingStart", meetingIn(Duration.ofHours(2)),
                "attendees", "priya,mia"));
        runAsyncJobs();
        fireTimer(pi, Elements.TIMER_MEETING_START);
        assertThat(pi).isWaitingAt(Elements.TASK_HOLD_MEETING);
        String taskId = task().getId();
        String due = LocalDate.now().plusDays(3).toString();
        String past = LocalDate.now().minusDays(1).toString();
        assertThatThrownBy(() -> taskService.complete(taskId, Map.of("rootCause", "Pool too small",
                "causeCategory", "CAPACITY", "actionItems", json("[{\"title\":\"Add alert\",\"owner\":\"tech-leads\","
                        + "\"dueDate\":\"" + due + "\",\"priority\":\"HIGH\"},{\"title\":\"Fix pool\",\"owner\":\"team\","
                        + "\"dueDate\":\"" + due + "\",\"priority\":\"HIGH\"},{\"title\":\"Resize\",\"owner\":\"nobody-known\","
                        + "\"dueDate\":\"" + past + "\",\"priority\":\"URGENT\"}]"))))
                .hasRootCauseInstanceOf(RejectedInputException.class)
                .hasMessageContaining("actionItems[0].owner")
                .hasMessageContaining("actionItems[1].owner")
                .hasMessageContaining("actionItems[2].owner")
                .hasMessageContaining("actionItems[2].dueDate")
                .hasMessageContaining("actionItems[2].priority");
        assertThat(taskService.createTaskQuery().taskId(taskId).singleResult()).isNotNull();
        assertThat(pi).isWaitingAt(Elements.TASK_HOLD_MEETING);
    }
}
