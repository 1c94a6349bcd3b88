package dev.aftermath.actionitem;

import java.util.ArrayList;
import java.util.List;
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

import dev.aftermath.processapi.ActionItemProcess;
import dev.aftermath.security.CurrentUser;
import dev.aftermath.security.IncidentAccess;
import dev.aftermath.web.FieldError;
import dev.aftermath.web.InputLimits;
import dev.aftermath.web.InvalidInputException;
import dev.aftermath.web.NotFoundException;
import dev.aftermath.web.PageResponse;

/** Read the action items; complete one from a ticket tracker or any tool. */
@RestController
@RequestMapping("/api/action-items")
public class ActionItemController {

    private final ActionItemQueries queries;
    private final ExternalChanges changes;
    private final OwnerChange ownerChange;
    private final IncidentAccess access;

    public ActionItemController(ActionItemQueries queries, ExternalChanges changes, OwnerChange ownerChange,
                                IncidentAccess access) {
        this.queries = queries;
        this.changes = changes;
        this.ownerChange = ownerChange;
        this.access = access;
    }

    @GetMapping
    public PageResponse<ActionItem> list(@RequestParam(required = false) String state,
                                    @RequestParam(required = false) String owner,
                                    @RequestParam(required = false) String incidentId,
                                    @RequestParam(defaultValue = "0") int page,
                                    @RequestParam(defaultValue = "50") int size, HttpServletRequest request) {
        ActionItemRepository.Page result = queries.search(CurrentUser.of(request), state, owner, incidentId, page,
                size);
        return new PageResponse<>(result.items(), page, size, result.total());
    }

    @GetMapping("/{incidentId}/AI-{number}")
    public ActionItem get(@PathVariable String incidentId, @PathVariable int number, HttpServletRequest request) {
        return queries.get(CurrentUser.of(request), ActionItemProcess.itemId(incidentId, number));
    }

    /**
     * Body {@code {resolution, ticket}}: 200 with the item, 404 unknown (or not visible), 403 not the owner, author,
     * facilitator, a tech lead, a manager or an admin, 409 already ended, 400 no resolution.
     */
    @PostMapping("/{incidentId}/AI-{number}/complete")
    @io.swagger.v3.oas.annotations.Operation(summary = "Complete an open action item from a tool",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content =
            @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/json",
                    schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = CompletionRequest.class))))
    public ResponseEntity<?> complete(@PathVariable String incidentId, @PathVariable int number,
                                      @RequestBody(required = false) Map<String, Object> body,
                                      HttpServletRequest request) {
        CurrentUser user = CurrentUser.of(request);
        ActionItem item = queries.get(user, ActionItemProcess.itemId(incidentId, number));
        if (!queries.mayComplete(user, item)) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, "User '" + user.id()
                    + "' may not complete " + item.id() + ": only its owner, the post-mortem's author or facilitator, "
                    + "tech-leads, engineering-managers or administrators");
            return ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(problem);
        }
        Object resolution = body == null ? null : body.get("resolution");
        Object ticket = body == null ? null : body.get("ticket");
        List<FieldError> errors = new ArrayList<>();
        for (Map.Entry<String, Object> field : body == null ? List.<Map.Entry<String, Object>>of()
                : body.entrySet()) {
            if (field.getValue() != null && !(field.getValue() instanceof String)) {
                errors.add(new FieldError(InputLimits.fieldName(field.getKey()), "must be a string"));
            } else if (!List.of("resolution", "ticket").contains(field.getKey())) {
                errors.add(new FieldError(InputLimits.fieldName(field.getKey()),
                        "is not a field of a completion (resolution, ticket)"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("Invalid completion", errors);
        }
        return ResponseEntity.ok(changes.completeByTool(item.id(), (String) resolution, (String) ticket,
                user.id()));
    }

    /**
     * Body {@code {owner, rationale}}: hands the item over to another single known user; the owner's task moves, the
     * new owner is mailed, the ladder keeps its place. 200 with the item; 400 bad owner or no rationale; 403 neither
     * the item's owner nor a tech lead, engineering manager or administrator; 404 unknown (or not visible); 409 ended.
     */
    @PostMapping("/{incidentId}/AI-{number}/owner")
    @io.swagger.v3.oas.annotations.Operation(summary = "Hand an open action item over to another user",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content =
            @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/json",
                    schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = OwnerChangeRequest.class))))
    public ActionItem changeOwner(@PathVariable String incidentId, @PathVariable int number,
                                  @RequestBody(required = false) Map<String, Object> body, HttpServletRequest request) {
        CurrentUser user = CurrentUser.of(request);
        String id = ActionItemProcess.itemId(incidentId, number);
        if (!access.canSee(user, incidentId)) {
            throw NotFoundException.actionItem(id);
        }
        ActionItem item = queries.get(id);
        if (!ownerChange.mayChangeOwner(user, item)) {
            throw new org.springframework.web.server.ResponseStatusException(org.springframework.http.HttpStatus.FORBIDDEN,
                    "Only the item's owner, tech leads, engineering managers and administrators hand an item over");
        }
        List<FieldError> types = new ArrayList<>();
        for (String field : List.of("owner", "rationale")) {
            if (body != null && body.get(field) != null && !(body.get(field) instanceof String)) {
                types.add(new FieldError(field, "must be a string"));
            }
        }
        if (!types.isEmpty()) {
            throw new InvalidInputException("Invalid owner change", types);
        }
        return ownerChange.request(id, body == null ? null : (String) body.get("owner"),
                body == null ? null : (String) body.get("rationale"), user.id(), null);
    }

    /** The body of a completion (described in the OpenAPI document; read leniently as a map). */
    record CompletionRequest(
            @io.swagger.v3.oas.annotations.media.Schema(description = "What was done", requiredMode =
                    io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED) String resolution,
            @io.swagger.v3.oas.annotations.media.Schema(description = "URL of the ticket that tracked the work")
            String ticket) {
    }

    /** The body of an owner change. */
    record OwnerChangeRequest(
            @io.swagger.v3.oas.annotations.media.Schema(description = "User id of the new owner (a single known user)",
                    requiredMode = io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED) String owner,
            @io.swagger.v3.oas.annotations.media.Schema(description = "Why the item changes hands",
                    requiredMode = io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED) String rationale) {
    }
}
