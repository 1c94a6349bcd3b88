package dev.aftermath.postmortem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;

import com.fasterxml.jackson.databind.JsonNode;

import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.aftermath.notification.MailParts;
import dev.aftermath.processapi.PostmortemProcess.Elements;
import dev.aftermath.support.ProcessTestSupport;
import dev.aftermath.support.RestCalls;

/**
 * Moving and cancelling a pending review meeting, over the API and in Tasklist's task: the timers follow the new
 * start (none stale), the attendees get an update of the same calendar event (same UID, SEQUENCE + 1) or its
 * cancellation, the pre-read is not sent twice for the same draft, and the change is in the history and the API.
 * Every .ics is parsed back with ical4j.
 */
class MeetingChangeTest extends ProcessTestSupport {

    @LocalServerPort int port;
    @Autowired HistoryService historyService;

    private RestCalls rest;

    @BeforeEach
    void client() {
        rest = new RestCalls(port, objectMapper);
    }

    /** A SEV2 post-mortem (72 h window) whose meeting is scheduled {@code in} from now, invitations sent. */
    private ProcessInstance scheduled(String id, Duration in) {
        Map<String, Object> payload = incident(id, "SEV2", Duration.ofMinutes(30));
        payload.put("author", "priya");
        payload.put("facilitator", "carlos");
        ProcessInstance pi = start(payload);
        complete(task(Elements.TASK_SCHEDULE_MEETING, pi), withVariables("meetingStart", at(in), "attendees",
                "mia,alex"));
        runAsyncJobs();
        assertThat(pi).isWaitingAt(Elements.TASK_CHANGE_MEETING);
        return pi;
    }

    private static String at(Duration in) {
        return Instant.now().plus(in).truncatedTo(ChronoUnit.MINUTES).toString();
    }

    private RestCalls.Reply change(String id, String user, Map<String, Object> body) throws Exception {
        return rest.post("/api/postmortems/" + id + "/meeting", user, body);
    }

