package dev.aftermath.postmortem;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import dev.aftermath.calendar.Deadlines;
import dev.aftermath.document.PostmortemDocument;
import dev.aftermath.process.RejectedInputException;
import dev.aftermath.process.SystemCalls;
import dev.aftermath.processapi.PostmortemProcess.Elements;
import dev.aftermath.processapi.PostmortemProcess.Vars;
import dev.aftermath.processapi.PostmortemProcess;
import dev.aftermath.web.ConflictException;
import dev.aftermath.web.FieldError;
import dev.aftermath.web.InvalidInputException;
import dev.aftermath.web.TextInput;
import dev.aftermath.web.NotFoundException;

/**
 * {@code ${meetings}}: moving and cancelling a pending review meeting. The change itself is the completion of
 * {@code Task_ChangeMeeting} (Tasklist, or {@link #change} for the API); its complete listener records it here, and
 * the diagram then leaves the pending part through an escalation, so both timers go and come back from the new start.
 */
@Service("meetings")
public class MeetingService {

    public static final String MOVE = "MOVE";
    public static final String CANCEL = "CANCEL";

    private final JdbcClient jdbc;
    private final RuntimeService runtime;
    private final TaskService tasks;
    private final PostmortemDocuments documents;
    private final ObjectMapper json;
    private final SystemCalls system;
    private final Clock clock;

    public MeetingService(JdbcClient jdbc, RuntimeService runtime, TaskService tasks, PostmortemDocuments documents,
                          ObjectMapper json, SystemCalls system, Clock clock) {
        this.clock = clock;
        this.jdbc = jdbc;
        this.runtime = runtime;
        this.tasks = tasks;
        this.documents = documents;
        this.json = json;
        this.system = system;
    }

    public record Change(int sequence, String action, String previousStart, String meetingStart, String reason,
                         String lateReason, String changedBy, Instant changedAt) {
    }

    /** The running post-mortem of an incident and the caller's right to change its meeting. */
    public record Pending(ProcessInstance instance, String facilitator) {
    }

    // ---------------------------------------------------------------- from the diagram

