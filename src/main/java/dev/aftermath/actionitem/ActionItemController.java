package dev.aftermath.actionitem;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.aftermath.security.CurrentUser;
import dev.aftermath.web.PageResponse;

/** Read the action items; complete one from a ticket tracker or any tool. */
@RestController
@RequestMapping("/api/action-items")
public class ActionItemController {

    private final ActionItemService service;

    public ActionItemController(ActionItemService service) {
        this.service = service;
    }

    @GetMapping
    public PageResponse<ActionItem> list(@RequestParam(required = false) String state,
                                    @RequestParam(required = false) String owner,
                                    @RequestParam(required = false) String incidentId,
                                    @RequestParam(defaultValue = "0") int page,
                                    @RequestParam(defaultValue = "50") int size, HttpServletRequest request) {
        ActionItemRepository.Page result = service.search(CurrentUser.of(request), state, owner, incidentId, page,
                size);
        return new PageResponse<>(result.items(), page, size, result.total());
    }

    @GetMapping("/{incidentId}/AI-{number}")
    public ActionItem get(@PathVariable String incidentId, @PathVariable int number, HttpServletRequest request) {
        return service.get(CurrentUser.of(request), ActionItemProcess.itemId(incidentId, number));
    }

    /**
     * Body {@code {resolution, ticket}}: 200 with the item, 404 unknown (or not visible), 403 not the owner, author,
     * facilitator, a tech lead, a manager or an admin, 409 already ended, 400 no resolution.
     */
    @PostMapping("/{incidentId}/AI-{number}/complete")
    public ResponseEntity<?> complete(@PathVariable String incidentId, @PathVariable int number,
                                      @RequestBody(required = false) Map<String, Object> body,
                                      HttpServletRequest request) {
        CurrentUser user = CurrentUser.of(request);
        ActionItem item = service.get(user, ActionItemProcess.itemId(incidentId, number));
        if (!service.mayComplete(user, item)) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, "User '" + user.id()
                    + "' may not complete " + item.id() + ": only its owner, the post-mortem's author or facilitator, "
                    + "tech-leads, engineering-managers or administrators");
            return ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(problem);
        }
        Object resolution = body == null ? null : body.get("resolution");
        Object ticket = body == null ? null : body.get("ticket");
        return ResponseEntity.ok(service.completeByTool(item.id(),
                resolution == null ? null : resolution.toString(), ticket == null ? null : ticket.toString(),
                user.id()));
    }
}
