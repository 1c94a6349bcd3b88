package dev.aftermath.postmortem;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

import dev.aftermath.calendar.Deadlines;
import dev.aftermath.calendar.Timestamps;
import dev.aftermath.directory.UserDirectory;
import dev.aftermath.processapi.PostmortemProcess.Elements;
import dev.aftermath.processapi.PostmortemProcess.Vars;
import dev.aftermath.process.JsonVariables;
import dev.aftermath.process.FormLimits;
import dev.aftermath.template.Formats;
import dev.aftermath.web.FieldError;
import dev.aftermath.web.InputLimits;
import dev.aftermath.web.TextInput;

/**
 * The rules of the post-mortem forms, enforced on the server when a task completes, whether from Tasklist or from
 * {@code /engine-rest/task/{id}/complete}: a broken rule rejects the completion (the task stays open) with every bad
 * field named. Accepted input is normalised into the canonical variable shapes. Plain rules over the submitted values:
 * {@code PostmortemTaskListeners} hands them over and writes the result back.
 */
@Component
public class PostmortemTaskRules {

    public static final Set<String> CAUSE_CATEGORIES = Set.of("CONFIGURATION", "DEPLOYMENT", "DEPENDENCY_FAILURE",
            "CAPACITY", "CODE_DEFECT", "HUMAN_ERROR", "OTHER");
    public static final Set<String> PRIORITIES = Set.of("HIGH", "MEDIUM", "LOW");
    public static final Set<String> FORMATS = Set.of("FULL", "LIGHTWEIGHT");
    private static final Set<String> NOT_AN_OWNER = Set.of("team", "the team", "everyone", "all", "nobody", "tbd");

    private final UserDirectory directory;
    private final JsonVariables json;
    private final PostmortemDocuments documents;
    private final Deadlines deadlines;
    private final Clock clock;

    public PostmortemTaskRules(UserDirectory directory, JsonVariables json, PostmortemDocuments documents,
                               Deadlines deadlines, Clock clock) {
        this.clock = clock;
        this.directory = directory;
        this.json = json;
        this.documents = documents;
        this.deadlines = deadlines;
    }

    /** A checked form: every broken rule (empty when accepted) and the normalised values to store. */
    public record Checked(List<FieldError> errors, Map<String, Object> values) {

        public boolean accepted() {
            return errors.isEmpty();
        }
    }

    /** The submitted values of a task, and the normalised values the check writes back. */
    private record Form(Map<String, Object> submitted, Map<String, Object> values) {

        Object get(String name) {
            return submitted.get(name);
        }

        void set(String name, Object value) {
            values.put(name, value);
        }
    }

    /**
     * Checks the variables of a completing task ({@code taskKey}: its definition key; {@code form}: the variables as
     * the task sees them; {@code actor}: who completes it) and normalises them into the canonical shapes. The values
     * are to be stored only when no rule is broken.
     */
    public Checked check(String taskKey, Map<String, Object> submitted, String actor) {
        List<FieldError> errors = new ArrayList<>();
        Form form = new Form(submitted, new LinkedHashMap<>());
        FormLimits.check(form::get, errors);
        if (errors.isEmpty()) {
            // the one text check of every write: no NUL, control character or lone surrogate in any field
            TextInput.check("", submitted, errors);
        }
        if (!errors.isEmpty()) {
            return new Checked(errors, Map.of());
        }
        switch (taskKey) {
            case Elements.TASK_DECIDE_NEED -> decideNeed(form, errors);
            case Elements.TASK_ASSIGN_ROLES -> assignRoles(form, errors);
            case Elements.TASK_WRITE_DRAFT -> document(form, errors);
            case Elements.TASK_FINALIZE -> {
                document(form, errors);
                actionItems(form, errors);
            }
            case Elements.TASK_SCHEDULE_MEETING -> scheduleMeeting(form, errors);
            case Elements.TASK_CHANGE_MEETING -> changeMeeting(form, errors);
            case Elements.TASK_HOLD_MEETING -> holdMeeting(form, errors);
            case Elements.TASK_APPROVE -> approve(form, actor, errors);
            case Elements.TASK_REVIEW_MISSED_DEADLINE -> requiredText(form, Vars.MISSED_DEADLINE_NOTES.name(), errors);
            default -> {
            }
        }
        return new Checked(errors, errors.isEmpty() ? form.values() : Map.of());
    }

