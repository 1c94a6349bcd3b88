package dev.aftermath.template;

/** Helpers for user text inside Markdown documents ({@code $md} in templates). */
public class MarkdownText {

    /** A value for a Markdown table cell: one line, pipes escaped. */
    public String cell(Object value) {
        if (value == null) {
            return "";
        }
        return value.toString().replace("\\", "\\\\").replace("|", "\\|").replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }

    /** A value on one line of Markdown (headings, list items): line breaks folded. */
    public String line(Object value) {
        if (value == null) {
            return "";
        }
        return value.toString().replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }

    /** An iCalendar TEXT value (RFC 5545 3.3.11). */
    public String ics(Object value) {
        if (value == null) {
            return "";
        }
        return value.toString().replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
                .replace("\r\n", "\\n").replace("\n", "\\n");
    }
}
