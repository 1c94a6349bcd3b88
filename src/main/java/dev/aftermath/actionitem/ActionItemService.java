package dev.aftermath.actionitem;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.task.Task;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Service;

import dev.aftermath.actionitem.ActionItem.HistoryEntry;
import dev.aftermath.actionitem.ActionItemProcess.Decision;
import dev.aftermath.actionitem.ActionItemProcess.Elements;
import dev.aftermath.actionitem.ActionItemProcess.Vars;
import dev.aftermath.calendar.Deadlines;
import dev.aftermath.directory.UserDirectory;
import dev.aftermath.incident.Incident;
import dev.aftermath.incident.IncidentRepository;
import dev.aftermath.process.JsonVariables;
import dev.aftermath.process.SystemCalls;
import dev.aftermath.security.CurrentUser;
import dev.aftermath.security.IncidentAccess;
import dev.aftermath.web.ConflictException;
import dev.aftermath.web.FieldError;
import dev.aftermath.web.InvalidInputException;
import dev.aftermath.web.PageResponse;
import dev.aftermath.web.Links;
import dev.aftermath.web.NotFoundException;

/**
 * Action items through their life: registered when their instance starts, moved by the ladder steps of
 * {@code action-item.bpmn} (which set state and escalation level), rescheduled, completed or dropped. Every change is
 * written to {@code am_action_item} with a history entry.
 */
@Service
public class ActionItemService {

    /** The {@code by} of history entries the ladder writes by itself. */
    public static final String SYSTEM = "aftermath";

    private final ActionItemRepository items;
    private final IncidentRepository incidents;
    private final JsonVariables json;
    private final Deadlines deadlines;
    private final Links links;
    private final UserDirectory directory;
    private final IdentityService identityService;
    private final TaskService taskService;
    private final RuntimeService runtimeService;
    private final SystemCalls system;
    private final IncidentAccess access;

    public ActionItemService(ActionItemRepository items, IncidentRepository incidents, JsonVariables json,
                             Deadlines deadlines, Links links, UserDirectory directory,
                             @Lazy IdentityService identityService, @Lazy TaskService taskService,
                             @Lazy RuntimeService runtimeService, SystemCalls system, IncidentAccess access) {
        this.access = access;
        this.items = items;
        this.incidents = incidents;
        this.json = json;
        this.deadlines = deadlines;
        this.links = links;
        this.directory = directory;
        this.identityService = identityService;
        this.taskService = taskService;
        this.runtimeService = runtimeService;
        this.system = system;
    }

    // ------------------------------------------------------------------ process steps

    /** {@code Register_ActionItem}: stores the item as OPEN and sets the variables the ladder and the forms use. */
    public void register(DelegateExecution execution) {
        String id = execution.getProcessBusinessKey();
        int separator = id == null ? -1 : id.lastIndexOf(ActionItemProcess.ID_SEPARATOR);
        if (separator <= 0) {
            throw new IllegalStateException("An action item's business key is <incidentId>/AI-<n>, not '" + id + "'");
        }
        String incidentId = string(execution.getVariable(Vars.INCIDENT_ID));
        if (incidentId == null) {
            incidentId = id.substring(0, separator);
        }
        Object numberVar = execution.getVariable(Vars.ITEM_NUMBER);
        int number = numberVar instanceof Number n ? n.intValue()
                : Integer.parseInt(id.substring(separator + ActionItemProcess.ID_SEPARATOR.length()));
        JsonNode item = json.read(execution.getVariable(Vars.ACTION_ITEM));
        String title = field(item, execution, Vars.TITLE);
        String owner = field(item, execution, Vars.OWNER);
        String due = field(item, execution, Vars.DUE_DATE);
        String priority = field(item, execution, Vars.PRIORITY);
        if (title == null || owner == null || due == null) {
            throw new IllegalStateException("Action item " + id + " needs a title, an owner and a due date: " + item);
        }
        LocalDate dueDate = LocalDate.parse(due.length() > 10 ? due.substring(0, 10) : due);
        Incident incident = incidents.find(incidentId).orElse(null);
        items.insert(id, incidentId, number, title, owner, priority == null ? null : priority.toUpperCase(), dueDate,
                execution.getProcessInstanceId(), entry("CREATED", actor(null),
                        "Owner " + owner + ", due " + dueDate + (priority == null ? "" : ", priority " + priority)));
        // the owner takes part in the incident (and sees it when it is restricted)
        access.addParticipant(incidentId, IncidentAccess.OWNER, owner);
        execution.setVariable(Vars.ACTION_ITEM_ID, id);
        execution.setVariable(Vars.INCIDENT_ID, incidentId);
        execution.setVariable(Vars.ITEM_NUMBER, number);
        execution.setVariable(Vars.TITLE, title);
        execution.setVariable(Vars.OWNER, owner);
        execution.setVariable(Vars.PRIORITY, priority == null ? null : priority.toUpperCase());
        setDueDate(execution, dueDate);
        execution.setVariable(Vars.STATE, ActionItemState.OPEN.name());
        execution.setVariable(Vars.ESCALATION_LEVEL, 0);
        execution.setVariable(Vars.DAYS_OVERDUE, 0L);
        execution.setVariable(Vars.ITEM_LINK, itemLink(id));
        if (execution.getVariable(Vars.AUTHOR) == null) {
            execution.setVariable(Vars.AUTHOR, incident == null || incident.author() == null ? "" : incident.author());
        }
        if (execution.getVariable(Vars.FACILITATOR) == null) {
            execution.setVariable(Vars.FACILITATOR,
                    incident == null || incident.facilitator() == null ? "" : incident.facilitator());
        }
    }

