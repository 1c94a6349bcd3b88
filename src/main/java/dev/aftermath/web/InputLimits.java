package dev.aftermath.web;

import java.util.List;
import java.util.Map;

/**
 * Every size limit on input, in one place (README, "Limits", lists the same numbers). Text beyond its limit, or with
 * control characters, is refused with HTTP 400 naming the field; nothing is truncated silently except the fields
 * PagerDuty sends (see the webhook) and the derived lists shown in tasks ("and N more").
 * <p>
 * The limits keep every value inside its database column, and every process variable a user can write inside the
 * engine's String variable column ({@link #STRING_VARIABLE}); longer text belongs in Aftermath's own tables.
 */
public final class InputLimits {

    /** Camunda stores a String variable in a 4000-character column ({@code ACT_RU_VARIABLE.TEXT_}). */
    public static final int STRING_VARIABLE = 4000;

    // ---------------------------------------------------------------- incident closure (POST /api/incidents, start form)
    public static final int INCIDENT_ID = 200;
    public static final int USER_ID = 100;
    public static final int TITLE = 300;
    public static final int SERVICE = 200;
    /** A chat channel id or name (Slack allows 80 characters in a name). */
    public static final int CHAT_CHANNEL = 100;
    public static final int SYMPTOM = 500;
    public static final int CUSTOMER_IMPACT = 10_000;
    public static final int SEVERITY = 10;
    public static final int INSTANT = 40;
    public static final int RESPONDERS = 50;
    /** The responders, comma-joined, are stored in one 2000-character column. */
    public static final int RESPONDERS_JOINED = 2000;
    public static final int TIMELINE_ENTRIES = 200;
    public static final int TIMELINE_EVENT = 1000;
    public static final int TIMELINE_SOURCE = 200;
    public static final int TIMELINE_ACTOR = 200;
    /** The whole timeline as JSON (its column). */
    public static final int TIMELINE_JSON = 100_000;
    public static final long USERS_AFFECTED = 1_000_000_000_000L;

    // ---------------------------------------------------------------- task forms (server-side rules)
    /** Free-text fields of the task forms, by variable name: at most this many characters. */
    public static final Map<String, Integer> TASK_TEXT = Map.ofEntries(
            Map.entry("decisionReason", 1000),
            Map.entry("summary", STRING_VARIABLE),
            Map.entry("impact", STRING_VARIABLE),
            Map.entry("rootCause", STRING_VARIABLE),
            Map.entry("whatWentWell", STRING_VARIABLE),
            Map.entry("whatWentWrong", STRING_VARIABLE),
            Map.entry("lessonsLearned", STRING_VARIABLE),
            Map.entry("meetingNotes", STRING_VARIABLE),
            Map.entry("meetingLocation", 200),
            Map.entry("lateReason", 1000),
            Map.entry("reviewComments", STRING_VARIABLE),
            Map.entry("missedDeadlineNotes", STRING_VARIABLE),
            Map.entry("followUpNotes", STRING_VARIABLE),
            Map.entry("resolution", STRING_VARIABLE),
            Map.entry("rationale", STRING_VARIABLE),
            Map.entry("ticket", 2000),
            Map.entry("reviewers", 2000),
            Map.entry("attendees", 2000));
    /** Single-line task fields (no line breaks). */
    public static final List<String> SINGLE_LINE = List.of("meetingLocation", "ticket", "reviewers", "attendees");
    /** Entries of the list fields of the document (whys, contributing factors) and of each entry's text. */
    public static final int LIST_ENTRIES = 50;
    public static final int LIST_ENTRY = 2000;
    public static final int ACTION_ITEMS = 50;
    public static final int ACTION_ITEM_TITLE = 300;

    // ---------------------------------------------------------------- queries
    /** Text filter parameters ({@code q}, {@code service}, {@code symptom}, {@code owner}, ...). */
    public static final int QUERY_TEXT = 200;
    /** Highest page number of any list (0-based); together with the page size it bounds the offset. */
    public static final int MAX_PAGE = 10_000;

    // ---------------------------------------------------------------- derived lists shown in tasks
    /** Lines of a derived list (earlier incidents, open items of a service) before "and N more". */
    public static final int DERIVED_LIST_LINES = 10;

    private InputLimits() {
    }

    /**
     * Checks one text value: at most {@code max} characters, no NUL or other control characters (line breaks and tabs
     * only when {@code multiline}), no unpaired UTF-16 surrogates. Adds a {@link FieldError} and answers false when
     * the value breaks a rule.
     */
    public static boolean text(String field, String value, int max, boolean multiline, List<FieldError> errors) {
        if (value == null) {
            return true;
        }
        if (value.length() > max) {
            errors.add(new FieldError(field, "must be at most " + max + " characters (was " + value.length() + ")"));
            return false;
        }
        String problem = badCharacter(value, multiline);
        if (problem != null) {
            errors.add(new FieldError(field, problem));
            return false;
        }
        return true;
    }

    /** A client-chosen key as a field name in an answer: itself when it looks like a name, else "(unknown field)". */
    public static String fieldName(String key) {
        return key != null && key.matches("[A-Za-z][A-Za-z0-9_]{0,49}") ? key : "(unknown field)";
    }

    /** What is wrong with the characters of {@code value}, or null. */
    public static String badCharacter(String value, boolean multiline) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\n' || c == '\r' || c == '\t') {
                if (!multiline && c != '\t') {
                    return "must be a single line";
                }
            } else if (Character.isISOControl(c)) {
                return "must not contain control characters (found U+" + String.format("%04X", (int) c) + ")";
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return "must be valid Unicode text";
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return "must be valid Unicode text";
            }
        }
        return null;
    }

    /**
     * A derived list for a task (a String variable): at most {@link #DERIVED_LIST_LINES} lines and
     * {@link #STRING_VARIABLE} characters; what is left out is counted in a last line "… and N more".
     *
     * @param total how many lines there are in all (may exceed {@code lines.size()})
     */
    public static String cappedLines(String header, List<String> lines, long total) {
        return cappedLines(header, lines, total, DERIVED_LIST_LINES);
    }

    /** The same with another number of lines (still within {@link #STRING_VARIABLE} characters). */
    public static String cappedLines(String header, List<String> lines, long total, int maxLines) {
        int max = STRING_VARIABLE - 100;
        StringBuilder s = new StringBuilder(header == null ? "" : header);
        int shown = 0;
        for (String line : lines) {
            String l = line.length() > 600 ? line.substring(0, 599) + "…" : line;
            if (shown >= maxLines || s.length() + l.length() + 1 > max) {
                break;
            }
            if (!s.isEmpty()) {
                s.append('\n');
            }
            s.append(l);
            shown++;
        }
        long more = Math.max(total, lines.size()) - shown;
        if (more > 0) {
            s.append("\n… and ").append(more).append(" more");
        }
        return s.toString();
    }
}
