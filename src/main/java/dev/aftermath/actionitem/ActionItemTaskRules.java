package dev.aftermath.actionitem;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import dev.aftermath.calendar.Deadlines;
import dev.aftermath.directory.UserDirectory;
import dev.aftermath.process.FormLimits;
import dev.aftermath.processapi.ActionItemProcess.Decision;
import dev.aftermath.processapi.ActionItemProcess.Elements;
import dev.aftermath.processapi.ActionItemProcess.Vars;
import dev.aftermath.processapi.PostmortemProcess;
import dev.aftermath.web.FieldError;
import dev.aftermath.web.InputLimits;
import dev.aftermath.web.TextInput;

/**
 * The rules of the action item forms, enforced on the server when a task completes (Tasklist or
 * {@code /engine-rest}): over the form's values, they give every bad field, or the values to store (normalised).
 * The task listener rejects the completion on an error, so the task stays open.
 */
@Component
public class ActionItemTaskRules {

    /** "At least a sentence": this many characters and words. */
    static final int MIN_RATIONALE_CHARS = 20;
    static final int MIN_RATIONALE_WORDS = 4;

    /** The variables the rules read: every free-text field with a length limit, and the forms' own fields. */
    public static final Set<String> FIELDS;

    static {
        Set<String> fields = new LinkedHashSet<>(InputLimits.TASK_TEXT.keySet());
        for (String name : List.of(Vars.RESOLUTION.name(), Vars.FOLLOW_UP_NOTES.name(), Vars.NEW_OWNER.name(),
                Vars.OWNER.name(), Vars.NEW_DUE_DATE.name(), Vars.DECISION.name(), Vars.RATIONALE.name())) {
            fields.add(name);
        }
        FIELDS = Collections.unmodifiableSet(fields);
    }

    /** The errors of a completed form, or (none) the values to store in place of what the form sent. */
    public record Checked(List<FieldError> errors, Map<String, Object> values) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    private final Deadlines deadlines;
    private final Clock clock;
    private final Predicate<String> knownUser;

    @Autowired
    public ActionItemTaskRules(Deadlines deadlines, Clock clock, UserDirectory directory) {
        this(deadlines, clock, OwnerRules.knownUser(directory));
    }

    ActionItemTaskRules(Deadlines deadlines, Clock clock, Predicate<String> knownUser) {
        this.deadlines = deadlines;
        this.clock = clock;
        this.knownUser = knownUser;
    }

    /** Checks the form of task {@code taskDefinitionKey}; {@code form} holds the values of {@link #FIELDS}. */
    public Checked check(String taskDefinitionKey, Map<String, ?> form) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>();
        FormLimits.check(form::get, errors);
        if (errors.isEmpty()) {
            // the one text check of every write: no NUL, control character or lone surrogate in any field
            TextInput.check("", form, errors);
        }
        if (!errors.isEmpty()) {
            return new Checked(errors, Map.of());
        }
        switch (taskDefinitionKey) {
            case Elements.TASK_COMPLETE -> requiredText(form, Vars.RESOLUTION.name(), errors);
            case Elements.TASK_FOLLOW_UP -> followUp(form, values, errors);
            case Elements.TASK_DECIDE -> decide(form, values, errors);
            case PostmortemProcess.Elements.TASK_FOLLOW_UP_REVIEW -> requiredText(form, Vars.FOLLOW_UP_NOTES.name(),
                    errors);
            default -> {
            }
        }
        return errors.isEmpty() ? new Checked(List.of(), values) : new Checked(errors, Map.of());
    }

    /** The optional new owner of the follow-up and decision forms: a single known user other than the owner. */
    private void newOwner(Map<String, ?> form, Map<String, Object> values, List<FieldError> errors) {
        Object value = form.get(Vars.NEW_OWNER.name());
        if (blank(value)) {
            values.put(Vars.NEW_OWNER.name(), null);
            return;
        }
        Object current = form.get(Vars.OWNER.name());
        String owner = OwnerRules.newOwner(value.toString(), current == null ? null : current.toString(),
                Vars.NEW_OWNER.name(), knownUser, errors);
        if (owner != null) {
            values.put(Vars.NEW_OWNER.name(), owner);
        }
    }

    private void followUp(Map<String, ?> form, Map<String, Object> values, List<FieldError> errors) {
        requiredText(form, Vars.FOLLOW_UP_NOTES.name(), errors);
        newOwner(form, values, errors);
        Object value = form.get(Vars.NEW_DUE_DATE.name());
        LocalDate newDueDate = blank(value) ? null : futureDate(value, errors);
        if (errors.isEmpty()) {
            values.put(Vars.NEW_DUE_DATE.name(), newDueDate == null ? null : newDueDate.toString());
            values.put(Vars.DUE_DATE_CHANGED.name(), newDueDate != null);
        }
    }

    private void decide(Map<String, ?> form, Map<String, Object> values, List<FieldError> errors) {
        Object value = form.get(Vars.DECISION.name());
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
            newOwner(form, values, errors);
        } else if (!blank(form.get(Vars.NEW_OWNER.name()))) {
            errors.add(new FieldError(Vars.NEW_OWNER.name(), "only with REPRIORITIZE: a completed or dropped item keeps"
                    + " its owner"));
        }
        LocalDate newDueDate = null;
        if (decision == Decision.REPRIORITIZE) {
            Object due = form.get(Vars.NEW_DUE_DATE.name());
            if (blank(due)) {
                errors.add(new FieldError(Vars.NEW_DUE_DATE.name(), "is required to reprioritise: a date in the future"));
            } else {
                newDueDate = futureDate(due, errors);
            }
        }
        Object rationale = form.get(Vars.RATIONALE.name());
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
            values.put(Vars.DECISION.name(), decision.name());
            values.put(Vars.NEW_DUE_DATE.name(), newDueDate == null ? null : newDueDate.toString());
            values.put(Vars.RATIONALE.name(), blank(rationale) ? null : rationale.toString().strip());
        }
    }

    private LocalDate futureDate(Object value, List<FieldError> errors) {
        String text = value instanceof Date d ? d.toInstant().atZone(deadlines.zone()).toLocalDate().toString()
                : value.toString().trim();
        try {
            LocalDate date = LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
            if (!deadlines.endOfDay(date.toString()).toInstant().isAfter(clock.instant())) {
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

    private static void requiredText(Map<String, ?> form, String name, List<FieldError> errors) {
        if (blank(form.get(name))) {
            errors.add(new FieldError(name, "is required"));
        }
    }

    private static boolean blank(Object value) {
        return value == null || value.toString().isBlank();
    }
}