    /**
     * A ladder step ({@code Record_*}): its input parameters {@code ladderAction}, {@code ladderState} and
     * {@code ladderLevel}, written in the diagram, say what it sets.
     */
    public void ladderStep(DelegateExecution execution) {
        String id = execution.getProcessBusinessKey();
        String action = string(execution.getVariableLocal(Vars.LADDER_ACTION));
        String stateName = string(execution.getVariableLocal(Vars.LADDER_STATE));
        String levelValue = string(execution.getVariableLocal(Vars.LADDER_LEVEL));
        ActionItemState state = stateName == null ? null : ActionItemState.valueOf(stateName);
        Integer level = levelValue == null ? null : Integer.valueOf(levelValue);
        Instant dueAt = Deadlines.instant(execution.getVariable(Vars.DUE_AT));
        long daysOverdue = Math.max(0, Duration.between(dueAt, Instant.now()).toDays());
        String note = switch (action == null ? "" : action) {
            case "REMINDED" -> "Reminder: due " + execution.getVariable(Vars.DUE_DATE);
            case "OVERDUE" -> "Due date " + execution.getVariable(Vars.DUE_DATE) + " passed";
            default -> "Escalation level " + level + (daysOverdue > 0 ? ", " + daysOverdue + " days overdue" : "");
        };
        items.step(id, state, level, entry(action, SYSTEM, note));
        if (state != null) {
            execution.setVariable(Vars.STATE, state.name());
        }
        if (level != null) {
            execution.setVariable(Vars.ESCALATION_LEVEL, level);
        }
        execution.setVariable(Vars.DAYS_OVERDUE, daysOverdue);
        Task completion = taskService.createTaskQuery().processInstanceId(execution.getProcessInstanceId())
                .taskDefinitionKey(Elements.TASK_COMPLETE).singleResult();
        execution.setVariable(Vars.TASK_LINK, completion == null ? links.tasklist() : links.task(completion.getId()));
    }

    /** {@code Complete_ActionItem} and {@code Complete_ByTool}: the item ends DONE. */
    public void complete(DelegateExecution execution) {
        String resolution = string(execution.getVariable(Vars.RESOLUTION));
        String ticket = string(execution.getVariable(Vars.TICKET));
        String by = string(execution.getVariable(Vars.COMPLETED_BY));
        String action = "COMPLETED";
        if (Elements.COMPLETED_BY_TOOL.equals(execution.getCurrentActivityId())) {
            action = "COMPLETED_BY_TOOL";
        } else if (Decision.COMPLETE.name().equals(execution.getVariable(Vars.DECISION))) {
            action = "COMPLETED_BY_DECISION";
            String rationale = string(execution.getVariable(Vars.RATIONALE));
            if (resolution == null) {
                resolution = rationale != null ? rationale : "Marked complete in the overdue decision";
            }
        }
        items.end(execution.getProcessBusinessKey(), ActionItemState.DONE, resolution, ticket, null,
                entry(action, by == null ? actor(null) : by, resolution));
        execution.setVariable(Vars.STATE, ActionItemState.DONE.name());
    }

