package dev.aftermath.postmortem;

import java.util.List;


import jakarta.servlet.http.HttpServletRequest;

import com.fasterxml.jackson.databind.JsonNode;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.aftermath.security.CurrentUser;

/**
 * {@code GET /api/postmortems/{incidentId}/timeline-candidates} and {@code POST …/{candidateId}}
 * {@code {decision: accept|drop}}: the entries imported from the incident's channel and PagerDuty, reviewed with the
 * access rules of the contribution API ({@link TimelineCandidates}).
 */
@RestController
@RequestMapping("/api/postmortems")
@Tag(name = "postmortems")
public class TimelineCandidateController {

    private final TimelineCandidates candidates;

    public TimelineCandidateController(TimelineCandidates candidates) {
        this.candidates = candidates;
    }

    @GetMapping("/{incidentId}/timeline-candidates")
    @Operation(operationId = "listTimelineCandidates", summary = "Timeline candidates of a post-mortem",
            description = "The entries imported from the incident's chat channel and its PagerDuty log when the "
                    + "draft was generated, with their status (PROPOSED, ACCEPTED, DROPPED), and how each source's "
                    + "last import went (`imports`: OK, or FAILED with the error; a failed import is retried). "
                    + "Callers: the incident's participants, `tech-leads` and administrators (others 403; 404 when "
                    + "the caller may not see the incident).",
            responses = {
                    @ApiResponse(responseCode = "200", description = "The candidates",
                            content = @Content(schema = @Schema(implementation = CandidateList.class))),
                    @ApiResponse(responseCode = "403", description = "Not a participant, tech lead or admin"),
                    @ApiResponse(responseCode = "404", description = "No such incident, or not visible")})
    public ResponseEntity<?> list(@PathVariable String incidentId, HttpServletRequest request) {
        try {
            return ResponseEntity.ok(candidates.list(CurrentUser.of(request), incidentId));
        } catch (TimelineContributions.NotAllowedException e) {
            return forbidden(e);
        }
    }

    @PostMapping(path = "/{incidentId}/timeline-candidates/{candidateId}",
            consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "decideTimelineCandidate", summary = "Accept or drop a timeline candidate",
            description = "`accept` merges the candidate into the draft's timeline with its actor and source (in time "
                    + "order; an entry equal to a line already there is not added twice); `drop` keeps it out for "
                    + "good. Callers as for the list. 409 when the candidate was decided already, once the "
                    + "post-mortem is published or when none is under way.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = Decision.class))),
            responses = {
                    @ApiResponse(responseCode = "200", description = "The candidate after the decision",
                            content = @Content(schema = @Schema(implementation = CandidateView.class))),
                    @ApiResponse(responseCode = "400", description = "`decision` is not accept or drop"),
                    @ApiResponse(responseCode = "403", description = "Not a participant, tech lead or admin"),
                    @ApiResponse(responseCode = "404", description = "No such incident or candidate, or not visible"),
                    @ApiResponse(responseCode = "409", description = "Decided already, published, or no "
                            + "post-mortem under way")})
    public ResponseEntity<?> decide(@PathVariable String incidentId, @PathVariable String candidateId,
                                    @RequestBody JsonNode body, HttpServletRequest request) {
        try {
            return ResponseEntity.ok(candidates.decideByApi(CurrentUser.of(request), incidentId, candidateId, body));
        } catch (TimelineContributions.NotAllowedException e) {
            return forbidden(e);
        }
    }

    private static ResponseEntity<?> forbidden(RuntimeException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage());
        return ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /** The body of a decision. */
    @Schema(description = "The author's decision on a candidate")
    record Decision(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"accept", "drop"})
                    String decision) {
    }

    /** One candidate. */
    @Schema(description = "A timeline candidate")
    record CandidateView(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "17") String id,
                         @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "slack") String source,
                         @Schema(requiredMode = Schema.RequiredMode.REQUIRED, format = "date-time") String at,
                         @Schema(description = "Directory user, or the source's name for the person",
                                 example = "priya") String actor,
                         @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String text,
                         @Schema(description = "Message permalink or log entry URL") String link,
                         boolean pinned,
                         @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                                 allowableValues = {"PROPOSED", "ACCEPTED", "DROPPED"}) String status) {
    }

    /** How a source's last import went. */
    @Schema(description = "A source's last import")
    record ImportView(String source, @Schema(allowableValues = {"OK", "FAILED"}) String status, int candidates,
                      int attempts, String error, @Schema(format = "date-time") String updatedAt) {
    }

    /** The list answer. */
    @Schema(description = "The candidates of a post-mortem")
    record CandidateList(String incidentId, List<CandidateView> candidates, List<ImportView> imports) {
    }

}
