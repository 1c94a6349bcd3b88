package dev.aftermath.postmortem;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import com.fasterxml.jackson.databind.JsonNode;

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
public class TimelineController {

    private final TimelineContributions contributions;
    private final Links links;

    public TimelineController(TimelineContributions contributions, Links links) {
        this.contributions = contributions;
        this.links = links;
    }

    @PostMapping(path = "/{incidentId}/timeline", consumes = MediaType.APPLICATION_JSON_VALUE)
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
}