    private void decideNeed(Form form, List<FieldError> errors) {
        Boolean needed = bool(form, Vars.POSTMORTEM_NEEDED.name(), errors);
        if (needed != null) {
            form.set(Vars.POSTMORTEM_NEEDED.name(), needed);
        }
        requiredText(form, Vars.DECISION_REASON.name(), errors);
        Object format = form.get(Vars.FORMAT.name());
        if (Boolean.TRUE.equals(needed) && format != null && !FORMATS.contains(format.toString())) {
            errors.add(new FieldError(Vars.FORMAT.name(), "must be FULL (with a review meeting) or LIGHTWEIGHT (without)"));
        }
    }

    private void assignRoles(Form form, List<FieldError> errors) {
        String author = singleUser(form.get(Vars.AUTHOR.name()), Vars.AUTHOR.name(), errors);
        String facilitator = singleUser(form.get(Vars.FACILITATOR.name()), Vars.FACILITATOR.name(), errors);
        List<String> reviewers = userList(form.get(Vars.REVIEWERS.name()), Vars.REVIEWERS.name(), false, errors);
        if (errors.isEmpty()) {
            form.set(Vars.AUTHOR.name(), author);
            form.set(Vars.FACILITATOR.name(), facilitator);
            form.set(Vars.REVIEWERS.name(), String.join(",", reviewers));
            form.set(Vars.ROLES_ASSIGNED.name(), true);
        }
    }

    private void document(Form form, List<FieldError> errors) {
        Object category = form.get(Vars.CAUSE_CATEGORY.name());
        if (category != null && !category.toString().isBlank() && !CAUSE_CATEGORIES.contains(category.toString())) {
            errors.add(new FieldError(Vars.CAUSE_CATEGORY.name(), "must be one of " + String.join(", ",
                    CAUSE_CATEGORIES.stream().sorted().toList())));
        }
        JsonNode timeline = json.read(form.get(Vars.TIMELINE.name()));
        if (timeline != null && timeline.isArray() && timeline.size() > InputLimits.TIMELINE_ENTRIES) {
            errors.add(new FieldError(Vars.TIMELINE.name(), "must have at most " + InputLimits.TIMELINE_ENTRIES
                    + " entries"));
        } else if (timeline != null && timeline.isArray()) {
            int i = 0;
            for (JsonNode entry : timeline) {
                String path = Vars.TIMELINE.name() + "[" + i + "]";
                JsonNode at = entry.get("at");
                if (at != null && !at.isNull() && !at.asText().isBlank() && (at.asText().length() > InputLimits.INSTANT
                        || Timestamps.parse(at.asText()) == null)) {
                    errors.add(new FieldError(path + ".at",
                            "must be an ISO-8601 instant such as 2026-11-20T14:23:00Z"));
                }
                InputLimits.text(path + ".event", text(entry, "event"), InputLimits.TIMELINE_EVENT, true, errors);
                InputLimits.text(path + ".source", text(entry, "source"), InputLimits.TIMELINE_SOURCE, false, errors);
                InputLimits.text(path + ".actor", text(entry, "actor"), InputLimits.TIMELINE_ACTOR, false, errors);
                i++;
            }
        } else if (timeline != null) {
            errors.add(new FieldError(Vars.TIMELINE.name(), "must be a list of {at, event, source, actor}"));
        }
        listOfTexts(form, Vars.WHYS.name(), errors);
        listOfTexts(form, Vars.CONTRIBUTING_FACTORS.name(), errors);
        if (!errors.isEmpty()) {
            return;
        }
        // kept in the author's order: the quality gate points out entries out of time order
        form.set(Vars.TIMELINE.name(), json.write(documents.timelineAsGiven(form.get(Vars.TIMELINE.name()))));
        form.set(Vars.WHYS.name(), json.write(asTextObjects(documents.texts(form.get(Vars.WHYS.name())))));
        form.set(Vars.CONTRIBUTING_FACTORS.name(),
                json.write(asTextObjects(documents.texts(form.get(Vars.CONTRIBUTING_FACTORS.name())))));
    }

