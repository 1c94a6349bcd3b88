package dev.aftermath.actionitem;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Service;

import dev.aftermath.process.SystemCalls;
import dev.aftermath.processapi.ActionItemProcess;
import dev.aftermath.processapi.ActionItemProcess.Vars;
import dev.aftermath.web.ConflictException;
import dev.aftermath.web.FieldError;
import dev.aftermath.web.InputLimits;
import dev.aftermath.web.InvalidInputException;

/**
 * Changes that reach a running item from outside its tasks, as messages to its instance: a tool completes it through
 * the API; the issue tracker reports it done, rescheduled or assigned ({@link TrackerEvents}).
 */
@Service
public class ExternalChanges implements TrackerEvents {

    private final ActionItemQueries queries;
    private final OwnerChange ownerChange;
    private final TicketSync tickets;
    private final RuntimeService runtimeService;
    private final SystemCalls system;
    private final ActionItemTaskRules rules;

    public ExternalChanges(ActionItemQueries queries, OwnerChange ownerChange, TicketSync tickets,
                           @Lazy RuntimeService runtimeService, SystemCalls system, ActionItemTaskRules rules) {
        this.rules = rules;
        this.queries = queries;
        this.ownerChange = ownerChange;
        this.tickets = tickets;
        this.runtimeService = runtimeService;
        this.system = system;
    }

    /**
     * Completion by a tool: correlates {@code ActionItemCompleted} by business key; the event sub-process records
     * DONE in the same transaction, so the answer shows the ended item.
     */
    public ActionItem completeByTool(String id, String resolution, String ticket, String userId) {
        // racing another write of the item (the ticket step, an owner change): tried again on what it left
        return dev.aftermath.web.Collisions.retry(() -> completeOnce(id, resolution, ticket, userId));
    }

    private ActionItem completeOnce(String id, String resolution, String ticket, String userId) {
        ActionItem item = queries.get(id);
        if (item.state().ended()) {
            throw new ConflictException("Action item '" + id + "' has already ended: it is " + item.state(),
                    Map.of("state", item.state().name()));
        }
        if (resolution == null || resolution.isBlank()) {
            throw new InvalidInputException("Invalid completion",
                    List.of(new FieldError(Vars.RESOLUTION.name(), "is required: what was done")));
        }
        List<FieldError> tooLong = new ArrayList<>();
        InputLimits.text(Vars.RESOLUTION.name(), resolution.strip(),
                InputLimits.TASK_TEXT.get(Vars.RESOLUTION.name()), true, tooLong);
        InputLimits.text(Vars.TICKET.name(), ticket == null ? null : ticket.strip(),
                InputLimits.TASK_TEXT.get(Vars.TICKET.name()), false, tooLong);
        if (!tooLong.isEmpty()) {
            throw new InvalidInputException("Invalid completion", tooLong);
        }
        Map<String, Object> vars = completion(resolution.strip(), ticket == null || ticket.isBlank() ? null
                : ticket.strip(), userId);
        try {
            // the caller's right to complete was checked by the API; the engine grants no one but administrators
            // updates of a running instance, so the correlation runs on Aftermath's behalf
            system.run(() -> runtimeService.createMessageCorrelation(ActionItemProcess.MESSAGE_COMPLETED)
                    .processInstanceBusinessKey(id).setVariables(vars).correlateWithResult());
        } catch (MismatchingMessageCorrelationException e) {
            throw new ConflictException("Action item '" + id + "' is not waiting for completion (state "
                    + item.state() + ")", Map.of("state", item.state().name()));
        }
        return queries.get(id);
    }

