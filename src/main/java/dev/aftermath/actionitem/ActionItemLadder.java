package dev.aftermath.actionitem;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Service;

import dev.aftermath.actionitem.ActionItem.HistoryEntry;
import dev.aftermath.calendar.Deadlines;
import dev.aftermath.directory.UserDirectory;
import dev.aftermath.incident.Incident;
import dev.aftermath.incident.IncidentRepository;
import dev.aftermath.postmortem.ExternalPublication;
import dev.aftermath.process.JsonVariables;
import dev.aftermath.processapi.ActionItemProcess;
import dev.aftermath.processapi.ActionItemProcess.Decision;
import dev.aftermath.processapi.ActionItemProcess.Vars;
import dev.aftermath.security.IncidentAccess;

/**
 * Action items through their life in {@code action-item.bpmn}: registered when their instance starts, moved by the
 * ladder steps (which set state and escalation level), rescheduled, completed or dropped. Every change is written to
 * {@code am_action_item} with a history entry and, when a tracker is configured, sent to the item's issue. Domain
 * values in, results out: {@code ActionItemDelegates} reads and writes the variables.
 *
 * <p>In each command {@code by} is who the variables name, {@code actor} who runs the step (the authenticated user,
 * else {@link HistoryEntry#SYSTEM}); the history says {@code by}, else {@code actor}.
 */
@Service
public class ActionItemLadder {

    private final ActionItemRepository items;
    private final ActionItemQueries queries;
    private final IncidentRepository incidents;
    private final JsonVariables json;
    private final Deadlines deadlines;
    private final UserDirectory directory;
    private final TicketSync tickets;
    private final IncidentAccess access;
    private final ExternalPublication publication;
    private final Clock clock;