    /** Whys and contributing factors: at most {@link InputLimits#LIST_ENTRIES} entries of limited length. */
    private void listOfTexts(Form form, String name, List<FieldError> errors) {
        List<String> texts = documents.texts(form.get(name));
        if (texts.size() > InputLimits.LIST_ENTRIES) {
            errors.add(new FieldError(name, "must have at most " + InputLimits.LIST_ENTRIES + " entries"));
            return;
        }
        for (int i = 0; i < texts.size(); i++) {
            InputLimits.text(name + "[" + i + "]", texts.get(i), InputLimits.LIST_ENTRY, true, errors);
        }
    }

    private void scheduleMeeting(Form form, List<FieldError> errors) {
        Instant start = meetingStart(Vars.MEETING_START.name(), form.get(Vars.MEETING_START.name()),
                form.get(Vars.MEETING_DEADLINE.name()), form.get(Vars.LATE_REASON.name()), clock.instant(), errors);
        Object duration = form.get(Vars.MEETING_DURATION_MINUTES.name());
        long minutes = 60;
        if (duration != null && !duration.toString().isBlank()) {
            try {
                minutes = Math.round(Double.parseDouble(duration.toString()));
                if (minutes < 15 || minutes > 480) {
                    errors.add(new FieldError(Vars.MEETING_DURATION_MINUTES.name(), "must be between 15 and 480 minutes"));
                }
            } catch (NumberFormatException e) {
                errors.add(new FieldError(Vars.MEETING_DURATION_MINUTES.name(), "must be a number of minutes"));
            }
        }
        List<String> attendees = userList(form.get(Vars.ATTENDEES.name()), Vars.ATTENDEES.name(), true, errors);
        if (errors.isEmpty()) {
            form.set(Vars.MEETING_START.name(), start.toString());
            form.set(Vars.MEETING_DURATION_MINUTES.name(), minutes);
            form.set(Vars.ATTENDEES.name(), String.join(",", attendees));
        }
    }

    /**
     * The window rules of a meeting start, for scheduling and for a move: an ISO-8601 instant, not in the past, not
     * after the meeting deadline while the deadline can still be met, and after the window only with a lateReason.
     */
    public static Instant meetingStart(String field, Object startValue, Object meetingDeadline, Object lateReason,
                                       Instant now, List<FieldError> errors) {
        Instant start = startValue instanceof Date d ? d.toInstant()
                : startValue == null ? null : instant(startValue.toString());
        if (start == null) {
            errors.add(new FieldError(field, startValue == null || startValue.toString().isBlank()
                    ? "is required" : "must be an ISO-8601 date-time with offset, e.g. 2026-11-24T15:00:00Z"));
        } else if (start.isBefore(now)) {
            errors.add(new FieldError(field, "lies in the past"));
        } else {
            Instant deadline = Deadlines.instant(meetingDeadline);
            if (start.isAfter(deadline)) {
                if (now.isBefore(deadline)) {
                    errors.add(new FieldError(field, "is after the meeting deadline "
                            + deadline + ": the meeting must be held inside its window"));
                } else if (blank(lateReason)) {
                    errors.add(new FieldError(Vars.LATE_REASON.name(), "is required: the meeting window closed at "
                            + deadline + ", so say why the meeting is late"));
                }
            }
        }
        return start;
    }

    /** Task_ChangeMeeting: MOVE (a new start by the window rules) or CANCEL, always with a reason. */
    private void changeMeeting(Form form, List<FieldError> errors) {
        Object action = form.get(Vars.MEETING_CHANGE_ACTION.name());
        String a = action == null ? "" : action.toString().trim().toUpperCase();
        if (!a.equals("MOVE") && !a.equals("CANCEL")) {
            errors.add(new FieldError(Vars.MEETING_CHANGE_ACTION.name(), "must be MOVE or CANCEL"));
        }
        requiredText(form, Vars.MEETING_CHANGE_REASON.name(), errors);
        if (a.equals("MOVE")) {
            meetingStart(Vars.NEW_MEETING_START.name(), form.get(Vars.NEW_MEETING_START.name()),
                    form.get(Vars.MEETING_DEADLINE.name()), form.get(Vars.LATE_REASON.name()), clock.instant(), errors);
        }
        if (errors.isEmpty()) {
            form.set(Vars.MEETING_CHANGE_ACTION.name(), a);
        }
    }

