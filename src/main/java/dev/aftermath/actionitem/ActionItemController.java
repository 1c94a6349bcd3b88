package dev.aftermath.actionitem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
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
@Tag(name = "action-items")
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
    @Operation(operationId = "listActionItems", summary = "List action items",
            description = "Callers: any logged-in user; items of restricted incidents only for those who may see "
                    + "them. Changes nothing.",
            responses = @ApiResponse(responseCode = "200", description = "One page of items",
                    content = @Content(schema = @Schema(implementation = ActionItemPage.class))))
    public PageResponse<ActionItem> list(@Parameter(description = "OPEN, OVERDUE, DONE or DROPPED",
                                                 schema = @Schema(allowableValues = {"OPEN", "OVERDUE", "DONE",
                                                         "DROPPED"}))
                                         @RequestParam(required = false) String state,
                                         @Parameter(description = "Owner's user id", schema = @Schema(maxLength = 200))
                                         @RequestParam(required = false) String owner,
                                         @Parameter(description = "The incident", schema = @Schema(maxLength = 200))
                                         @RequestParam(required = false) String incidentId,
                                         @Parameter(description = "Page, from 0",
                                                 schema = @Schema(type = "integer", format = "int32", minimum = "0",
                                                 maximum = "10000", defaultValue = "0"))
                                         @RequestParam(defaultValue = "0") int page,
                                         @Parameter(description = "Page size",
                                                 schema = @Schema(type = "integer", format = "int32", minimum = "1",
                                                 maximum = "200", defaultValue = "50"))
                                         @RequestParam(defaultValue = "50") int size, HttpServletRequest request) {
        ActionItemRepository.Page result = queries.search(CurrentUser.of(request), state, owner, incidentId, page,
                size);
        return new PageResponse<>(result.items(), page, size, result.total());
    }

    @GetMapping("/{incidentId}/AI-{number}")
    @Operation(operationId = "getActionItem", summary = "Read one action item",
            description = "Callers: any logged-in user who may see the incident (404 otherwise, like an unknown "
                    + "item). Changes nothing.")
    public ActionItem get(@PathVariable String incidentId, @PathVariable int number, HttpServletRequest request) {
        return queries.get(CurrentUser.of(request), ActionItemProcess.itemId(incidentId, number));
    }

    /**
     * Body {@code {resolution, ticket}}: 200 with the item, 404 unknown (or not visible), 403 not the owner, author,
     * facilitator, a tech lead, a manager or an admin, 409 already ended, 400 no resolution.
     */
    @PostMapping("/{incidentId}/AI-{number}/complete")
    @Operation(operationId = "completeActionItem", summary = "Complete an open action item from a tool",
            description = "Callers: the item's owner, the post-mortem's author or facilitator, `tech-leads`, "
                    + "`engineering-managers` or administrators (others 403). Ends the item DONE with the resolution "
                    + "(and ticket): its task and the escalation ladder end, no later reminder is sent.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content =
            @Content(mediaType = "application/json", schema = @Schema(implementation = CompletionRequest.class))),
            responses = {
                    @ApiResponse(responseCode = "200", description = "The item, now DONE",
                            content = @Content(schema = @Schema(implementation = ActionItem.class))),
                    @ApiResponse(responseCode = "400", description = "No resolution, an unknown field or a "
                            + "non-string value: `errors` names each"),
                    @ApiResponse(responseCode = "403", description = "The caller may not complete this item"),
                    @ApiResponse(responseCode = "404", description = "No such item, or not visible to the caller"),
                    @ApiResponse(responseCode = "409", description = "The item has ended already (`state` names "
                            + "its state)")})
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
    @Operation(operationId = "changeActionItemOwner", summary = "Hand an open action item over to another user",
            description = "Callers: the item's owner, `tech-leads`, `engineering-managers` or administrators "
                    + "(others 403). The owner's task moves to the new owner, who is mailed; the escalation ladder "
                    + "keeps its place; the history records who, when and why.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content =
            @Content(mediaType = "application/json", schema = @Schema(implementation = OwnerChangeRequest.class))),
            responses = {
                    @ApiResponse(responseCode = "200", description = "The item with its new owner",
                            content = @Content(schema = @Schema(implementation = ActionItem.class))),
                    @ApiResponse(responseCode = "400", description = "Not a single known user, or no rationale"),
                    @ApiResponse(responseCode = "403", description = "The caller may not hand this item over"),
                    @ApiResponse(responseCode = "404", description = "No such item, or not visible to the caller"),
                    @ApiResponse(responseCode = "409", description = "The item has ended already")})
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
    @Schema(description = "How an action item was done")
    record CompletionRequest(
            @Schema(description = "What was done (multi-line)", requiredMode = Schema.RequiredMode.REQUIRED,
                    maxLength = 4000, example = "Alert on checkout 5xx shipped") String resolution,
            @Schema(description = "URL of the ticket that tracked the work (one line)", maxLength = 2000,
                    example = "https://tickets.example.com/OPS-9") String ticket) {
    }

    /** One page of action items (for the OpenAPI document: generics have no name there). */
    @Schema(description = "One page of action items")
    record ActionItemPage(List<ActionItem> items, @Schema(example = "0") int page, @Schema(example = "50") int size,
                          @Schema(example = "1") long total) {
    }

    /** The body of an owner change. */
    @Schema(description = "Who takes an action item over, and why")
    record OwnerChangeRequest(
            @Schema(description = "User id of the new owner (a single known user)",
                    requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 100, example = "sam") String owner,
            @Schema(description = "Why the item changes hands (multi-line)",
                    requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 4000,
                    example = "Sam owns the checkout alerts now") String rationale) {
    }
}
