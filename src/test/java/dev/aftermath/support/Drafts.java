package dev.aftermath.support;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

import org.camunda.spin.plugin.variable.SpinValues;

/** Document content that passes the quality gate (five whys, two factors, a system-focused root cause). */
public final class Drafts {

    private Drafts() {
    }

    public static Object json(String json) {
        return SpinValues.jsonValue(json).create();
    }

    public static final String FIVE_WHYS = "[{\"text\":\"Checkout failed because the payment DB refused connections\"},"
            + "{\"text\":\"The connection pool was exhausted\"},"
            + "{\"text\":\"Traffic doubled during the campaign\"},"
            + "{\"text\":\"The pool size was sized for last year's traffic\"},"
            + "{\"text\":\"Pool sizes are not part of the load-test plan\"}]";
    public static final String TWO_FACTORS = "[\"No alert on pool saturation\",\"Pool size hard-coded per environment\"]";

    /** A complete draft that passes the gate. */
    public static Map<String, Object> goodDraft() {
        Map<String, Object> m = new HashMap<>();
        m.put("summary", "Checkout failed for 47 minutes: the payment DB connection pool was exhausted.");
        m.put("rootCause", "Connection pool sized for old traffic; no alert on pool saturation");
        m.put("whys", json(FIVE_WHYS));
        m.put("contributingFactors", json(TWO_FACTORS));
        m.put("whatWentWell", "Fast rollback");
        m.put("whatWentWrong", "The alert fired late");
        m.put("lessonsLearned", "Alert on saturation, not on errors");
        m.put("causeCategory", "CAPACITY");
        return m;
    }

    /** What the review meeting agrees: root cause, category and two specific, owned, dated action items. */
    public static Map<String, Object> goodMeeting() {
        String due = LocalDate.now().plusDays(14).toString();
        Map<String, Object> m = new HashMap<>();
        m.put("rootCause", "Connection pool sized for old traffic; no saturation alert");
        m.put("causeCategory", "CAPACITY");
        m.put("meetingNotes", "Agreed on two items");
        m.put("actionItems", json("[{\"title\":\"Alert at 80% pool saturation on payments-db\",\"owner\":\"mia\","
                + "\"dueDate\":\"" + due + "\",\"priority\":\"HIGH\"},"
                + "{\"title\":\"Make pool size configurable per environment\",\"owner\":\"priya\","
                + "\"dueDate\":\"" + due + "\",\"priority\":\"MEDIUM\"}]"));
        return m;
    }
}
