package dev.aftermath.actionitem;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.springframework.stereotype.Component;

import dev.aftermath.processapi.ActionItemProcess.Decision;
import dev.aftermath.processapi.ActionItemProcess.Elements;
import dev.aftermath.processapi.ActionItemProcess.Vars;
import dev.aftermath.calendar.Deadlines;
import dev.aftermath.processapi.PostmortemProcess;
import dev.aftermath.process.FormLimits;
import dev.aftermath.process.RejectedInputException;
import dev.aftermath.web.FieldError;

/**
 * The rules of the action item forms, enforced on the server when a task completes (Tasklist or
 * {@code /engine-rest}): a broken rule rejects the completion, the task stays open, every bad field is named.
 */
@Component
public class ActionItemTaskRules {

    /** "At least a sentence": this many characters and words. */
    static final int MIN_RATIONALE_CHARS = 20;
    static final int MIN_RATIONALE_WORDS = 4;

    private final Deadlines deadlines;
    private final ActionItemService items;

    public ActionItemTaskRules(Deadlines deadlines, @org.springframework.context.annotation.Lazy ActionItemService items) {
        this.deadlines = deadlines;
        this.items = items;
    }

    /** The optional new owner of the follow-up and decision forms: a single known user other than the owner. */
    private void newOwner(DelegateTask task, List<FieldError> errors) {
        Object value = task.getVariable(Vars.NEW_OWNER.name());
        if (blank(value)) {
            task.setVariable(Vars.NEW_OWNER.name(), null);
            return;
        }
        String owner = items.checkNewOwner(value.toString(), (String) task.getVariable(Vars.OWNER.name()), Vars.NEW_OWNER.name(),
                errors);
        if (owner != null) {
            task.setVariable(Vars.NEW_OWNER.name(), owner);
        }
    }

    public void check(DelegateTask task) {
        List<FieldError> errors = new ArrayList<>();
        FormLimits.check(task::getVariable, errors);
        if (!errors.isEmpty()) {
            throw new RejectedInputException(errors);
        }
        switch (task.getTaskDefinitionKey()) {
            case Elements.TASK_COMPLETE -> requiredText(task, Vars.RESOLUTION.name(), errors);
            case Elements.TASK_FOLLOW_UP -> followUp(task, errors);
            case Elements.TASK_DECIDE -> decide(task, errors);
            case PostmortemProcess.Elements.TASK_FOLLOW_UP_REVIEW -> requiredText(task, Vars.FOLLOW_UP_NOTES.name(), errors);
            default -> {
            }
        }
        if (!errors.isEmpty()) {
            throw new RejectedInputException(errors);
        }
    }

    private void followUp(DelegateTask task, List<FieldError> errors) {
        requiredText(task, Vars.FOLLOW_UP_NOTES.name(), errors);
        newOwner(task, errors);
        Object value = task.getVariable(Vars.NEW_DUE_DATE.name());
        LocalDate newDueDate = blank(value) ? null : futureDate(value, errors);
        if (errors.isEmpty()) {
            task.setVariable(Vars.NEW_DUE_DATE.name(), newDueDate == null ? null : newDueDate.toString());
            task.setVariable(Vars.DUE_DATE_CHANGED.name(), newDueDate != null);
        }
    }

    private void decide(DelegateTask task, List<FieldError> errors) {
        Object value = task.getVariable(Vars.DECISION.name());
        Decision decision = null;
        try {
            decision = blank(value) ? null : Decision.valueOf(value.toString().trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            // reported below
        }
        if (decision == null) {
            errors.add(new FieldError(Vars.DECISION.name(), "is required: COMPLETE, REPRIORITIZE or DROP"));
            return;
        }
        if (decision == Decision.REPRIORITIZE) {
            newOwner(task, errors);
        } else if (!blank(task.getVariable(Vars.NEW_OWNER.name()))) {
            errors.add(new FieldError(Vars.NEW_OWNER.name(), "only with REPRIORITIZE: a completed or dropped item keeps its"
                    + " owner"));
        }
        LocalDate newDueDate = null;
        if (decision == Decision.REPRIORITIZE) {
            Object due = task.getVariable(Vars.NEW_DUE_DATE.name());
            if (blank(due)) {
                errors.add(new FieldError(Vars.NEW_DUE_DATE.name(), "is required to reprioritise: a date in the future"));
            } else {
                newDueDate = futureDate(due, errors);
            }
        }
        Object rationale = task.getVariable(Vars.RATIONALE.name());
        if (decision != Decision.COMPLETE) {
            if (blank(rationale)) {
                errors.add(new FieldError(Vars.RATIONALE.name(), "is required to " + (decision == Decision.DROP ? "drop"
                        : "reprioritise") + " an item: say why, in at least a sentence"));
            } else if (!sentence(rationale.toString())) {
                errors.add(new FieldError(Vars.RATIONALE.name(), "must be at least a sentence (" + MIN_RATIONALE_CHARS
                        + " characters, " + MIN_RATIONALE_WORDS + " words) saying why"));
            }
        }
        if (errors.isEmpty()) {
            task.setVariable(Vars.DECISION.name(), decision.name());
            task.setVariable(Vars.NEW_DUE_DATE.name(), newDueDate == null ? null : newDueDate.toString());
            task.setVariable(Vars.RATIONALE.name(), blank(rationale) ? null : rationale.toString().strip());
        }
    }

    private LocalDate futureDate(Object value, List<FieldError> errors) {
        String text = value instanceof Date d ? d.toInstant().atZone(deadlines.zone()).toLocalDate().toString()
                : value.toString().trim();
        try {
            LocalDate date = LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
            if (!deadlines.endOfDay(date.toString()).toInstant().isAfter(Instant.now())) {
                errors.add(new FieldError(Vars.NEW_DUE_DATE.name(), "must be in the future"));
                return null;
            }
            return date;
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(Vars.NEW_DUE_DATE.name(), "must be a date YYYY-MM-DD"));
            return null;
        }
    }

    static boolean sentence(String text) {
        String t = text.strip();
        return t.length() >= MIN_RATIONALE_CHARS && t.split("\\s+").length >= MIN_RATIONALE_WORDS;
    }

    private static void requiredText(DelegateTask task, String name, List<FieldError> errors) {
        if (blank(task.getVariable(name))) {
            errors.add(new FieldError(name, "is required"));
        }
    }

    private static boolean blank(Object value) {
        return value == null || value.toString().isBlank();
    }
}
