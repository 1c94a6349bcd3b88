package dev.aftermath.quality;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One finding of the quality gate: the section (variable name, with an index for list entries), the offending text,
 * the rule (its id in {@code processes/quality-rules.json}), the severity, why it matters and a system-focused hint.
 */
public record QualityFinding(String section, String text, String rule, Severity severity, String why, String hint) {

    public enum Severity {
        /** Sends the document back; cannot be acknowledged. */
        BLOCKING,
        /** Sends the document back once unless acknowledged in the form. */
        WARNING
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("section", section);
        m.put("text", text);
        m.put("rule", rule);
        m.put("severity", severity.name());
        m.put("why", why);
        m.put("hint", hint);
        return m;
    }
}