    /** {@code Reschedule_ActionItem}: a new due date from the tech leads or the managers; the ladder starts again. */
    public void reschedule(DelegateExecution execution) {
        LocalDate newDueDate = LocalDate.parse(string(execution.getVariable(Vars.NEW_DUE_DATE)));
        boolean decided = Decision.REPRIORITIZE.name().equals(execution.getVariable(Vars.DECISION));
        String why = string(execution.getVariable(decided ? Vars.RATIONALE : Vars.FOLLOW_UP_NOTES));
        String by = string(execution.getVariable(Vars.COMPLETED_BY));
        items.reschedule(execution.getProcessBusinessKey(), newDueDate, decided ? why : null,
                entry("REPRIORITIZED", by == null ? actor(null) : by, "New due date " + newDueDate
                        + (why == null ? "" : ": " + why)));
        setDueDate(execution, newDueDate);
        execution.setVariable(Vars.STATE, ActionItemState.OPEN.name());
        execution.setVariable(Vars.ESCALATION_LEVEL, 0);
        execution.setVariable(Vars.DAYS_OVERDUE, 0L);
        execution.removeVariable(Vars.NEW_DUE_DATE);
        execution.removeVariable(Vars.DUE_DATE_CHANGED);
        execution.removeVariable(Vars.DECISION);
    }

    /** {@code Drop_ActionItem}: the managers dropped the item; the rationale is stored (and mailed next). */
    public void drop(DelegateExecution execution) {
        String rationale = string(execution.getVariable(Vars.RATIONALE));
        String by = string(execution.getVariable(Vars.COMPLETED_BY));
        items.end(execution.getProcessBusinessKey(), ActionItemState.DROPPED, null, null, rationale,
                entry("DROPPED", by == null ? actor(null) : by, rationale));
        execution.setVariable(Vars.STATE, ActionItemState.DROPPED.name());
    }

    /** The tech leads' follow-up notes go into the history. */
    public void followedUp(DelegateTask task) {
        String notes = string(task.getVariable(Vars.FOLLOW_UP_NOTES));
        items.appendHistory(task.getExecution().getProcessBusinessKey(), entry("FOLLOWED_UP", actor(task), notes));
    }

    public void ticketCreated(DelegateExecution execution, String ticket) {
        items.ticket(execution.getProcessBusinessKey(), ticket, entry("TICKET_CREATED", SYSTEM, ticket));
        execution.setVariable(Vars.TICKET, ticket);
    }

    /** Who acts: the logged-in user (Tasklist, REST), else the task's assignee, else the system. */
    public String actor(DelegateTask task) {
        Authentication auth = identityService.getCurrentAuthentication();
        if (auth != null && auth.getUserId() != null) {
            return auth.getUserId();
        }
        if (task != null && task.getAssignee() != null) {
            return task.getAssignee();
        }
        return SYSTEM;
    }

    private void setDueDate(VariableScope scope, LocalDate dueDate) {
        scope.setVariable(Vars.DUE_DATE, dueDate.toString());
        scope.setVariable(Vars.DUE_AT, deadlines.endOfDay(dueDate.toString()));
    }

    // ------------------------------------------------------------------ shown in post-mortem tasks

    /** Markdown lines: the still open items of earlier post-mortems of the same service. */
    public String openItemsOfServiceText(String service, String incidentId) {
        if (service == null || service.isBlank()) {
            return "No service named on this incident.";
        }
        List<ActionItem> open = items.openOfService(service, incidentId == null ? "" : incidentId);
        if (open.isEmpty()) {
            return "No open action items of earlier post-mortems of " + service + ".";
        }
        StringBuilder s = new StringBuilder();
        for (ActionItem a : open) {
            s.append(line(a)).append('\n');
        }
        return s.toString().strip();
    }

    /** Markdown lines: every item of one post-mortem with state and escalation level. */
    public String overviewText(String incidentId) {
        List<ActionItem> all = items.ofIncident(incidentId);
        if (all.isEmpty()) {
            return "This post-mortem has no action items.";
        }
        StringBuilder s = new StringBuilder();
        for (ActionItem a : all) {
            s.append(line(a)).append('\n');
        }
        return s.toString().strip();
    }