    public ActionItemLadder(ActionItemRepository items, ActionItemQueries queries, IncidentRepository incidents,
                            JsonVariables json, Deadlines deadlines, UserDirectory directory, TicketSync tickets,
                            IncidentAccess access, @Lazy ExternalPublication publication, Clock clock) {
        this.items = items;
        this.queries = queries;
        this.incidents = incidents;
        this.json = json;
        this.deadlines = deadlines;
        this.directory = directory;
        this.tickets = tickets;
        this.access = access;
        this.publication = publication;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ Register_ActionItem

    /**
     * What an instance starts with: its business key {@code <incidentId>/AI-<n>}, the variables the post-mortem
     * passed ({@code incidentId}, {@code itemNumber}, the item JSON) and the single variables that stand in for
     * fields the JSON lacks.
     */
    public record Registration(String businessKey, String processInstanceId, String incidentId, Integer number,
                               Object actionItem, String title, String owner, String dueDate, String priority,
                               String actor) {
    }

    /** The registered item: what the ladder and the forms read. Author and facilitator are the incident's. */
    public record Registered(String itemId, String incidentId, int number, String title, String owner,
                             String priority, Due due, String itemLink, String author, String facilitator) {
    }

    /** A due date and the end of that day in the calendar's zone (what the timers count from). */
    public record Due(LocalDate date, Date at) {
    }

    /** {@code Register_ActionItem}: stores the item as OPEN. */
    public Registered register(Registration r) {
        String id = r.businessKey();
        int separator = id == null ? -1 : id.lastIndexOf(ActionItemProcess.ID_SEPARATOR);
        if (separator <= 0) {
            throw new IllegalStateException("An action item's business key is <incidentId>/AI-<n>, not '" + id + "'");
        }
        String incidentId = string(r.incidentId());
        if (incidentId == null) {
            incidentId = id.substring(0, separator);
        }
        int number = r.number() != null ? r.number()
                : Integer.parseInt(id.substring(separator + ActionItemProcess.ID_SEPARATOR.length()));
        JsonNode item = json.read(r.actionItem());
        String title = field(item, Vars.TITLE.name(), r.title());
        String owner = field(item, Vars.OWNER.name(), r.owner());
        String due = field(item, Vars.DUE_DATE.name(), r.dueDate());
        String priority = field(item, Vars.PRIORITY.name(), r.priority());
        if (title == null || owner == null || due == null) {
            throw new IllegalStateException("Action item " + id + " needs a title, an owner and a due date: " + item);
        }
        LocalDate dueDate = LocalDate.parse(due.length() > 10 ? due.substring(0, 10) : due);
        Incident incident = incidents.find(incidentId).orElse(null);
        String upperPriority = priority == null ? null : priority.toUpperCase();
        items.insert(id, incidentId, number, title, owner, upperPriority, dueDate, r.processInstanceId(),
                entry("CREATED", r.actor(), "Owner " + owner + ", due " + dueDate
                        + (priority == null ? "" : ", priority " + priority)));
        // the owner takes part in the incident (and sees it when it is restricted)
        access.addParticipant(incidentId, IncidentAccess.OWNER, owner);
        return new Registered(id, incidentId, number, title, owner, upperPriority, due(dueDate), queries.itemLink(id),
                incident == null || incident.author() == null ? "" : incident.author(),
                incident == null || incident.facilitator() == null ? "" : incident.facilitator());
    }

    // ------------------------------------------------------------------ Record_* (the ladder's steps)

    /**
     * A ladder step: {@code action}, {@code state} and {@code level} are the step's input parameters written in the
     * diagram; {@code dueDate} and {@code dueAt} the item's due date; {@code currentState} the state before it.
     */
    public record Step(String itemId, String processInstanceId, String incidentId, String action, String state,
                       Integer level, String dueDate, Instant dueAt, String currentState) {
    }

    /** After a step: the new state and level (null: unchanged), the days overdue and the owner's task link. */
    public record Stepped(ActionItemState state, Integer level, long daysOverdue, String taskLink) {
    }

    public Stepped ladderStep(Step step) {
        String action = string(step.action());
        String stateName = string(step.state());
        ActionItemState state = stateName == null ? null : ActionItemState.valueOf(stateName);
        Integer level = step.level();
        long daysOverdue = daysOverdue(step.dueAt(), clock.instant());
        String note = switch (action == null ? "" : action) {
            case "REMINDED" -> "Reminder: due " + step.dueDate();
            case "OVERDUE" -> "Due date " + step.dueDate() + " passed";
            default -> "Escalation level " + level + (daysOverdue > 0 ? ", " + daysOverdue + " days overdue" : "");
        };
        items.step(step.itemId(), state, level, entry(action, HistoryEntry.SYSTEM, note));
        ladderStepToTracker(step, action, level, daysOverdue);
        if (state != null && !state.name().equals(step.currentState())) {
            publication.requestUpdate(string(step.incidentId()));
        }
        return new Stepped(state, level, daysOverdue,
                queries.taskLink(queries.completionTaskId(step.processInstanceId())));
    }

    /** Whole days from the end of the due day to now; 0 before it. */
    static long daysOverdue(Instant dueAt, Instant now) {
        return Math.max(0, Duration.between(dueAt, now).toDays());
    }

    /** The tracker's comment template of a ladder step, or null (a step the tracker does not hear of). */
    static String trackerTemplate(String action, Integer level) {
        if (action == null) {
            return null;
        }
        return switch (action) {
            case "REMINDED" -> "reminder";
            case "OVERDUE" -> "overdue";
            case "ESCALATED" -> level != null && level >= 4 ? "decision-needed" : "escalated";
            default -> null;
        };
    }

    /** A ladder step as a comment in the tracker (once per step and due date). */
    private void ladderStepToTracker(Step step, String action, Integer level, long daysOverdue) {
        String template = trackerTemplate(action, level);
        if (template == null) {
            return;
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("dueDate", string(step.dueDate()));
        model.put("level", level == null ? 0 : level);
        model.put("daysOverdue", daysOverdue);
        tickets.comment(step.itemId(), action + "-" + (level == null ? "" : level) + "-" + step.dueDate(), template,
                model);
    }

    // ------------------------------------------------------------------ the item ends or starts again

    /**
     * {@code Complete_ActionItem} and {@code Complete_ByTool}: what the completion names. {@code byTool}: the step is
     * {@code Complete_ByTool}; {@code decision} and {@code rationale} are the overdue decision's, when there was one.
     */
    public record Completion(String itemId, String incidentId, boolean byTool, String decision, String resolution,
                             String ticket, String rationale, String by, String changedIn, String actor) {
    }

    /** The item ends DONE. */
    public void complete(Completion c) {
        String resolution = string(c.resolution());
        String by = orElse(string(c.by()), c.actor());
        String action = "COMPLETED";
        if (c.byTool()) {
            action = "COMPLETED_BY_TOOL";
        } else if (Decision.COMPLETE.name().equals(c.decision())) {
            action = "COMPLETED_BY_DECISION";
            String rationale = string(c.rationale());
            if (resolution == null) {
                resolution = rationale != null ? rationale : "Marked complete in the overdue decision";
            }
        }
        String changedIn = string(c.changedIn());
        if (changedIn != null) {
            action = "COMPLETED_IN_" + changedIn.toUpperCase(Locale.ROOT);
        }
        items.end(c.itemId(), ActionItemState.DONE, resolution, string(c.ticket()), null,
                entry(action, by, resolution));
        if (changedIn == null) {
            tickets.close(c.itemId(), false, "DONE", "done", Map.of("resolution", resolution == null ? "" : resolution,
                    "byName", directory.displayName(by)));
        }
        publication.requestUpdate(string(c.incidentId()));
    }

    /**
     * {@code Reschedule_ActionItem}: a new due date from the follow-up, the overdue decision ({@code decision}
     * REPRIORITIZE, with its {@code rationale}) or the tracker ({@code changedIn}).
     */
    public record Rescheduling(String itemId, String incidentId, String newDueDate, String decision,
                               String rationale, String followUpNotes, String by, String changedIn, String actor) {
    }

    /** The item is OPEN again with the new due date; the ladder starts again from it. */
    public Due reschedule(Rescheduling r) {
        LocalDate newDueDate = LocalDate.parse(string(r.newDueDate()));
        boolean decided = Decision.REPRIORITIZE.name().equals(r.decision());
        String why = string(decided ? r.rationale() : r.followUpNotes());
        String by = string(r.by());
        String changedIn = string(r.changedIn());
        if (changedIn != null) {
            // the tracker changed the due date: nothing goes back to it
            decided = false;
            why = "changed in " + changedIn + " by " + (by == null ? "someone" : directory.displayName(by));
            by = by == null ? changedIn : by;
        }
        by = orElse(by, r.actor());
        items.reschedule(r.itemId(), newDueDate, decided ? why : null,
                entry("REPRIORITIZED", by, "New due date " + newDueDate + (why == null ? "" : ": " + why)));
        if (changedIn == null) {
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("dueDate", newDueDate.toString());
            model.put("why", why);
            model.put("byName", directory.displayName(by));
            tickets.dueDate(r.itemId(), newDueDate, "REPRIORITIZED-" + newDueDate + "-" + clock.millis(),
                    "rescheduled", model);
        }
        publication.requestUpdate(string(r.incidentId()));
        return due(newDueDate);
    }

    /** {@code Drop_ActionItem}: the managers dropped the item; the rationale is stored (and mailed next). */
    public void drop(String itemId, String incidentId, String rationale, String by, String actor) {
        String why = string(rationale);
        String who = orElse(string(by), actor);
        items.end(itemId, ActionItemState.DROPPED, null, null, why, entry("DROPPED", who, why));
        tickets.close(itemId, true, "DROPPED", "dropped", Map.of("rationale", why == null ? "" : why,
                "byName", directory.displayName(who)));
        publication.requestUpdate(string(incidentId));
    }

    /** The tech leads' follow-up notes go into the history. */
    public void followedUp(String itemId, String notes, String by) {
        items.appendHistory(itemId, entry("FOLLOWED_UP", by, string(notes)));
    }

    // ------------------------------------------------------------------ helpers

    private Due due(LocalDate date) {
        return new Due(date, deadlines.endOfDay(date.toString()));
    }

    private HistoryEntry entry(String action, String by, String rationale) {
        return HistoryEntry.now(clock, action, by, rationale);
    }

    /** The item JSON's field, else the single variable of that name. */
    private static String field(JsonNode item, String name, String variable) {
        JsonNode v = item == null ? null : item.get(name);
        if (v != null && !v.isNull() && !v.asText().isBlank()) {
            return v.asText().trim();
        }
        return string(variable);
    }

    private static String orElse(String value, String fallback) {
        return value == null ? fallback : value;
    }

    /** Trimmed, or null when blank. */
    static String string(Object value) {
        return value == null || value.toString().isBlank() ? null : value.toString().trim();
    }
}