    private void holdMeeting(Form form, List<FieldError> errors) {
        requiredText(form, Vars.ROOT_CAUSE.name(), errors);
        Object category = form.get(Vars.CAUSE_CATEGORY.name());
        if (blank(category)) {
            errors.add(new FieldError(Vars.CAUSE_CATEGORY.name(), "is required"));
        } else if (!CAUSE_CATEGORIES.contains(category.toString())) {
            errors.add(new FieldError(Vars.CAUSE_CATEGORY.name(), "must be one of " + String.join(", ",
                    CAUSE_CATEGORIES.stream().sorted().toList())));
        }
        actionItems(form, errors);
    }

    /** Checks and normalises the action items when the task sends them (hold meeting, finalisation). */
    private void actionItems(Form form, List<FieldError> errors) {
        int before = errors.size();
        JsonNode items = json.read(form.get(Vars.ACTION_ITEMS.name()));
        List<Map<String, Object>> normalized = new ArrayList<>();
        if (items != null && !items.isArray()) {
            errors.add(new FieldError(Vars.ACTION_ITEMS.name(), "must be a list of {title, owner, dueDate, priority}"));
        } else if (items != null && items.size() > InputLimits.ACTION_ITEMS) {
            errors.add(new FieldError(Vars.ACTION_ITEMS.name(), "must have at most " + InputLimits.ACTION_ITEMS + " items"));
        } else if (items != null) {
            int i = 0;
            for (JsonNode item : items) {
                String path = Vars.ACTION_ITEMS.name() + "[" + i++ + "]";
                normalized.add(actionItem(item, path, errors));
            }
        }
        if (errors.size() == before && items != null) {
            form.set(Vars.ACTION_ITEMS.name(), json.write(normalized));
        }
    }

    private Map<String, Object> actionItem(JsonNode item, String path, List<FieldError> errors) {
        Map<String, Object> a = new LinkedHashMap<>();
        String title = text(item, "title");
        if (title == null) {
            errors.add(new FieldError(path + ".title", "is required"));
        } else {
            InputLimits.text(path + ".title", title, InputLimits.ACTION_ITEM_TITLE, false, errors);
        }
        String owner = text(item, "owner");
        if (owner != null && owner.length() > InputLimits.USER_ID) {
            errors.add(new FieldError(path + ".owner", "must be at most " + InputLimits.USER_ID + " characters"));
        } else if (owner == null) {
            errors.add(new FieldError(path + ".owner", "is required: one person who owns the item"));
        } else if (owner.contains(",") || owner.contains(" ") || NOT_AN_OWNER.contains(owner.toLowerCase())) {
            errors.add(new FieldError(path + ".owner", "must be a single person's user id, not '" + owner + "'"));
        } else if (directory.isGroup(owner) && !directory.exists(owner)) {
            errors.add(new FieldError(path + ".owner", "'" + owner + "' is a group: name one person"));
        } else if (!directory.exists(owner)) {
            errors.add(new FieldError(path + ".owner", "'" + owner + "' is not a known user id"));
        }
        String due = text(item, "dueDate");
        if (due != null && due.length() > InputLimits.INSTANT) {
            errors.add(new FieldError(path + ".dueDate", "must be a date YYYY-MM-DD"));
        } else if (due == null) {
            errors.add(new FieldError(path + ".dueDate", "is required (YYYY-MM-DD)"));
        } else {
            try {
                LocalDate.parse(due.length() > 10 ? due.substring(0, 10) : due);
                due = due.length() > 10 ? due.substring(0, 10) : due;
                if (!deadlines.endOfDay(due).toInstant().isAfter(clock.instant())) {
                    errors.add(new FieldError(path + ".dueDate", "must be in the future"));
                }
            } catch (DateTimeParseException e) {
                errors.add(new FieldError(path + ".dueDate", "must be a date YYYY-MM-DD"));
            }
        }
        String priority = text(item, "priority");
        if (priority == null || !PRIORITIES.contains(priority.toUpperCase())) {
            errors.add(new FieldError(path + ".priority", "must be HIGH, MEDIUM or LOW"));
        }
        a.put("title", title);
        a.put("owner", owner);
        a.put("dueDate", due);
        a.put("priority", priority == null ? null : priority.toUpperCase());
        return a;
    }