    /**
     * A new due date with its rationale from someone who may complete the item (a Slack button): checked by the rules
     * of the managers' decision ({@code REPRIORITIZE}: a date in the future, a rationale of at least a sentence;
     * errors name {@code newDueDate} and {@code rationale}) and landed as that decision lands: the ladder starts again
     * from the new date, the history records who and why, the ticket gets the new date. 409 when the item has ended
     * or no longer waits for a new date (the managers' decision task is open).
     */
    public ActionItem proposeDueDate(String id, String newDueDate, String rationale, String userId) {
        ActionItem item = queries.get(id);
        if (item.state().ended()) {
            throw new ConflictException("Action item '" + id + "' has already ended: it is " + item.state(),
                    Map.of("state", item.state().name()));
        }
        Map<String, Object> form = new LinkedHashMap<>();
        Vars.DECISION.put(form, ActionItemProcess.Decision.REPRIORITIZE.name());
        Vars.NEW_DUE_DATE.put(form, newDueDate);
        Vars.RATIONALE.put(form, rationale);
        ActionItemTaskRules.Checked checked = rules.check(ActionItemProcess.Elements.TASK_DECIDE, form);
        if (!checked.ok()) {
            throw new InvalidInputException("Invalid new due date", checked.errors());
        }
        if (!queries.waitsFor(item, ActionItemProcess.MESSAGE_RESCHEDULED)) {
            throw new ConflictException("Action item '" + id + "' does not take a new due date now (state "
                    + item.state() + "): the engineering managers decide on it", Map.of("state", item.state().name()));
        }
        Map<String, Object> vars = new LinkedHashMap<>(checked.values());
        Vars.COMPLETED_BY.put(vars, userId);
        // the caller's right was checked by the caller (as for a completion); the correlation runs on Aftermath's behalf
        system.run(() -> runtimeService.createMessageCorrelation(ActionItemProcess.MESSAGE_RESCHEDULED)
                .processInstanceBusinessKey(id).setVariables(vars).correlateWithResult());
        return queries.get(id);
    }

    // ------------------------------------------------------------------ TrackerEvents

    @Override
    public Optional<ActionItem> findByTicketKey(String key) {
        return queries.findByTicketKey(key);
    }

    @Override
    public ActionItem get(String itemId) {
        return queries.get(itemId);
    }

    @Override
    public boolean completed(ActionItem item, String resolution, String by, String trackerName) {
        if (item.state().ended() || !queries.waitsFor(item, ActionItemProcess.MESSAGE_COMPLETED)) {
            return false;
        }
        Map<String, Object> vars = completion(resolution, item.ticket(), by);
        Vars.CHANGED_IN.put(vars, trackerName);
        correlate(item, ActionItemProcess.MESSAGE_COMPLETED, vars);
        return true;
    }

    @Override
    public boolean rescheduled(ActionItem item, LocalDate dueDate, String by, String trackerName) {
        if (item.state().ended() || dueDate.equals(item.dueDate())) {
            return false;
        }
        Map<String, Object> vars = new LinkedHashMap<>();
        Vars.NEW_DUE_DATE.put(vars, dueDate.toString());
        Vars.COMPLETED_BY.put(vars, by);
        Vars.CHANGED_IN.put(vars, trackerName);
        if (!queries.waitsFor(item, ActionItemProcess.MESSAGE_RESCHEDULED)) {
            tickets.comment(item.id(), "NOT-RESCHEDULED-" + dueDate, "not-rescheduled",
                    Map.of("dueDate", dueDate.toString()));
            return false;
        }
        correlate(item, ActionItemProcess.MESSAGE_RESCHEDULED, vars);
        return true;
    }

    @Override
    public void reassigned(ActionItem item, String newOwner, String rationale, String by, String trackerName) {
        ownerChange.request(item.id(), newOwner, rationale, by, trackerName);
    }

    @Override
    public void unknownAssignee(ActionItem item, String assignee) {
        tickets.comment(item.id(), "UNKNOWN-ASSIGNEE-" + assignee, "unknown-assignee",
                Map.of("assignee", assignee == null ? "unknown" : assignee));
    }

    private static Map<String, Object> completion(String resolution, String ticket, String by) {
        Map<String, Object> vars = new LinkedHashMap<>();
        Vars.RESOLUTION.put(vars, resolution);
        Vars.TICKET.put(vars, ticket);
        Vars.COMPLETED_BY.put(vars, by);
        return vars;
    }

    private void correlate(ActionItem item, String message, Map<String, Object> vars) {
        runtimeService.createMessageCorrelation(message).processInstanceId(item.processInstanceId())
                .setVariables(vars).correlateWithResult();
    }
}