    public void showOpenItemsOfService(DelegateTask task) {
        String incidentId = task.getExecution().getProcessBusinessKey();
        Object service = task.getVariable("service");
        if (service == null && incidentId != null) {
            service = incidents.find(incidentId).map(Incident::service).orElse(null);
        }
        task.setVariable(Vars.OPEN_ITEMS_OF_SERVICE,
                openItemsOfServiceText(service == null ? null : service.toString(), incidentId));
    }

    public void showActionItemsOfPostmortem(DelegateTask task) {
        task.setVariable(Vars.ACTION_ITEMS_OVERVIEW, overviewText(task.getExecution().getProcessBusinessKey()));
    }

    private String line(ActionItem a) {
        return "- **" + a.id() + "** " + a.title() + " — owner " + directory.displayName(a.owner()) + ", due "
                + a.dueDate() + ", " + a.state() + ", escalation level " + a.escalationLevel()
                + (a.ticket() == null ? "" : ", ticket " + a.ticket());
    }

    // ------------------------------------------------------------------ API

    public ActionItem get(String id) {
        return items.find(id).orElseThrow(() -> new NotFoundException("No action item '" + id + "'"));
    }

    /** The item, or 404 also when its incident is restricted and the user may not see it. */
    public ActionItem get(CurrentUser user, String id) {
        ActionItem item = get(id);
        if (!access.canSee(user, item.incidentId())) {
            throw new NotFoundException("No action item '" + id + "'");
        }
        return item;
    }

    /**
     * Who may complete an item through the API: its owner, the post-mortem's author or facilitator, the tech leads,
     * the engineering managers and administrators.
     */
    public boolean mayComplete(CurrentUser user, ActionItem item) {
        if (user.id().equals(item.owner()) || user.inAnyGroup(dev.aftermath.directory.Groups.TECH_LEADS,
                dev.aftermath.directory.Groups.ENGINEERING_MANAGERS, dev.aftermath.directory.Groups.CAMUNDA_ADMIN)) {
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
        if (!errors.isEmpty()) {
            throw new InvalidInputException("Invalid query", errors);
        }
        return items.search(s, blankToNull(owner), blankToNull(incidentId), page, size, visible);
    }

    /**
     * Completion by a tool: correlates {@code ActionItemCompleted} by business key; the event sub-process records
     * DONE in the same transaction, so the answer shows the ended item.
     */
    public ActionItem completeByTool(String id, String resolution, String ticket, String userId) {
        ActionItem item = get(id);
        if (item.state().ended()) {
            throw new ConflictException("Action item '" + id + "' has already ended: it is " + item.state(),
                    Map.of("state", item.state().name()));
        }
        if (resolution == null || resolution.isBlank()) {
            throw new InvalidInputException("Invalid completion",
                    List.of(new FieldError(Vars.RESOLUTION, "is required: what was done")));
        }
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put(Vars.RESOLUTION, resolution.strip());
        vars.put(Vars.TICKET, ticket == null || ticket.isBlank() ? null : ticket.strip());
        vars.put(Vars.COMPLETED_BY, userId);
        try {
            // the caller's right to complete was checked by the API; the engine grants no one but administrators
            // updates of a running instance, so the correlation runs on Aftermath's behalf
            system.run(() -> runtimeService.createMessageCorrelation(ActionItemProcess.MESSAGE_COMPLETED)
                    .processInstanceBusinessKey(id).setVariables(vars).correlateWithResult());
        } catch (MismatchingMessageCorrelationException e) {
            throw new ConflictException("Action item '" + id + "' is not waiting for completion (state "
                    + item.state() + ")", Map.of("state", item.state().name()));
        }
        return get(id);
    }

    public String itemLink(String id) {
        int separator = id.lastIndexOf(ActionItemProcess.ID_SEPARATOR);
        return links.base() + "/api/action-items/" + URLEncoder.encode(id.substring(0, separator), StandardCharsets.UTF_8)
                .replace("+", "%20") + id.substring(separator);
    }

    // ------------------------------------------------------------------ helpers

    private static HistoryEntry entry(String action, String by, String rationale) {
        return new HistoryEntry(Instant.now(), by, action, rationale);
    }

    private static String field(JsonNode item, VariableScope scope, String name) {
        JsonNode v = item == null ? null : item.get(name);
        if (v != null && !v.isNull() && !v.asText().isBlank()) {
            return v.asText().trim();
        }
        return string(scope.getVariable(name));
    }

    static String string(Object value) {
        return value == null || value.toString().isBlank() ? null : value.toString().trim();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