    /**
     * Four eyes: the post-mortem's author never approves it; the task stays open for the other tech leads. The
     * problem, or null when {@code who} may approve.
     */
    public static String fourEyes(Object author, String who) {
        if (who != null && author != null && who.equals(author.toString().trim())) {
            return "'" + who + "' wrote this post-mortem and cannot approve it (four eyes): another tech lead must";
        }
        return null;
    }

    /** Assignment of the approval: the claim by the post-mortem's author is refused (empty when allowed). */
    public List<FieldError> checkApprover(Object author, String assignee) {
        String problem = fourEyes(author, assignee);
        return problem == null ? List.of() : List.of(new FieldError("assignee", problem));
    }

    private void approve(Form form, String actor, List<FieldError> errors) {
        String problem = fourEyes(form.get(Vars.AUTHOR.name()), actor);
        if (problem != null) {
            errors.add(new FieldError(Vars.APPROVED.name(), problem));
            return;
        }
        Boolean approved = bool(form, Vars.APPROVED.name(), errors);
        if (approved == null) {
            return;
        }
        form.set(Vars.APPROVED.name(), approved);
        if (!approved && blank(form.get(Vars.REVIEW_COMMENTS.name()))) {
            errors.add(new FieldError(Vars.REVIEW_COMMENTS.name(), "is required when the publication is not approved"));
        }
        if (errors.isEmpty() && !approved) {
            Object rounds = form.get(Vars.REVIEW_ROUNDS.name());
            form.set(Vars.REVIEW_ROUNDS.name(), (rounds instanceof Number n ? n.intValue() : 0) + 1);
        }
    }

    private Boolean bool(Form form, String name, List<FieldError> errors) {
        Object value = form.get(name);
        if (value instanceof Boolean b) {
            return b;
        }
        if (value != null && ("true".equalsIgnoreCase(value.toString()) || "false".equalsIgnoreCase(value.toString()))) {
            return Boolean.parseBoolean(value.toString());
        }
        errors.add(new FieldError(name, "is required: true or false"));
        return null;
    }

    private void requiredText(Form form, String name, List<FieldError> errors) {
        if (blank(form.get(name))) {
            errors.add(new FieldError(name, "is required"));
        }
    }

    private String singleUser(Object value, String name, List<FieldError> errors) {
        if (blank(value)) {
            errors.add(new FieldError(name, "is required"));
            return null;
        }
        String id = value.toString().trim();
        if (!directory.exists(id)) {
            errors.add(new FieldError(name, "'" + id + "' is not a known user id"));
            return null;
        }
        return id;
    }

    private List<String> userList(Object value, String name, boolean required, List<FieldError> errors) {
        List<String> ids = Formats.ids(value instanceof String ? value : json.plain(value));
        if (required && ids.isEmpty()) {
            errors.add(new FieldError(name, "is required: comma-separated user ids"));
        }
        List<String> unknown = ids.stream().filter(id -> !directory.exists(id)).toList();
        if (!unknown.isEmpty()) {
            errors.add(new FieldError(name, "unknown user ids: " + String.join(", ", unknown)));
        }
        return ids.stream().distinct().toList();
    }

    private static List<Map<String, Object>> asTextObjects(List<String> texts) {
        return texts.stream().map(t -> Map.<String, Object>of("text", t)).toList();
    }

    private static boolean blank(Object value) {
        return value == null || value.toString().isBlank();
    }

    private static String text(JsonNode item, String field) {
        JsonNode v = item == null ? null : item.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText().trim();
    }

    /** A meeting start: strict ISO-8601 with offset, as the calendar's deadlines read it later. */
    private static Instant instant(String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
