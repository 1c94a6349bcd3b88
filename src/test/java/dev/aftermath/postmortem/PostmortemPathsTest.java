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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;

import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.spin.plugin.variable.SpinValues;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.aftermath.incident.Incident;
import dev.aftermath.incident.IncidentRepository;
import dev.aftermath.incident.IncidentState;
import dev.aftermath.process.RejectedInputException;
import dev.aftermath.processapi.PostmortemProcess.Elements;
import dev.aftermath.processapi.PostmortemProcess;
import dev.aftermath.support.ProcessTestSupport;

/** Every path of postmortem.bpmn besides the SEV1 happy path (PostmortemLifecycleTest). */
class PostmortemPathsTest extends ProcessTestSupport {

    @Autowired IncidentRepository incidents;
    @Autowired PostmortemRepository postmortems;
    @Autowired dev.aftermath.calendar.BusinessCalendar calendar;

    private static Object json(String json) {
        return SpinValues.jsonValue(json).create();
    }

    private static String in(Duration d) {
        return Instant.now().plus(d).truncatedTo(ChronoUnit.MINUTES).toString();
    }

    private Map<String, Object> withRoles(Map<String, Object> payload) {
        payload.put("author", "priya");
        payload.put("facilitator", "carlos");
        return payload;
    }

    /** Drives an instance with named roles to Task_HoldMeeting. */
    private void toHoldMeeting(ProcessInstance pi) {
        Map<String, Object> draft = dev.aftermath.support.Drafts.goodDraft();
        draft.put("summary", "Pool exhausted");
        draft.put("rootCause", "Pool too small");
        complete(task(Elements.TASK_WRITE_DRAFT), draft);
        complete(task(Elements.TASK_SCHEDULE_MEETING), withVariables("meetingStart", in(Duration.ofHours(3)),
                "attendees", "priya,mia"));
        runAsyncJobs();
        fireTimer(pi, Elements.TIMER_MEETING_START);
        assertThat(pi).isWaitingAt(Elements.TASK_HOLD_MEETING);
    }

    private void holdMeeting() {
        complete(task(Elements.TASK_HOLD_MEETING), Map.of("rootCause", "Pool sized for old traffic",
                "causeCategory", "CAPACITY", "actionItems", json("[{\"title\":\"Alert at 80% pool use\",\"owner\":\"mia\","
                        + "\"dueDate\":\"" + LocalDate.now().plusDays(10) + "\",\"priority\":\"HIGH\"}]")));
    }

