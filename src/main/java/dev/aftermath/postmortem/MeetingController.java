package dev.aftermath.postmortem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.aftermath.security.CurrentUser;
import dev.aftermath.security.IncidentAccess;
import dev.aftermath.web.FieldError;
import dev.aftermath.web.InvalidInputException;
import dev.aftermath.web.NotFoundException;

/**
 * {@code POST /api/postmortems/{incidentId}/meeting} {@code {action: MOVE|CANCEL, meetingStart, reason, lateReason}}:
 * the facilitator (or an admin) moves or cancels the pending review meeting. 404 for an unknown or invisible incident,
 * 403 for anyone else, 409 when no meeting is pending, 400 naming each bad field.
 */
@RestController
@RequestMapping("/api/postmortems")
public class MeetingController {

    private final MeetingService meetings;
    private final IncidentAccess access;

    public MeetingController(MeetingService meetings, IncidentAccess access) {
        this.meetings = meetings;
        this.access = access;
    }

    @PostMapping("/{incidentId}/meeting")
    public ResponseEntity<?> change(@PathVariable String incidentId,
                                    @RequestBody(required = false) Map<String, Object> body,
                                    HttpServletRequest request) {
        CurrentUser user = CurrentUser.of(request);
        if (!access.canSee(user, incidentId)) {
            throw NotFoundException.runningPostmortem(incidentId); // as for an unknown id
        }
        MeetingService.Pending pending = meetings.pending(incidentId);
        if (!user.id().equals(pending.facilitator()) && !user.inAnyGroup(IncidentAccess.ADMIN_GROUP)) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, "User '" + user.id()
                    + "' is not the facilitator of " + incidentId + "; only the facilitator or an admin can move or"
                    + " cancel its meeting");
            problem.setTitle("Forbidden");
            return ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(problem);
        }
        if (body == null) {
            throw new InvalidInputException("Invalid meeting change",
                    List.of(new FieldError("body", "is required: {action, meetingStart, reason, lateReason}")));
        }
        meetings.change(pending, user.id(), body);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("incidentId", incidentId);
        answer.put("meeting", meetings.view(incidentId, null));
        return ResponseEntity.ok(answer);
    }
}
