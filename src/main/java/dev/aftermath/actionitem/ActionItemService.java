package dev.aftermath.actionitem;

import dev.aftermath.processapi.ActionItemProcess;

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
import dev.aftermath.processapi.ActionItemProcess.Decision;
import dev.aftermath.processapi.ActionItemProcess.Elements;
import dev.aftermath.processapi.ActionItemProcess.Vars;
import dev.aftermath.calendar.Deadlines;
import dev.aftermath.directory.UserDirectory;
import dev.aftermath.incident.Incident;
import dev.aftermath.incident.IncidentRepository;
import dev.aftermath.postmortem.ExternalPublication;
import dev.aftermath.process.JsonVariables;
import dev.aftermath.process.SystemCalls;
import dev.aftermath.security.CurrentUser;
import dev.aftermath.security.IncidentAccess;
import dev.aftermath.web.ConflictException;
import dev.aftermath.web.FieldError;
import dev.aftermath.web.InputLimits;
import dev.aftermath.web.InvalidInputException;
import dev.aftermath.web.PageResponse;
import dev.aftermath.web.QueryParams;
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
    private final TicketSync tickets;
    private final ExternalPublication publication;
    private final SystemCalls system;
    private final IncidentAccess access;

    public ActionItemService(ActionItemRepository items, IncidentRepository incidents, JsonVariables json,
                             Deadlines deadlines, Links links, UserDirectory directory,
                             @Lazy IdentityService identityService, @Lazy TaskService taskService,
                             @Lazy RuntimeService runtimeService, TicketSync tickets, IncidentAccess access,
                             @Lazy ExternalPublication publication, SystemCalls system) {
        this.items = items;
        this.incidents = incidents;
        this.json = json;
        this.deadlines = deadlines;
        this.links = links;
        this.directory = directory;
        this.identityService = identityService;
        this.taskService = taskService;
        this.runtimeService = runtimeService;
        this.tickets = tickets;
        this.access = access;
        this.publication = publication;
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
        String incidentId = string(execution.getVariable(Vars.INCIDENT_ID.name()));
        if (incidentId == null) {
            incidentId = id.substring(0, separator);
        }
        Object numberVar = execution.getVariable(Vars.ITEM_NUMBER.name());
        int number = numberVar instanceof Number n ? n.intValue()
                : Integer.parseInt(id.substring(separator + ActionItemProcess.ID_SEPARATOR.length()));
        JsonNode item = json.read(execution.getVariable(Vars.ACTION_ITEM.name()));
        String title = field(item, execution, Vars.TITLE.name());
        String owner = field(item, execution, Vars.OWNER.name());
        String due = field(item, execution, Vars.DUE_DATE.name());
        String priority = field(item, execution, Vars.PRIORITY.name());
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
        execution.setVariable(Vars.ACTION_ITEM_ID.name(), id);
        execution.setVariable(Vars.INCIDENT_ID.name(), incidentId);
        execution.setVariable(Vars.ITEM_NUMBER.name(), number);
        execution.setVariable(Vars.TITLE.name(), title);
        execution.setVariable(Vars.OWNER.name(), owner);
        execution.setVariable(Vars.PRIORITY.name(), priority == null ? null : priority.toUpperCase());
        setDueDate(execution, dueDate);
        execution.setVariable(Vars.STATE.name(), ActionItemState.OPEN.name());
        execution.setVariable(Vars.ESCALATION_LEVEL.name(), 0);
        execution.setVariable(Vars.DAYS_OVERDUE.name(), 0L);
        execution.setVariable(Vars.ITEM_LINK.name(), itemLink(id));
        if (execution.getVariable(Vars.AUTHOR.name()) == null) {
            execution.setVariable(Vars.AUTHOR.name(), incident == null || incident.author() == null ? "" : incident.author());
        }
        if (execution.getVariable(Vars.FACILITATOR.name()) == null) {
            execution.setVariable(Vars.FACILITATOR.name(),
                    incident == null || incident.facilitator() == null ? "" : incident.facilitator());
        }
    }

    /**
     * A ladder step ({@code Record_*}): its input parameters {@code ladderAction}, {@code ladderState} and
     * {@code ladderLevel}, written in the diagram, say what it sets.
     */
    public void ladderStep(DelegateExecution execution) {
        String id = execution.getProcessBusinessKey();
        String action = string(execution.getVariableLocal(Vars.LADDER_ACTION.name()));
        String stateName = string(execution.getVariableLocal(Vars.LADDER_STATE.name()));
        String levelValue = string(execution.getVariableLocal(Vars.LADDER_LEVEL.name()));
        ActionItemState state = stateName == null ? null : ActionItemState.valueOf(stateName);
        Integer level = levelValue == null ? null : Integer.valueOf(levelValue);
        Instant dueAt = Deadlines.instant(execution.getVariable(Vars.DUE_AT.name()));
        long daysOverdue = Math.max(0, Duration.between(dueAt, Instant.now()).toDays());
        String note = switch (action == null ? "" : action) {
            case "REMINDED" -> "Reminder: due " + execution.getVariable(Vars.DUE_DATE.name());
            case "OVERDUE" -> "Due date " + execution.getVariable(Vars.DUE_DATE.name()) + " passed";
            default -> "Escalation level " + level + (daysOverdue > 0 ? ", " + daysOverdue + " days overdue" : "");
        };
        items.step(id, state, level, entry(action, SYSTEM, note));
        ladderStepToTracker(id, action, level, execution, daysOverdue);
        if (state != null && !state.name().equals(execution.getVariable(Vars.STATE.name()))) {
            publication.requestUpdate(string(execution.getVariable(Vars.INCIDENT_ID.name())));
        }
        if (state != null) {
            execution.setVariable(Vars.STATE.name(), state.name());
        }
        if (level != null) {
            execution.setVariable(Vars.ESCALATION_LEVEL.name(), level);
        }
        execution.setVariable(Vars.DAYS_OVERDUE.name(), daysOverdue);
        Task completion = taskService.createTaskQuery().processInstanceId(execution.getProcessInstanceId())
                .taskDefinitionKey(Elements.TASK_COMPLETE).singleResult();
        execution.setVariable(Vars.TASK_LINK.name(), completion == null ? links.tasklist() : links.task(completion.getId()));
    }

    /** {@code Complete_ActionItem} and {@code Complete_ByTool}: the item ends DONE. */
    public void complete(DelegateExecution execution) {
        String resolution = string(execution.getVariable(Vars.RESOLUTION.name()));
        String ticket = string(execution.getVariable(Vars.TICKET.name()));
        String by = string(execution.getVariable(Vars.COMPLETED_BY.name()));
        String action = "COMPLETED";
        if (Elements.COMPLETED_BY_TOOL.equals(execution.getCurrentActivityId())) {
            action = "COMPLETED_BY_TOOL";
        } else if (Decision.COMPLETE.name().equals(execution.getVariable(Vars.DECISION.name()))) {
            action = "COMPLETED_BY_DECISION";
            String rationale = string(execution.getVariable(Vars.RATIONALE.name()));
            if (resolution == null) {
                resolution = rationale != null ? rationale : "Marked complete in the overdue decision";
            }
        }
        String changedIn = string(execution.getVariable(Vars.CHANGED_IN.name()));
        if (changedIn != null) {
            action = "COMPLETED_IN_" + changedIn.toUpperCase(java.util.Locale.ROOT);
        }
        String id = execution.getProcessBusinessKey();
        items.end(id, ActionItemState.DONE, resolution, ticket, null,
                entry(action, by == null ? actor(null) : by, resolution));
        execution.setVariable(Vars.STATE.name(), ActionItemState.DONE.name());
        if (changedIn == null) {
            tickets.close(id, false, "DONE", "done", Map.of("resolution", resolution == null ? "" : resolution,
                    "byName", directory.displayName(by == null ? actor(null) : by)));
        }
        publication.requestUpdate(string(execution.getVariable(Vars.INCIDENT_ID.name())));
    }

    /** {@code Reschedule_ActionItem}: a new due date from the tech leads or the managers; the ladder starts again. */
    public void reschedule(DelegateExecution execution) {
        LocalDate newDueDate = LocalDate.parse(string(execution.getVariable(Vars.NEW_DUE_DATE.name())));
        boolean decided = Decision.REPRIORITIZE.name().equals(execution.getVariable(Vars.DECISION.name()));
        String why = string(execution.getVariable(decided ? Vars.RATIONALE.name() : Vars.FOLLOW_UP_NOTES.name()));
        String by = string(execution.getVariable(Vars.COMPLETED_BY.name()));
        String changedIn = string(execution.getVariable(Vars.CHANGED_IN.name()));
        String id = execution.getProcessBusinessKey();
        if (changedIn != null) {
            // the tracker changed the due date: nothing goes back to it
            decided = false;
            why = "changed in " + changedIn + " by " + (by == null ? "someone" : directory.displayName(by));
            by = by == null ? changedIn : by;
        }
        items.reschedule(id, newDueDate, decided ? why : null,
                entry("REPRIORITIZED", by == null ? actor(null) : by, "New due date " + newDueDate
                        + (why == null ? "" : ": " + why)));
        if (changedIn == null) {
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("dueDate", newDueDate.toString());
            model.put("why", why);
            model.put("byName", directory.displayName(by == null ? actor(null) : by));
            tickets.dueDate(id, newDueDate, "REPRIORITIZED-" + newDueDate + "-" + System.currentTimeMillis(),
                    "rescheduled", model);
        }
        execution.removeVariable(Vars.CHANGED_IN.name());
        publication.requestUpdate(string(execution.getVariable(Vars.INCIDENT_ID.name())));
        setDueDate(execution, newDueDate);
        execution.setVariable(Vars.STATE.name(), ActionItemState.OPEN.name());
        execution.setVariable(Vars.ESCALATION_LEVEL.name(), 0);
        execution.setVariable(Vars.DAYS_OVERDUE.name(), 0L);
        execution.removeVariable(Vars.NEW_DUE_DATE.name());
        execution.removeVariable(Vars.DUE_DATE_CHANGED.name());
        execution.removeVariable(Vars.DECISION.name());
    }

    /** {@code Drop_ActionItem}: the managers dropped the item; the rationale is stored (and mailed next). */
    public void drop(DelegateExecution execution) {
        String rationale = string(execution.getVariable(Vars.RATIONALE.name()));
        String by = string(execution.getVariable(Vars.COMPLETED_BY.name()));
        String id = execution.getProcessBusinessKey();
        items.end(id, ActionItemState.DROPPED, null, null, rationale,
                entry("DROPPED", by == null ? actor(null) : by, rationale));
        execution.setVariable(Vars.STATE.name(), ActionItemState.DROPPED.name());
        tickets.close(id, true, "DROPPED", "dropped", Map.of("rationale", rationale == null ? "" : rationale,
                "byName", directory.displayName(by == null ? actor(null) : by)));
        publication.requestUpdate(string(execution.getVariable(Vars.INCIDENT_ID.name())));
    }

    /** The tech leads' follow-up notes go into the history. */
    public void followedUp(DelegateTask task) {
        String notes = string(task.getVariable(Vars.FOLLOW_UP_NOTES.name()));
        items.appendHistory(task.getExecution().getProcessBusinessKey(), entry("FOLLOWED_UP", actor(task), notes));
    }

    /** A ladder step as a comment in the tracker (once per step and due date). */
    private void ladderStepToTracker(String id, String action, Integer level, DelegateExecution execution,
                                     long daysOverdue) {
        if (action == null) {
            return;
        }
        String template = switch (action) {
            case "REMINDED" -> "reminder";
            case "OVERDUE" -> "overdue";
            case "ESCALATED" -> level != null && level >= 4 ? "decision-needed" : "escalated";
            default -> null;
        };
        if (template == null) {
            return;
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("dueDate", string(execution.getVariable(Vars.DUE_DATE.name())));
        model.put("level", level == null ? 0 : level);
        model.put("daysOverdue", daysOverdue);
        tickets.comment(id, action + "-" + (level == null ? "" : level) + "-" + execution.getVariable(Vars.DUE_DATE.name()),
                template, model);
    }

    /** The tracker adapter created (or found) the item's issue: key and URL are stored on the item. */
    public void ticketStored(String itemId, TicketTracker.Ticket ticket, String trackerName) {
        tickets.stored(itemId, ticket, trackerName);
    }

    public void ticketStored(String itemId, String ticket) {
        items.ticket(itemId, ticket, entry("TICKET_CREATED", SYSTEM, ticket));
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
        scope.setVariable(Vars.DUE_DATE.name(), dueDate.toString());
        scope.setVariable(Vars.DUE_AT.name(), deadlines.endOfDay(dueDate.toString()));
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
        return InputLimits.cappedLines(null, open.stream().map(this::line).toList(), open.size());
    }

    /** Markdown lines: every item of one post-mortem with state and escalation level. */
    public String overviewText(String incidentId) {
        List<ActionItem> all = items.ofIncident(incidentId);
        if (all.isEmpty()) {
            return "This post-mortem has no action items.";
        }
        return InputLimits.cappedLines(null, all.stream().map(this::line).toList(), all.size(),
                InputLimits.ACTION_ITEMS);
    }

    public void showOpenItemsOfService(DelegateTask task) {
        String incidentId = task.getExecution().getProcessBusinessKey();
        Object service = task.getVariable("service");
        if (service == null && incidentId != null) {
            service = incidents.find(incidentId).map(Incident::service).orElse(null);
        }
        task.setVariable(Vars.OPEN_ITEMS_OF_SERVICE.name(),
                openItemsOfServiceText(service == null ? null : service.toString(), incidentId));
    }

    public void showActionItemsOfPostmortem(DelegateTask task) {
        task.setVariable(Vars.ACTION_ITEMS_OVERVIEW.name(), overviewText(task.getExecution().getProcessBusinessKey()));
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
                    List.of(new FieldError(Vars.RESOLUTION.name(), "is required: what was done")));
        }
        List<FieldError> tooLong = new ArrayList<>();
        InputLimits.text(Vars.RESOLUTION.name(), resolution.strip(), InputLimits.TASK_TEXT.get(Vars.RESOLUTION.name()), true,
                tooLong);
        InputLimits.text(Vars.TICKET.name(), ticket == null ? null : ticket.strip(), InputLimits.TASK_TEXT.get(Vars.TICKET.name()),
                false, tooLong);
        if (!tooLong.isEmpty()) {
            throw new InvalidInputException("Invalid completion", tooLong);
        }
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put(Vars.RESOLUTION.name(), resolution.strip());
        vars.put(Vars.TICKET.name(), ticket == null || ticket.isBlank() ? null : ticket.strip());
        vars.put(Vars.COMPLETED_BY.name(), userId);
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

    // ------------------------------------------------------------------ owner change

    /** Who may hand an item over: its owner, the tech leads, the engineering managers and administrators. */
    public boolean mayChangeOwner(CurrentUser user, ActionItem item) {
        return user.id().equals(item.owner()) || user.inAnyGroup("tech-leads", "engineering-managers",
                IncidentAccess.ADMIN_GROUP);
    }

    /**
     * Hands an open item over to another single known user: message {@code ActionItemOwnerChanged} starts the
     * non-interrupting "Owner changed" event sub-process (the ladder keeps its place), which moves the owner's task
     * and mails the new owner. {@code changedIn} names the tracker when the change came from there (then nothing
     * goes back to it). 404 unknown, 409 ended, 400 a bad owner or no rationale.
     */
    public ActionItem changeOwner(String id, String newOwner, String rationale, String by, String changedIn) {
        ActionItem item = get(id);
        if (item.state().ended()) {
            throw new ConflictException("Action item '" + id + "' has already ended: it is " + item.state(),
                    Map.of("state", item.state().name()));
        }
        List<FieldError> errors = new ArrayList<>();
        String owner = checkNewOwner(newOwner, item.owner(), "owner", errors);
        if (rationale == null || rationale.isBlank()) {
            errors.add(new FieldError(Vars.RATIONALE.name(), "is required: why the item changes hands"));
        } else if (rationale.length() > 2000) {
            errors.add(new FieldError(Vars.RATIONALE.name(), "must be at most 2000 characters"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("Invalid owner change", errors);
        }
        correlateOwnerChange(item, owner, rationale.strip(), by, changedIn);
        return get(id);
    }

    /** The new owner of a form or request: a single known user other than the current owner (else a field error). */
    public String checkNewOwner(String value, String currentOwner, String field, List<FieldError> errors) {
        String owner = value == null ? null : value.strip();
        if (owner == null || owner.isEmpty()) {
            errors.add(new FieldError(field, "is required: the user id of the new owner"));
            return null;
        }
        if (owner.contains(",") || owner.contains(" ") || owner.contains(";")) {
            errors.add(new FieldError(field, "must be a single user"));
            return null;
        }
        if (directory.isGroup(owner) || !directory.exists(owner)) {
            errors.add(new FieldError(field, "'" + owner + "' is not a known user"));
            return null;
        }
        if (owner.equals(currentOwner)) {
            errors.add(new FieldError(field, "'" + owner + "' already owns the item"));
            return null;
        }
        return owner;
    }

    /** From a completed follow-up or decision task whose form named a new owner (already checked by the rules). */
    public void changeOwnerFromTask(DelegateTask task, String rationale) {
        String newOwner = string(task.getVariable(Vars.NEW_OWNER.name()));
        if (newOwner == null) {
            return;
        }
        ActionItem item = get(task.getExecution().getProcessBusinessKey());
        task.getExecution().removeVariable(Vars.NEW_OWNER.name());
        correlateOwnerChange(item, newOwner, rationale, actor(task), null);
    }

    /**
     * Whether the item's instance waits for this message now. Checked before correlating: a failed correlation
     * would mark a surrounding transaction (the Jira webhook's) for rollback.
     */
    private boolean waitsFor(ActionItem item, String message) {
        return item.processInstanceId() != null && runtimeService.createEventSubscriptionQuery()
                .processInstanceId(item.processInstanceId()).eventType("message").eventName(message).count() > 0;
    }

    /**
     * The engine calls of an owner change run as the system: the caller was authorised by Aftermath's own rule (the
     * item's owner, tech leads, managers, admins; {@link #mayChangeOwner}), which engine authorizations do not know.
     */
    private void correlateOwnerChange(ActionItem item, String owner, String rationale, String by, String changedIn) {
        Authentication caller = identityService.getCurrentAuthentication();
        identityService.clearAuthentication();
        try {
            correlateOwnerChangeAsSystem(item, owner, rationale, by, changedIn);
        } finally {
            if (caller != null) {
                identityService.setAuthentication(caller);
            }
        }
    }

    private void correlateOwnerChangeAsSystem(ActionItem item, String owner, String rationale, String by,
                                              String changedIn) {
        if (!waitsFor(item, ActionItemProcess.MESSAGE_OWNER_CHANGED)) {
            throw new ConflictException("Action item '" + item.id() + "' cannot change hands now (state "
                    + item.state() + ")", Map.of("state", item.state().name()));
        }
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put(Vars.NEW_OWNER.name(), owner);
        vars.put(Vars.OWNER_CHANGE_RATIONALE.name(), rationale);
        vars.put(Vars.OWNER_CHANGED_BY.name(), by);
        vars.put(Vars.CHANGED_IN.name(), changedIn);
        try {
            runtimeService.createMessageCorrelation(ActionItemProcess.MESSAGE_OWNER_CHANGED)
                    .processInstanceId(item.processInstanceId()).setVariables(vars).correlateWithResult();
        } catch (MismatchingMessageCorrelationException e) {
            throw new ConflictException("Action item '" + item.id() + "' cannot change hands now (state "
                    + item.state() + ")", Map.of("state", item.state().name()));
        }
    }

    /** {@code Change_Owner}: the owner variable, the open owner task, the history, the participants, the tracker. */
    public void ownerChanged(DelegateExecution execution) {
        String id = execution.getProcessBusinessKey();
        String newOwner = string(execution.getVariable(Vars.NEW_OWNER.name()));
        String previous = string(execution.getVariable(Vars.OWNER.name()));
        String rationale = string(execution.getVariable(Vars.OWNER_CHANGE_RATIONALE.name()));
        String by = string(execution.getVariable(Vars.OWNER_CHANGED_BY.name()));
        String changedIn = string(execution.getVariable(Vars.CHANGED_IN.name()));
        String incidentId = string(execution.getVariable(Vars.INCIDENT_ID.name()));
        execution.getProcessInstance().setVariable(Vars.OWNER.name(), newOwner);
        execution.getProcessInstance().setVariable(Vars.PREVIOUS_OWNER.name(), previous);
        Task open = taskService.createTaskQuery().processInstanceId(execution.getProcessInstanceId())
                .taskDefinitionKey(Elements.TASK_COMPLETE).singleResult();
        if (open != null) {
            taskService.setAssignee(open.getId(), newOwner);
        }
        execution.getProcessInstance().setVariable(Vars.TASK_LINK.name(),
                open == null ? links.tasklist() : links.task(open.getId()));
        items.owner(id, newOwner, entry("OWNER_CHANGED", by == null ? actor(null) : by, "From " + previous + " to "
                + newOwner + (changedIn == null ? "" : " (changed in " + changedIn + ")")
                + (rationale == null ? "" : ": " + rationale)));
        if (incidentId != null) {
            access.addParticipants(incidentId, IncidentAccess.OWNER, List.of(newOwner));
        }
        if (changedIn == null) {
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("byName", directory.displayName(by == null ? actor(null) : by));
            model.put("previousOwnerName", previous == null ? "" : directory.displayName(previous));
            model.put("why", rationale);
            tickets.assign(id, newOwner, "OWNER-" + newOwner + "-" + System.currentTimeMillis(), "owner-changed",
                    model);
        }
        execution.getProcessInstance().removeVariable(Vars.CHANGED_IN.name());
        // the request is done: a later form starts with an empty "new owner" field
        execution.getProcessInstance().removeVariable(Vars.NEW_OWNER.name());
        publication.requestUpdate(incidentId);
    }

    // ------------------------------------------------------------------ changes made in the issue tracker

    public java.util.Optional<ActionItem> findByTicketKey(String key) {
        return items.findByTicketKey(key);
    }

    /** The issue was done in the tracker: the item ends DONE with the tracker's resolution and link. */
    public boolean completeInTracker(ActionItem item, String resolution, String by, String trackerName) {
        if (item.state().ended() || !waitsFor(item, ActionItemProcess.MESSAGE_COMPLETED)) {
            return false;
        }
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put(Vars.RESOLUTION.name(), resolution);
        vars.put(Vars.TICKET.name(), item.ticket());
        vars.put(Vars.COMPLETED_BY.name(), by);
        vars.put(Vars.CHANGED_IN.name(), trackerName);
        runtimeService.createMessageCorrelation(ActionItemProcess.MESSAGE_COMPLETED)
                .processInstanceId(item.processInstanceId()).setVariables(vars).correlateWithResult();
        return true;
    }

    /**
     * The due date changed in the tracker: the ladder starts again from it (message {@code ActionItemRescheduled}).
     * False when nothing changed or the item cannot take it now (ended, or waiting for the managers' decision).
     */
    public boolean rescheduleInTracker(ActionItem item, LocalDate dueDate, String by, String trackerName) {
        if (item.state().ended() || dueDate.equals(item.dueDate())) {
            return false;
        }
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put(Vars.NEW_DUE_DATE.name(), dueDate.toString());
        vars.put(Vars.COMPLETED_BY.name(), by);
        vars.put(Vars.CHANGED_IN.name(), trackerName);
        if (!waitsFor(item, ActionItemProcess.MESSAGE_RESCHEDULED)) {
            tickets.comment(item.id(), "NOT-RESCHEDULED-" + dueDate, "not-rescheduled",
                    Map.of("dueDate", dueDate.toString()));
            return false;
        }
        runtimeService.createMessageCorrelation(ActionItemProcess.MESSAGE_RESCHEDULED)
                .processInstanceId(item.processInstanceId()).setVariables(vars).correlateWithResult();
        return true;
    }

    /** The issue was assigned in the tracker to someone Aftermath does not know: a comment says so. */
    public void unknownAssignee(ActionItem item, String assignee) {
        tickets.comment(item.id(), "UNKNOWN-ASSIGNEE-" + assignee, "unknown-assignee",
                Map.of("assignee", assignee == null ? "unknown" : assignee));
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