    /**
     * A fingerprint of the draft as the attendees would read it ({@code mailOnceFor} of the pre-read): the pre-read
     * goes out again after a move only when this changed.
     */
    public String draftFingerprint(Map<String, Object> variables) {
        PostmortemDocument doc = documents.fromVariables(variables, null).withMeeting(null).withMetrics(null);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.writeValueAsBytes(doc));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException("Cannot fingerprint the draft", e);
        }
    }

    /**
     * A completed {@code Task_ChangeMeeting} as its form left it: the action, the current and the requested start,
     * the meeting's sequence so far, who changed it, why, and why late.
     */
    public record Requested(String action, String meetingStart, Object newMeetingStart, Integer sequence,
                            String changedBy, String reason, String lateReason) {
    }

    /** The meeting after a recorded change: its sequence, its start, and whether it is cancelled. */
    public record Recorded(int sequence, String meetingStart, boolean cancelled) {
    }

    /** Complete listener of Task_ChangeMeeting, after the rules: records the change; returns the new state. */
    public Recorded recordChange(String incidentId, Requested change) {
        String action = change.action();
        String previous = text(change.meetingStart());
        String next = MOVE.equals(action) ? Deadlines.instant(change.newMeetingStart()).toString() : previous;
        int sequence = (change.sequence() == null ? 0 : change.sequence()) + 1;
        jdbc.sql("""
                insert into am_meeting_change (incident_id, sequence_number, action, previous_start, meeting_start,
                    reason, late_reason, changed_by, changed_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(incidentId, sequence, action, previous, next, text(change.reason()),
                        MOVE.equals(action) ? text(change.lateReason()) : null, text(change.changedBy()),
                        clock.instant().atOffset(ZoneOffset.UTC))
                .update();
        return new Recorded(sequence, next, !MOVE.equals(action));
    }

    /** Complete listener of Task_ScheduleMeeting: after a cancellation the new meeting is a new calendar event. */
    public static int roundAfterCancellation(Integer round) {
        return (round == null ? 0 : round) + 1;
    }

    // ---------------------------------------------------------------- from the API

    /**
     * The running lifecycle of the incident, or 404. The API has checked who may see and change the meeting (the
     * incident's visibility, facilitator or admin): the engine's own checks are off for these calls, and the caller
     * stays authenticated, so the history records who changed the meeting.
     */
    public Pending pending(String incidentId) {
        return system.call(() -> findPending(incidentId));
    }

    private Pending findPending(String incidentId) {
        ProcessInstance pi = runtime.createProcessInstanceQuery().processDefinitionKey(PostmortemProcess.KEY)
                .processInstanceBusinessKey(incidentId).active().list().stream().findFirst()
                .orElseThrow(() -> NotFoundException.runningPostmortem(incidentId));
        return new Pending(pi, text(Vars.FACILITATOR.from(runtime, pi.getId())));
    }

    /**
     * Moves or cancels the pending meeting on behalf of {@code userId}: 409 when no meeting is pending (not scheduled
     * yet, or started), 400 naming each bad field; otherwise Task_ChangeMeeting is completed with the change.
     */
    public List<Change> change(Pending pending, String userId, Map<String, Object> body) {
        return system.call(() -> doChange(pending, userId, body));
    }

    private List<Change> doChange(Pending pending, String userId, Map<String, Object> body) {
        String pi = pending.instance().getId();
        Task task = tasks.createTaskQuery().processInstanceId(pi).taskDefinitionKey(Elements.TASK_CHANGE_MEETING)
                .singleResult();
        String currentStart = Vars.MEETING_START.from(runtime, pi);
        if (task == null || currentStart == null || !clock.instant().isBefore(Deadlines.instant(currentStart))) {
            List<String> where = runtime.getActiveActivityIds(pi);
            throw new ConflictException(task == null
                    ? "No meeting is pending: it is not scheduled yet, or it has started or taken place"
                    : "The meeting started at " + currentStart + " and can no longer be moved or cancelled",
                    Map.of("meetingStart", currentStart == null ? "" : currentStart.toString(), "activities", where));
        }
        List<FieldError> errors = new ArrayList<>();
        String actionValue = TextInput.string(body, "action", false, 20, false, errors);
        String action = actionValue == null ? "" : actionValue.toUpperCase(java.util.Locale.ROOT);
        if (errors.isEmpty() && !MOVE.equals(action) && !CANCEL.equals(action)) {
            errors.add(new FieldError("action", "must be MOVE or CANCEL"));
        }
        String reason = TextInput.string(body, "reason", false, 2000, true, errors);
        if (reason == null && errors.stream().noneMatch(e -> e.field().equals("reason"))) {
            errors.add(new FieldError("reason", "is required: say why the meeting is moved or cancelled"));
        }
        String lateReason = TextInput.string(body, "lateReason", false, 2000, true, errors);
        if (body.get("meetingStart") != null && !(body.get("meetingStart") instanceof String)) {
            errors.add(new FieldError("meetingStart", "must be a string (an ISO-8601 instant)"));
        }
        if (MOVE.equals(action) && errors.stream().noneMatch(e -> e.field().equals("meetingStart"))) {
            PostmortemTaskRules.meetingStart("meetingStart", body.get("meetingStart"),
                    Vars.MEETING_DEADLINE.from(runtime, pi), lateReason, clock.instant(), errors);
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("Invalid meeting change", errors);
        }
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put(Vars.MEETING_CHANGE_ACTION.name(), action);
        vars.put(Vars.MEETING_CHANGE_REASON.name(), reason);
        vars.put(Vars.MEETING_CHANGED_BY.name(), userId);
        if (MOVE.equals(action)) {
            vars.put(Vars.NEW_MEETING_START.name(), body.get("meetingStart").toString());
            if (lateReason != null) {
                vars.put(Vars.LATE_REASON.name(), lateReason);
            }
        }
        try {
            tasks.complete(task.getId(), vars);
        } catch (RejectedInputException e) {
            throw new InvalidInputException("Invalid meeting change", e.errors().stream()
                    .map(f -> Vars.NEW_MEETING_START.name().equals(f.field()) ? new FieldError("meetingStart", f.message()) : f)
                    .toList());
        }
        return changes(pending.instance().getBusinessKey());
    }

    public List<Change> changes(String incidentId) {
        return jdbc.sql("select * from am_meeting_change where incident_id = ? order by id").param(incidentId)
                .query((rs, i) -> new Change(rs.getInt("sequence_number"), rs.getString("action"),
                        rs.getString("previous_start"), rs.getString("meeting_start"), rs.getString("reason"),
                        rs.getString("late_reason"), rs.getString("changed_by"),
                        rs.getObject("changed_at", OffsetDateTime.class).toInstant()))
                .list();
    }

    /** The meeting as it stands now: the live start and sequence while the lifecycle runs, and every change. */
    public Map<String, Object> view(String incidentId, Object storedMeeting) {
        return system.call(() -> doView(incidentId, storedMeeting));
    }

    private Map<String, Object> doView(String incidentId, Object storedMeeting) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (storedMeeting instanceof Map<?, ?> stored) {
            stored.forEach((k, v) -> m.put(String.valueOf(k), v));
        }
        runtime.createProcessInstanceQuery().processDefinitionKey(PostmortemProcess.KEY)
                .processInstanceBusinessKey(incidentId).list().stream().findFirst().ifPresent(pi -> {
                    String start = Vars.MEETING_START.from(runtime, pi.getId());
                    if (start != null) {
                        m.put("start", start);
                    }
                    Integer sequence = Vars.MEETING_SEQUENCE.from(runtime, pi.getId());
                    m.put("sequence", sequence == null ? 0 : sequence);
                    m.put("cancelled", Boolean.TRUE.equals(Vars.MEETING_CANCELLED.from(runtime, pi.getId())));
                    m.put("pending", !tasks.createTaskQuery().processInstanceId(pi.getId())
                            .taskDefinitionKey(Elements.TASK_CHANGE_MEETING).list().isEmpty());
                });
        m.put("changes", changes(incidentId));
        return m;
    }

    private static String text(Object value) {
        return value == null || value.toString().isBlank() ? null : value.toString();
    }
}
