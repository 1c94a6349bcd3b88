package dev.aftermath.actionitem;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Service;
import org.springframework.web.util.UriComponentsBuilder;

import dev.aftermath.directory.Groups;
import dev.aftermath.incident.Incident;
import dev.aftermath.incident.IncidentRepository;
import dev.aftermath.processapi.ActionItemProcess;
import dev.aftermath.security.CurrentUser;
import dev.aftermath.security.IncidentAccess;
import dev.aftermath.web.FieldError;
import dev.aftermath.web.InputLimits;
import dev.aftermath.web.InvalidInputException;
import dev.aftermath.web.Links;
import dev.aftermath.web.NotFoundException;
import dev.aftermath.web.PageResponse;
import dev.aftermath.web.QueryParams;

/** What the API, the list and the detail read of the action items, and who may do what with one. */
@Service
public class ActionItemQueries {

    private final ActionItemRepository items;
    private final IncidentRepository incidents;
    private final IncidentAccess access;
    private final Links links;
    private final RuntimeService runtimeService;
    private final TaskService taskService;

    public ActionItemQueries(ActionItemRepository items, IncidentRepository incidents, IncidentAccess access,
                             Links links, @Lazy RuntimeService runtimeService, @Lazy TaskService taskService) {
        this.items = items;
        this.incidents = incidents;
        this.access = access;
        this.links = links;
        this.runtimeService = runtimeService;
        this.taskService = taskService;
    }

    public ActionItem get(String id) {
        return items.find(id).orElseThrow(() -> NotFoundException.actionItem(id));
    }

    /** The item, or 404 also when its incident is restricted and the user may not see it. */
    public ActionItem get(CurrentUser user, String id) {
        ActionItem item = get(id);
        if (!access.canSee(user, item.incidentId())) {
            throw NotFoundException.actionItem(id);
        }
        return item;
    }

    public Optional<ActionItem> findByTicketKey(String key) {
        return items.findByTicketKey(key);
    }

    /**
     * Who may complete an item through the API: its owner, the post-mortem's author or facilitator, the tech leads,
     * the engineering managers and administrators.
     */
    public boolean mayComplete(CurrentUser user, ActionItem item) {
        if (user.id().equals(item.owner()) || user.inAnyGroup(Groups.TECH_LEADS, Groups.ENGINEERING_MANAGERS,
                Groups.CAMUNDA_ADMIN)) {
            return true;
        }
        Incident incident = incidents.find(item.incidentId()).orElse(null);
        return incident != null && (user.id().equals(incident.author()) || user.id().equals(incident.facilitator()));
    }

    /** Only the items of incidents the user may see. */
    public ActionItemRepository.Page search(CurrentUser user, String state, String owner, String incidentId, int page,
                                            int size) {
        return search(state, owner, incidentId, page, size, access.visibleTo(user, "incident_id"));
    }

    public ActionItemRepository.Page search(String state, String owner, String incidentId, int page, int size) {
        return search(state, owner, incidentId, page, size, new IncidentAccess.SqlFilter("1 = 1", List.of()));
    }

    private ActionItemRepository.Page search(String state, String owner, String incidentId, int page, int size,
                                             IncidentAccess.SqlFilter visible) {
        List<FieldError> errors = new ArrayList<>();
        ActionItemState s = null;
        if (state != null && !state.isBlank()) {
            try {
                s = ActionItemState.valueOf(state.trim().toUpperCase());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("state", "must be OPEN, OVERDUE, DONE or DROPPED"));
            }
        }
        PageResponse.check(page, size, errors);
        QueryParams.text("owner", owner, errors);
        QueryParams.text("incidentId", incidentId, errors);
        if (state != null && state.length() > InputLimits.QUERY_TEXT) {
            errors.removeIf(e -> e.field().equals("state"));
            errors.add(new FieldError("state", "must be OPEN, OVERDUE, DONE or DROPPED"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("Invalid query", errors);
        }
        return items.search(s, blankToNull(owner), blankToNull(incidentId), page, size, visible);
    }

    /** The item in the API: {@code <base>/api/action-items/<incidentId, encoded>/AI-<n>}. */
    public String itemLink(String id) {
        int separator = id.lastIndexOf(ActionItemProcess.ID_SEPARATOR);
        return UriComponentsBuilder.fromUriString(links.base()).path("/api/action-items/{incidentId}").encode()
                .buildAndExpand(id.substring(0, separator)).toUriString() + id.substring(separator);
    }

    /**
     * Whether the item's instance waits for this message now. Checked before correlating: a failed correlation
     * would mark a surrounding transaction (the Jira webhook's) for rollback.
     */
    public boolean waitsFor(ActionItem item, String message) {
        return item.processInstanceId() != null && runtimeService.createEventSubscriptionQuery()
                .processInstanceId(item.processInstanceId()).eventType("message").eventName(message).count() > 0;
    }

    /** The open completion task of an item's instance (its owner's task), or {@code null}. */
    public String completionTaskId(String processInstanceId) {
        Task task = taskService.createTaskQuery().processInstanceId(processInstanceId)
                .taskDefinitionKey(ActionItemProcess.Elements.TASK_COMPLETE).singleResult();
        return task == null ? null : task.getId();
    }

    /** Where the owner completes the item: the completion task, else the task list. */
    public String taskLink(String completionTaskId) {
        return completionTaskId == null ? links.tasklist() : links.task(completionTaskId);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