    @Test
    void sev2_gets_72_hours_and_the_deadline_timers_warn_then_escalate_while_the_work_goes_on() throws Exception {
        String id = newIncidentId("INC-SEV2");
        ProcessInstance pi = start(withRoles(incident(id, "SEV2", Duration.ofHours(2))));
        Incident stored = incidents.find(id).orElseThrow();
        // 72 h from the resolution; a deadline on a weekend moves to the next business day
        Instant expectedDeadline = calendar.rollForward(stored.resolvedAt().plus(Duration.ofHours(72)));
        assertThat(stored.publishDeadline()).isEqualTo(expectedDeadline);
        assertThat(stored.meetingDeadline()).isEqualTo(expectedDeadline);
        // roles named in the payload: no assignment task
        assertThat(pi).isWaitingAt(Elements.TASK_WRITE_DRAFT, Elements.TASK_SCHEDULE_MEETING)
                .hasNotPassed(Elements.TASK_ASSIGN_ROLES);

        Job warning = timer(pi, Elements.TIMER_PUBLISH_WARNING);
        // when 25 % of the window is left
        long window = Duration.between(stored.resolvedAt(), stored.publishDeadline()).toMillis();
        assertThat(warning.getDuedate()).isEqualTo(Date.from(stored.resolvedAt().plusMillis(Math.round(window * 0.75))));
        Job deadline = timer(pi, Elements.TIMER_PUBLISH_DEADLINE);
        assertThat(deadline.getDuedate()).isEqualTo(Date.from(stored.publishDeadline()));
        runAsyncJobs();
        greenMail.purgeEmailFromAllMailboxes();

        fireTimer(pi, Elements.TIMER_PUBLISH_WARNING);
        MimeMessage warned = mailTo("priya", id);
        assertThat(recipients(warned)).anyMatch(r -> r.contains("carlos@")).noneMatch(r -> r.contains("mia@"));
        assertThat(parts(warned).text()).contains(new dev.aftermath.template.Formats(java.time.ZoneOffset.UTC, u -> u)
                .time(stored.publishDeadline()));
        assertThat(pi).isWaitingAt(Elements.TASK_WRITE_DRAFT, Elements.TASK_SCHEDULE_MEETING);

        fireTimer(pi, Elements.TIMER_PUBLISH_DEADLINE);
        assertThat(pi).isWaitingAt(Elements.TASK_REVIEW_MISSED_DEADLINE, Elements.TASK_WRITE_DRAFT,
                Elements.TASK_SCHEDULE_MEETING);
        assertThat(task(Elements.TASK_REVIEW_MISSED_DEADLINE)).hasCandidateGroup("tech-leads");
        // the escalation mail and the review task's own mail, both to the tech leads only
        List<MimeMessage> missed = mailsTo("mia");
        assertThat(missed).hasSize(2);
        for (MimeMessage m : missed) {
            assertThat(m.getSubject()).contains(id).containsIgnoringCase("deadline");
            assertThat(recipients(m)).noneMatch(r -> r.contains("priya@"));
        }
        assertThat(missed).anyMatch(m -> {
            try {
                return parts(m).html().contains("#/?task=" + task(Elements.TASK_REVIEW_MISSED_DEADLINE).getId());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThatThrownBy(() -> taskService.complete(task(Elements.TASK_REVIEW_MISSED_DEADLINE).getId()))
                .hasRootCauseInstanceOf(RejectedInputException.class).hasMessageContaining("missedDeadlineNotes");
        complete(task(Elements.TASK_REVIEW_MISSED_DEADLINE),
                withVariables("missedDeadlineNotes", "Author was on call twice this week; draft due Friday"));
        assertThat(pi).isWaitingAt(Elements.TASK_WRITE_DRAFT, Elements.TASK_SCHEDULE_MEETING);
    }

    @Test
    void sev3_team_decides_yes_and_the_lifecycle_runs() throws Exception {
        String id = newIncidentId("INC-SEV3Y");
        ProcessInstance pi = start(incident(id, "SEV3", Duration.ofHours(1)));
        assertThat(pi).isWaitingAt(Elements.TASK_DECIDE_NEED);
        assertThat(task()).hasCandidateGroup("tech-leads");
        assertThat(incidents.find(id).orElseThrow().state()).isEqualTo(IncidentState.AWAITING_TEAM_DECISION);
        runAsyncJobs();
        assertThat(parts(mailTo("mia", id)).html()).contains("/camunda/app/tasklist/default/#/?task=" + task().getId());

        assertThatThrownBy(() -> taskService.complete(task().getId(), Map.of("postmortemNeeded", true)))
                .hasRootCauseInstanceOf(RejectedInputException.class).hasMessageContaining("decisionReason");
        complete(task(), withVariables("postmortemNeeded", true, "decisionReason",
                "Revealed that pool limits are not load-tested"));
        assertThat(pi).isWaitingAt(Elements.TASK_ASSIGN_ROLES);
        Incident stored = incidents.find(id).orElseThrow();
        assertThat(stored.state()).isEqualTo(IncidentState.POSTMORTEM_IN_PROGRESS);
        assertThat(stored.reason()).contains("Revealed that pool limits are not load-tested");
    }

    @Test
    void sev3_team_decides_no_and_the_reason_is_recorded_and_mailed() throws Exception {
        String id = newIncidentId("INC-SEV3N");
        ProcessInstance pi = start(incident(id, "SEV3", Duration.ofHours(1)));
        complete(task(Elements.TASK_DECIDE_NEED), withVariables("postmortemNeeded", false, "decisionReason",
                "Known issue, already covered by INC-100's action items"));
        assertThat(pi).isWaitingAt(Elements.SEND_NOT_REQUIRED);
        runAsyncJobs();
        assertThat(pi).isEnded().hasPassed(Elements.END_NOT_REQUIRED).hasNotPassed(Elements.SUBPROCESS_WORK);
        Incident stored = incidents.find(id).orElseThrow();
        assertThat(stored.state()).isEqualTo(IncidentState.NO_POSTMORTEM);
        assertThat(stored.reason()).contains("already covered by INC-100");
        assertThat(parts(mailTo("jordan", id)).text()).contains("already covered by INC-100");
    }

    @Test
    void sev4_needs_no_postmortem_and_says_why() throws Exception {
        String id = newIncidentId("INC-SEV4");
        ProcessInstance pi = start(incident(id, "SEV4", Duration.ofHours(1)));
        runAsyncJobs();
        assertThat(pi).isEnded().hasPassed(Elements.SEND_NOT_REQUIRED).hasNotPassed(Elements.TASK_DECIDE_NEED);
        Incident stored = incidents.find(id).orElseThrow();
        assertThat(stored.requirement()).isEqualTo("NOT_REQUIRED");
        assertThat(stored.reason()).contains("SEV4");
        assertThat(stored.state()).isEqualTo(IncidentState.NO_POSTMORTEM);
        assertThat(stored.publishDeadline()).isNull();
        assertThat(postmortems.find(id)).isEmpty();
        assertThat(parts(mailTo("jordan", id)).text()).contains("SEV4");
    }

    @Test
    void a_rejected_approval_goes_back_to_finalisation_and_counts_a_review_round() throws Exception {
        String id = newIncidentId("INC-REJ");
        ProcessInstance pi = start(withRoles(incident(id, "SEV1", Duration.ofHours(1))));
        toHoldMeeting(pi);
        holdMeeting();
        complete(task(Elements.TASK_FINALIZE), Map.of());
        assertThatThrownBy(() -> taskService.complete(task(Elements.TASK_APPROVE).getId(), Map.of("approved", false)))
                .hasRootCauseInstanceOf(RejectedInputException.class).hasMessageContaining("reviewComments");
        complete(task(Elements.TASK_APPROVE), withVariables("approved", false, "reviewComments",
                "Root cause stops at the pool size: why was it never load-tested?"));
        assertThat(pi).isWaitingAt(Elements.TASK_FINALIZE);
        assertThat(task()).isAssignedTo("priya");
        assertThat(postmortems.find(id).orElseThrow().reviewRounds()).isEqualTo(1);
        runAsyncJobs();
        assertThat(parts(mailTo("priya", "inal")).text()).contains("why was it never load-tested?");

        complete(task(Elements.TASK_FINALIZE), withVariables("rootCause",
                "Pool size never load-tested; no saturation alert"));
        complete(task(Elements.TASK_APPROVE), withVariables("approved", true));
        runAsyncJobs();
        assertThat(pi).hasPassed(Elements.PUBLISH).isWaitingAt(Elements.CALL_ACTION_ITEMS);
        PostmortemRecord published = postmortems.find(id).orElseThrow();
        assertThat(published.status()).isEqualTo(PostmortemStatus.PUBLISHED);
        assertThat(published.reviewRounds()).isEqualTo(1);
        assertThat(published.markdown()).contains("Pool size never load-tested");
    }

    @Test
    void a_meeting_under_24_hours_away_gets_the_draft_at_once() throws Exception {
        String id = newIncidentId("INC-SOON");
        ProcessInstance pi = start(withRoles(incident(id, "SEV1", Duration.ofHours(1))));
        String start = in(Duration.ofHours(5));
        complete(task(Elements.TASK_SCHEDULE_MEETING), withVariables("meetingStart", start, "attendees", "mia"));
        runAsyncJobs();
        assertThat(pi).hasPassed(Elements.SEND_INVITATIONS, Elements.SEND_DRAFT)
                .hasNotPassed(Elements.TIMER_DRAFT_BEFORE_MEETING);
        assertThat(pi).isWaitingAt(Elements.TIMER_MEETING_START, Elements.TASK_WRITE_DRAFT);
        assertThat(mailsTo("mia")).hasSizeGreaterThanOrEqualTo(2);
        mailTo("mia", "raft");
        assertThat(timer(pi, Elements.TIMER_MEETING_START).getDuedate()).isEqualTo(Date.from(Instant.parse(start)));
    }

    @Test
    void a_meeting_must_be_in_the_future_and_inside_its_window_while_the_window_is_open() {
        String id = newIncidentId("INC-WIN");
        ProcessInstance pi = start(withRoles(incident(id, "SEV1", Duration.ofHours(1))));
        String taskId = task(Elements.TASK_SCHEDULE_MEETING).getId();
        assertThatThrownBy(() -> taskService.complete(taskId, Map.of("meetingStart", in(Duration.ofHours(-2)),
                "attendees", "mia"))).hasRootCauseInstanceOf(RejectedInputException.class)
                .hasMessageContaining("meetingStart").hasMessageContaining("past");
        // resolved an hour ago: the meeting deadline (48 h, maybe rolled past a weekend) has not passed
        Instant meetingDeadline = incidents.find(id).orElseThrow().meetingDeadline();
        String afterDeadline = meetingDeadline.plus(Duration.ofHours(12)).truncatedTo(ChronoUnit.MINUTES).toString();
        assertThatThrownBy(() -> taskService.complete(taskId, Map.of("meetingStart", afterDeadline,
                "attendees", "mia", "lateReason", "Facilitator away"))).hasRootCauseInstanceOf(RejectedInputException.class)
                .hasMessageContaining("meeting deadline");
        assertThatThrownBy(() -> taskService.complete(taskId, Map.of("meetingStart", "tomorrow at 3",
                "attendees", "mia,ghost"))).hasRootCauseInstanceOf(RejectedInputException.class)
                .hasMessageContaining("ISO-8601").hasMessageContaining("ghost");
        assertThat(pi).isWaitingAt(Elements.TASK_SCHEDULE_MEETING);
    }

    @Test
    void once_the_window_has_passed_a_late_meeting_needs_a_reason_which_is_kept() {
        String id = newIncidentId("INC-LATE");
        // resolved 10 days ago: the meeting window of a SEV1 has passed
        ProcessInstance pi = start(withRoles(incident(id, "SEV1", Duration.ofDays(10))));
        String taskId = task(Elements.TASK_SCHEDULE_MEETING).getId();
        assertThatThrownBy(() -> taskService.complete(taskId, Map.of("meetingStart", in(Duration.ofHours(20)),
                "attendees", "mia"))).hasRootCauseInstanceOf(RejectedInputException.class)
                .hasMessageContaining("lateReason");
        taskService.complete(taskId, Map.of("meetingStart", in(Duration.ofHours(20)), "attendees", "mia",
                "lateReason", "Two key responders were off until Monday"));
        assertThat(pi).isWaitingAt(Elements.SEND_INVITATIONS);
        assertThat(runtimeService.getVariable(pi.getId(), "lateReason"))
                .isEqualTo("Two key responders were off until Monday");
    }

    @Test
    void user_text_is_escaped_in_html_mail() throws Exception {
        String id = newIncidentId("INC-XSS");
        Map<String, Object> payload = withRoles(incident(id, "SEV1", Duration.ofHours(1)));
        payload.put("title", "<script>alert('x')</script> & <b>bold</b>");
        ProcessInstance pi = start(payload);
        Map<String, Object> draft = dev.aftermath.support.Drafts.goodDraft();
        draft.put("summary", "<img src=x onerror=alert(1)> summary");
        draft.put("rootCause", "<script>steal()</script>");
        complete(task(Elements.TASK_WRITE_DRAFT), draft);
        complete(task(Elements.TASK_SCHEDULE_MEETING), withVariables("meetingStart", in(Duration.ofHours(3)),
                "attendees", "mia", "meetingLocation", "<a href=\"javascript:alert(1)\">room</a>"));
        runAsyncJobs();
        List<MimeMessage> mails = mailsTo("mia");
        assertThat(mails).isNotEmpty();
        for (MimeMessage m : mails) {
            String html = parts(m).html();
            assertThat(html).doesNotContain("<script>").doesNotContain("<img src=x")
                    .doesNotContain("href=\"javascript:").doesNotContain("<b>bold</b>");
            assertThat(html).contains("&lt;script&gt;");
        }
        assertThat(pi).isWaitingAt(Elements.TIMER_MEETING_START);
    }

    @Test
    void a_lifecycle_started_from_the_tasklist_start_form_is_checked_and_stored() {
        String id = newIncidentId("INC-FORM");
        Map<String, Object> form = new HashMap<>();
        form.put("incidentId", id);
        form.put("title", "Search latency");
        form.put("severity", "SEV2");
        form.put("resolvedAt", in(Duration.ofHours(-1)));
        form.put("detectedAt", in(Duration.ofHours(-2)));
        form.put("commander", "jordan");
        form.put("author", "priya");
        form.put("facilitator", "carlos");
        ProcessInstance pi = runtimeService.startProcessInstanceByKey(PostmortemProcess.KEY, form);
        continueAfterDecision(pi.getId());
        assertThat(pi).hasBusinessKey(id).isWaitingAt(Elements.TASK_WRITE_DRAFT, Elements.TASK_SCHEDULE_MEETING);
        Incident stored = incidents.find(id).orElseThrow();
        assertThat(stored.processInstanceId()).isEqualTo(pi.getId());
        assertThat(stored.requirement()).isEqualTo("REQUIRED");

        Map<String, Object> bad = new HashMap<>(form);
        bad.put("incidentId", newIncidentId("INC-FORMBAD"));
        bad.put("severity", "SEV9");
        bad.put("commander", "nobody");
        assertThatThrownBy(() -> runtimeService.startProcessInstanceByKey(PostmortemProcess.KEY, bad))
                .isInstanceOf(RejectedInputException.class)
                .hasMessageContaining("severity").hasMessageContaining("commander");
        assertThat(incidents.find((String) bad.get("incidentId"))).isEmpty();
        assertThatThrownBy(() -> runtimeService.startProcessInstanceByKey(PostmortemProcess.KEY, form))
                .isInstanceOf(RejectedInputException.class).hasMessageContaining("already");
    }
}
