package dev.aftermath.postmortem;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import com.fasterxml.jackson.databind.JsonNode;

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

import dev.aftermath.document.PostmortemDocument.TimelineEntry;
import dev.aftermath.security.CurrentUser;
import dev.aftermath.web.Links;

/**
 * {@code POST /api/postmortems/{incidentId}/timeline} {@code {entries: [{at, event, source}]}}: tools and people add
 * timeline entries to a post-mortem until it is published, with the merge rules of {@link TimelineContributions}.
 */
@RestController
@RequestMapping("/api/postmortems")
@Tag(name = "postmortems")
public class TimelineController {

    private final TimelineContributions contributions;
    private final Links links;

    public TimelineController(TimelineContributions contributions, Links links) {
        this.contributions = contributions;
        this.links = links;
    }

    @PostMapping(path = "/{incidentId}/timeline", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "addTimelineEntries", summary = "Add timeline entries to a post-mortem",
            description = "Callers: the incident's participants, `tech-leads` and administrators (others 403; 404 "
                    + "when the caller may not see the incident). Merges the entries into the draft's timeline "
                    + "(duplicates are dropped, the order is by time); before the draft exists they wait and join "
                    + "it. 409 once the post-mortem is published or when none is under way.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = TimelineContribution.class))),
            responses = {
                    @ApiResponse(responseCode = "201", description = "The merged timeline",
                            content = @Content(schema = @Schema(implementation = TimelineAnswer.class))),
                    @ApiResponse(responseCode = "400", description = "No entries, or a bad entry: `errors` names "
                            + "each (`entries[2].at`)"),
                    @ApiResponse(responseCode = "403", description = "Not a participant, tech lead or admin"),
                    @ApiResponse(responseCode = "404", description = "No such incident, or not visible"),
                    @ApiResponse(responseCode = "409", description = "Published, or no post-mortem under way")})
    public ResponseEntity<?> add(@PathVariable String incidentId, @RequestBody JsonNode body,
                                 HttpServletRequest request) {
        CurrentUser user = CurrentUser.of(request);
        List<TimelineEntry> timeline;
        try {
            timeline = contributions.contributeByApi(user, incidentId, body);
        } catch (TimelineContributions.NotAllowedException e) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage());
            return ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(problem);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("incidentId", incidentId);
        result.put("timeline", timeline);
        result.put("links", Map.of("postmortem", links.postmortem(incidentId)));
        return ResponseEntity.created(URI.create(links.postmortem(incidentId))).body(result);
    }

    /** The body of a contribution, for the OpenAPI document (read as JSON by {@link TimelineContributions}). */
    @Schema(description = "Timeline entries to add")
    record TimelineContribution(
            @ArraySchema(minItems = 1, arraySchema = @Schema(requiredMode =
                    Schema.RequiredMode.REQUIRED)) List<TimelineLine> entries) {
    }

    /** One entry of the timeline. */
    @Schema(description = "One line of the timeline")
    record TimelineLine(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, format = "date-time", description = "When it "
                    + "happened (ISO-8601, UTC), between the incident's start and its resolution",
                    example = "2026-11-20T13:20:00Z") String at,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 2000,
                    example = "Rolled back release 4.12") String event,
            @Schema(maxLength = 200, example = "deploy-bot") String source,
            @Schema(maxLength = 200, description = "Who added it (in answers)", example = "sam") String actor) {
    }

    /** The answer: the merged timeline. */
    @Schema(description = "The post-mortem's timeline after the merge")
    record TimelineAnswer(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "INC-2041") String incidentId,
                          @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<TimelineLine> timeline,
                          @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Map<String, String> links) {
    }
}