    private static Map<String, Object> move(String start, String reason) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("action", "MOVE");
        body.put("meetingStart", start);
        body.put("reason", reason);
        return body;
    }

    private Instant due(ProcessInstance pi, String activity) {
        List<Job> timers = managementService.createJobQuery().processInstanceId(pi.getId()).timers()
                .activityId(activity).list();
        assertThat(timers).as("timers of " + activity).hasSize(1);
        return timers.get(0).getDuedate().toInstant();
    }

    private static Calendar ics(MimeMessage mail) throws Exception {
        List<MailParts.Part> calendars = new ArrayList<>();
        for (MailParts.Part p : MailParts.of(mail).attachments()) {
            if (p.contentType().startsWith("text/calendar")) {
                calendars.add(p);
            }
        }
        assertThat(calendars).as("calendar attachments of '" + mail.getSubject() + "'").hasSize(1);
        return new CalendarBuilder().build(new StringReader(new String(calendars.get(0).content(),
                java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static String prop(Calendar c, String name) {
        return c.getProperty(name).map(Property::getValue).orElse(null);
    }

    private static String prop(VEvent e, String name) {
        return e.getProperty(name).map(Property::getValue).orElse(null);
    }

    private static VEvent event(Calendar c) {
        List<VEvent> events = c.getComponents("VEVENT");
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    private static Instant start(VEvent e) {
        return Instant.from(e.getDateTimeStart().getDate());
    }

    @Test
    void a_move_inside_the_window_moves_both_timers_and_updates_the_same_calendar_event() throws Exception {
        String id = newIncidentId("MTG-MOVE");
        Instant first = Instant.parse(at(Duration.ofHours(30)));
        ProcessInstance pi = scheduled(id, Duration.ofHours(30));
        Calendar invitation = ics(mailTo("mia", "Invitation: post-mortem meeting"));
        VEvent original = event(invitation);
        assertThat(prop(invitation, "METHOD")).isEqualTo("REQUEST");
        assertThat(prop(original, "SEQUENCE")).isEqualTo("0");
        assertThat(start(original)).isEqualTo(first);
        assertThat(due(pi, Elements.TIMER_DRAFT_BEFORE_MEETING)).isEqualTo(first.minus(Duration.ofHours(24)));
        greenMail.purgeEmailFromAllMailboxes();

        Instant moved = Instant.parse(at(Duration.ofHours(40)));
        RestCalls.Reply reply = change(id, "carlos", move(moved.toString(), "Mia is on call on the first date"));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().path("meeting").path("start").asText()).isEqualTo(moved.toString());
        runAsyncJobs();
        assertThat(pi).isWaitingAt(Elements.TIMER_DRAFT_BEFORE_MEETING, Elements.TASK_CHANGE_MEETING);
        // the timers were removed with the pending part and created again from the new start: no stale timer
        assertThat(due(pi, Elements.TIMER_DRAFT_BEFORE_MEETING)).isEqualTo(moved.minus(Duration.ofHours(24)));
        assertThat(managementService.createJobQuery().processInstanceId(pi.getId()).timers()
                .activityId(Elements.TIMER_MEETING_START).count()).isZero();

        for (String attendee : List.of("mia", "alex", "carlos")) {
            MimeMessage update = mailTo(attendee, "Moved: post-mortem meeting");
            assertThat(MailParts.of(update).text()).contains("Mia is on call on the first date");
            Calendar c = ics(update);
            VEvent e = event(c);
            assertThat(prop(c, "METHOD")).isEqualTo("REQUEST");
            assertThat(prop(e, "UID")).isEqualTo(prop(original, "UID"));
            assertThat(prop(e, "SEQUENCE")).isEqualTo("1");
            assertThat(start(e)).isEqualTo(moved);
            assertThat(prop(e, "DESCRIPTION")).contains("Moved: Mia is on call on the first date");
        }
        assertThat(subjects("mia")).noneMatch(s -> s.contains("Please read the post-mortem draft"));

        // the pre-read and then the meeting start follow the new date
        fireTimer(pi, Elements.TIMER_DRAFT_BEFORE_MEETING);
        assertThat(mailTo("mia", "Please read the post-mortem draft")).isNotNull();
        assertThat(due(pi, Elements.TIMER_MEETING_START)).isEqualTo(moved);

        JsonNode view = rest.get("/api/postmortems/" + id, "carlos").json();
        JsonNode changes = view.path("meeting").path("changes");
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).path("action").asText()).isEqualTo("MOVE");
        assertThat(changes.get(0).path("previousStart").asText()).isEqualTo(first.toString());
        assertThat(changes.get(0).path("meetingStart").asText()).isEqualTo(moved.toString());
        assertThat(changes.get(0).path("changedBy").asText()).isEqualTo("carlos");
        assertThat(changes.get(0).path("reason").asText()).isEqualTo("Mia is on call on the first date");
        assertThat(view.path("meeting").path("sequence").asInt()).isEqualTo(1);
        // and in the engine's history: the change task, completed by the facilitator
        assertThat(historyService.createHistoricTaskInstanceQuery().processInstanceId(pi.getId())
                .taskDefinitionKey(Elements.TASK_CHANGE_MEETING).finished().count()).isEqualTo(1);

        fireTimer(pi, Elements.TIMER_MEETING_START);
        // the meeting is due (Hold review meeting follows once the draft passed the gate); nothing pending is left
        assertThat(pi).hasPassed(Elements.TIMER_MEETING_START).isWaitingAt(Elements.TASK_WRITE_DRAFT);
        assertThat(taskService.createTaskQuery().processInstanceId(pi.getId())
                .taskDefinitionKey(Elements.TASK_CHANGE_MEETING).count()).isZero();
    }

    @Test
    void a_pre_read_already_sent_goes_out_again_after_a_move_only_when_the_draft_changed() throws Exception {
        String id = newIncidentId("MTG-PRE");
        ProcessInstance pi = scheduled(id, Duration.ofHours(3)); // less than 24 h away: pre-read at once
        assertThat(mailTo("alex", "Please read the post-mortem draft")).isNotNull();
        greenMail.purgeEmailFromAllMailboxes();

        assertThat(change(id, "carlos", move(at(Duration.ofHours(5)), "Room taken")).status()).isEqualTo(200);
        runAsyncJobs();
        assertThat(subjects("alex")).anyMatch(s -> s.contains("Moved: post-mortem meeting"))
                .noneMatch(s -> s.contains("Please read the post-mortem draft"));
        assertThat(pi).isWaitingAt(Elements.TIMER_MEETING_START, Elements.TASK_CHANGE_MEETING);
        greenMail.purgeEmailFromAllMailboxes();

        // the author writes the draft; the next move sends the changed draft again, from Tasklist's task this time
        complete(task(Elements.TASK_WRITE_DRAFT, pi), withVariables("rootCause",
                "The connection pool was sized for last year's traffic"));
        Task change = task(Elements.TASK_CHANGE_MEETING, pi);
        assertThat(change.getAssignee()).isEqualTo("carlos");
        taskService.complete(change.getId(), withVariables("meetingChangeAction", "MOVE", "newMeetingStart",
                at(Duration.ofHours(6)), "meetingChangeReason", "Author needs an hour more"));
        runAsyncJobs();
        assertThat(mailTo("alex", "Please read the post-mortem draft")).isNotNull();
        assertThat(ics(mailTo("alex", "Moved: post-mortem meeting")).getComponent("VEVENT").orElseThrow()
                .getProperty("SEQUENCE").orElseThrow().getValue()).isEqualTo("2");
    }

    @Test
    void a_move_after_the_window_needs_a_late_reason_and_a_move_out_of_an_open_window_is_refused() throws Exception {
        String id = newIncidentId("MTG-LATE");
        ProcessInstance pi = scheduled(id, Duration.ofHours(30));

        RestCalls.Reply outside = change(id, "carlos", move(at(Duration.ofDays(20)), "Everyone is away"));
        assertThat(outside.status()).as(outside.body()).isEqualTo(400);
        assertThat(outside.contentType()).contains("application/problem+json");
        assertThat(outside.fields()).containsExactly("meetingStart");

        // the window closes while the meeting is pending
        runtimeService.setVariable(pi.getId(), "meetingDeadline",
                java.util.Date.from(Instant.now().minus(Duration.ofHours(1))));
        RestCalls.Reply noReason = change(id, "carlos", move(at(Duration.ofHours(50)), "Key responder on leave"));
        assertThat(noReason.status()).as(noReason.body()).isEqualTo(400);
        assertThat(noReason.fields()).containsExactly("lateReason");
        assertThat(pi).isWaitingAt(Elements.TIMER_DRAFT_BEFORE_MEETING, Elements.TASK_CHANGE_MEETING);

        Map<String, Object> withReason = move(at(Duration.ofHours(50)), "Key responder on leave");
        withReason.put("lateReason", "The database vendor joins only on Thursday");
        RestCalls.Reply late = change(id, "carlos", withReason);
        assertThat(late.status()).as(late.body()).isEqualTo(200);
        runAsyncJobs();
        assertThat(MailParts.of(mailTo("mia", "Moved: post-mortem meeting")).text())
                .contains("The database vendor joins only on Thursday");
        assertThat(rest.get("/api/postmortems/" + id, "carlos").json().path("meeting").path("changes").get(0)
                .path("lateReason").asText()).isEqualTo("The database vendor joins only on Thursday");

        RestCalls.Reply invalid = change(id, "carlos", Map.of("action", "POSTPONE"));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.fields()).containsExactlyInAnyOrder("action", "reason");
    }

    @Test
    void a_cancel_sends_method_cancel_and_reopens_scheduling() throws Exception {
        String id = newIncidentId("MTG-CANCEL");
        ProcessInstance pi = scheduled(id, Duration.ofHours(30));
        VEvent original = event(ics(mailTo("alex", "Invitation: post-mortem meeting")));
        greenMail.purgeEmailFromAllMailboxes();

        RestCalls.Reply reply = change(id, "demo", Map.of("action", "CANCEL", "reason", "Incident reopened"));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        runAsyncJobs();
        assertThat(pi).isWaitingAt(Elements.TASK_SCHEDULE_MEETING);
        assertThat(managementService.createJobQuery().processInstanceId(pi.getId()).timers()
                .activityId(Elements.TIMER_DRAFT_BEFORE_MEETING).count()).isZero();
        assertThat(managementService.createJobQuery().processInstanceId(pi.getId()).timers()
                .activityId(Elements.TIMER_MEETING_START).count()).isZero();
        Calendar cancel = ics(mailTo("alex", "Cancelled: post-mortem meeting"));
        VEvent cancelled = event(cancel);
        assertThat(prop(cancel, "METHOD")).isEqualTo("CANCEL");
        assertThat(prop(cancelled, "UID")).isEqualTo(prop(original, "UID"));
        assertThat(prop(cancelled, "SEQUENCE")).isEqualTo("1");
        assertThat(prop(cancelled, "STATUS")).isEqualTo("CANCELLED");
        JsonNode changes = rest.get("/api/postmortems/" + id, "carlos").json().path("meeting").path("changes");
        assertThat(changes.get(0).path("action").asText()).isEqualTo("CANCEL");
        assertThat(changes.get(0).path("changedBy").asText()).isEqualTo("demo");
        greenMail.purgeEmailFromAllMailboxes();

        // scheduled again: a new calendar event
        complete(task(Elements.TASK_SCHEDULE_MEETING, pi), withVariables("meetingStart", at(Duration.ofHours(33)),
                "attendees", "mia,alex"));
        runAsyncJobs();
        VEvent again = event(ics(mailTo("alex", "Invitation: post-mortem meeting")));
        assertThat(prop(again, "UID")).isNotEqualTo(prop(original, "UID"));
        assertThat(prop(again, "SEQUENCE")).isEqualTo("0");
        assertThat(pi).isWaitingAt(Elements.TIMER_DRAFT_BEFORE_MEETING, Elements.TASK_CHANGE_MEETING);
    }

    @Test
    void only_the_facilitator_or_an_admin_changes_a_pending_meeting() throws Exception {
        String id = newIncidentId("MTG-AUTH");
        ProcessInstance pi = scheduled(id, Duration.ofHours(30));

        RestCalls.Reply stranger = change(id, "alex", move(at(Duration.ofHours(31)), "I prefer Friday"));
        assertThat(stranger.status()).as(stranger.body()).isEqualTo(403);
        assertThat(stranger.contentType()).contains("application/problem+json");
        assertThat(change("NO-SUCH-INCIDENT", "carlos", move(at(Duration.ofHours(31)), "x")).status())
                .isEqualTo(404);
        assertThat(change(id, null, move(at(Duration.ofHours(31)), "x")).status()).isEqualTo(401);
        assertThat(pi).isWaitingAt(Elements.TIMER_DRAFT_BEFORE_MEETING, Elements.TASK_CHANGE_MEETING);

        // after the meeting started it can no longer be moved
        fireTimer(pi, Elements.TIMER_DRAFT_BEFORE_MEETING);
        fireTimer(pi, Elements.TIMER_MEETING_START);
        assertThat(pi).hasPassed(Elements.TIMER_MEETING_START).isWaitingAt(Elements.TASK_WRITE_DRAFT);
        RestCalls.Reply started = change(id, "carlos", move(at(Duration.ofHours(31)), "Too late"));
        assertThat(started.status()).as(started.body()).isEqualTo(409);
        assertThat(started.contentType()).contains("application/problem+json");
    }
}
