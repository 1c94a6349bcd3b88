package dev.aftermath.actionitem;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Service;

import dev.aftermath.actionitem.ActionItem.HistoryEntry;
import dev.aftermath.directory.UserDirectory;
import dev.aftermath.postmortem.ExternalPublication;
import dev.aftermath.processapi.ActionItemProcess;
import dev.aftermath.processapi.ActionItemProcess.Vars;
import dev.aftermath.security.CurrentUser;
import dev.aftermath.security.IncidentAccess;
import dev.aftermath.web.ConflictException;
import dev.aftermath.web.FieldError;
import dev.aftermath.web.InvalidInputException;

/**
 * An item changes hands, asked from the API, a follow-up or decision form, or the issue tracker: message
 * {@code ActionItemOwnerChanged} starts the non-interrupting "Owner changed" event sub-process (the ladder keeps its
 * place), whose step {@code Change_Owner} ({@link #apply}) moves the owner's task and records the change.
 */
@Service
public class OwnerChange {

    private final ActionItemQueries queries;
    private final ActionItemRepository items;
    private final UserDirectory directory;
    private final IncidentAccess access;
    private final TicketSync tickets;
    private final ExternalPublication publication;
    private final IdentityService identityService;
    private final TaskService taskService;
    private final RuntimeService runtimeService;
    private final Clock clock;

    public OwnerChange(ActionItemQueries queries, ActionItemRepository items, UserDirectory directory,
                       IncidentAccess access, TicketSync tickets, @Lazy ExternalPublication publication,
                       @Lazy IdentityService identityService, @Lazy TaskService taskService,
                       @Lazy RuntimeService runtimeService, Clock clock) {
        this.queries = queries;
        this.items = items;
        this.directory = directory;
        this.access = access;
        this.tickets = tickets;
        this.publication = publication;
        this.identityService = identityService;
        this.taskService = taskService;
        this.runtimeService = runtimeService;
        this.clock = clock;
    }

    /** Who may hand an item over: its owner, the tech leads, the engineering managers and administrators. */
    public boolean mayChangeOwner(CurrentUser user, ActionItem item) {
        return OwnerRules.mayChangeOwner(user, item);
    }

    /**
     * Hands an open item over to another single known user. {@code changedIn} names the tracker when the change came
     * from there (then nothing goes back to it). 404 unknown, 409 ended, 400 a bad owner or no rationale.
     */
    public ActionItem request(String id, String newOwner, String rationale, String by, String changedIn) {
        // two changes of one item at the same moment: the engine rolls the loser back whole (the item's row, the
        // outbox, the task are in its transaction), so it is tried again on what the winner left, a few times
        return dev.aftermath.web.Collisions.retry(() -> requestOnce(id, newOwner, rationale, by, changedIn));
    }

    private ActionItem requestOnce(String id, String newOwner, String rationale, String by, String changedIn) {
        ActionItem item = queries.get(id);
        if (item.state().ended()) {
            throw new ConflictException("Action item '" + id + "' has already ended: it is " + item.state(),
                    Map.of("state", item.state().name()));
        }
        List<FieldError> errors = new ArrayList<>();
        String owner = OwnerRules.newOwner(newOwner, item.owner(), "owner", OwnerRules.knownUser(directory), errors);
        OwnerRules.rationale(rationale, errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException("Invalid owner change", errors);
        }
        correlate(item, owner, rationale.strip(), by, changedIn);
        return queries.get(id);
    }

    /** From a completed follow-up or decision task whose form named a new owner (already checked by the rules). */
    public void fromTask(String itemId, String newOwner, String rationale, String by) {
        correlate(queries.get(itemId), newOwner, rationale, by, null);
    }

    /**
     * The engine calls of an owner change run as the system: the caller was authorised by Aftermath's own rule (the
     * item's owner, tech leads, managers, admins; {@link #mayChangeOwner}), which engine authorizations do not know.
     */
    private void correlate(ActionItem item, String owner, String rationale, String by, String changedIn) {
        Authentication caller = identityService.getCurrentAuthentication();
        identityService.clearAuthentication();
        try {
            correlateAsSystem(item, owner, rationale, by, changedIn);
        } finally {
            if (caller != null) {
                identityService.setAuthentication(caller);
            }
        }
    }

    private void correlateAsSystem(ActionItem item, String owner, String rationale, String by, String changedIn) {
        if (!queries.waitsFor(item, ActionItemProcess.MESSAGE_OWNER_CHANGED)) {
            throw cannotChangeHands(item);
        }
        Map<String, Object> vars = new LinkedHashMap<>();
        Vars.NEW_OWNER.put(vars, owner);
        Vars.OWNER_CHANGE_RATIONALE.put(vars, rationale);
        Vars.OWNER_CHANGED_BY.put(vars, by);
        Vars.CHANGED_IN.put(vars, changedIn);
        try {
            runtimeService.createMessageCorrelation(ActionItemProcess.MESSAGE_OWNER_CHANGED)
                    .processInstanceId(item.processInstanceId()).setVariables(vars).correlateWithResult();
        } catch (MismatchingMessageCorrelationException e) {
            throw cannotChangeHands(item);
        }
    }

    private static ConflictException cannotChangeHands(ActionItem item) {
        return new ConflictException("Action item '" + item.id() + "' cannot change hands now (state "
                + item.state() + ")", Map.of("state", item.state().name()));
    }

    /**
     * What {@code Change_Owner} was handed: the variables of the owner change; {@code actor} is who runs the step
     * (the history's {@code by} when the change names no one).
     */
    public record Handover(String itemId, String processInstanceId, String incidentId, String newOwner,
                           String previousOwner, String rationale, String by, String changedIn, String actor) {
        public Handover {
            incidentId = ActionItemLadder.string(incidentId);
            newOwner = ActionItemLadder.string(newOwner);
            previousOwner = ActionItemLadder.string(previousOwner);
            rationale = ActionItemLadder.string(rationale);
            by = ActionItemLadder.string(by);
            changedIn = ActionItemLadder.string(changedIn);
        }
    }

    /**
     * {@code Change_Owner}: the open owner task, the history, the participants, the tracker. Returns the new task
     * link (the owner's completion task, else the task list).
     */
    public String apply(Handover change) {
        String newOwner = change.newOwner();
        String previous = change.previousOwner();
        String by = change.by() == null ? change.actor() : change.by();
        String taskId = queries.completionTaskId(change.processInstanceId());
        if (taskId != null) {
            taskService.setAssignee(taskId, newOwner);
        }
        items.owner(change.itemId(), newOwner, HistoryEntry.now(clock, "OWNER_CHANGED", by, "From " + previous
                + " to " + newOwner + (change.changedIn() == null ? "" : " (changed in " + change.changedIn() + ")")
                + (change.rationale() == null ? "" : ": " + change.rationale())));
        if (change.incidentId() != null) {
            access.addParticipants(change.incidentId(), IncidentAccess.OWNER, List.of(newOwner));
        }
        if (change.changedIn() == null) {
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("byName", directory.displayName(by));
            model.put("previousOwnerName", previous == null ? "" : directory.displayName(previous));
            model.put("why", change.rationale());
            tickets.assign(change.itemId(), newOwner, "OWNER-" + newOwner + "-" + clock.millis(), "owner-changed",
                    model);
        }
        publication.requestUpdate(change.incidentId());
        return queries.taskLink(taskId);
    }
}
