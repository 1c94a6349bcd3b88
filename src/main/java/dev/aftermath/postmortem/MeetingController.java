package dev.aftermath.postmortem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

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
@Tag(name = "postmortems")
public class MeetingController {

    private final MeetingService meetings;
    private final IncidentAccess access;

    public MeetingController(MeetingService meetings, IncidentAccess access) {
        this.meetings = meetings;
        this.access = access;
    }

    @PostMapping("/{incidentId}/meeting")
    @Operation(operationId = "changeMeeting", summary = "Move or cancel the pending review meeting",
            description = "Callers: the post-mortem's facilitator or an administrator (others 403; 404 when the "
                    + "caller may not see the incident). MOVE sets a new start (within the meeting window, or with a "
                    + "lateReason when after the meeting deadline); CANCEL cancels it. Attendees are mailed, the "
                    + "change is recorded. 409 when no meeting is pending (not scheduled yet, or started).",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = MeetingChange.class))),
            responses = {
                    @ApiResponse(responseCode = "200", description = "The meeting after the change",
                            content = @Content(schema = @Schema(implementation = MeetingChangeAnswer.class))),
                    @ApiResponse(responseCode = "400", description = "No body, a bad action, no reason or a start "
                            + "outside the window: `errors` names each"),
                    @ApiResponse(responseCode = "403", description = "Not the facilitator or an administrator"),
                    @ApiResponse(responseCode = "404", description = "No running post-mortem, or not visible"),
                    @ApiResponse(responseCode = "409", description = "No meeting is pending (`meetingStart`, "
                            + "`activities` say where the post-mortem is)")})
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

    /** The body of a meeting change, for the OpenAPI document (read leniently as a map by {@link MeetingService}). */
    @Schema(description = "A change of the pending review meeting")
    record MeetingChange(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"MOVE", "CANCEL"},
                    example = "MOVE") String action,
            @Schema(format = "date-time", description = "MOVE only (required then): the new start, an ISO-8601 "
                    + "instant with offset", example = "2026-11-27T10:00:00Z") String meetingStart,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 2000,
                    example = "The facilitator is ill") String reason,
            @Schema(maxLength = 2000, description = "Why the meeting takes place after its deadline (required then)")
            String lateReason) {
    }

    /** The answer to a meeting change. */
    @Schema(description = "The meeting after a change")
    record MeetingChangeAnswer(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "INC-2041") String incidentId,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "start, sequence, cancelled, "
                    + "pending and the list of changes", additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
            Map<String, Object> meeting) {
    }
}
