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

    /**
     * User text inside a Markdown document, kept as Markdown but never as markup: {@code <} is written as
     * {@code &lt;} (no raw HTML survives a Markdown viewer) and {@code javascript:} URLs are defused.
     */
    public String text(Object value) {
        if (value == null) {
            return "";
        }
        return value.toString().replace("<", "&lt;").replaceAll("(?i)(java|vb)script:", "$1script&#58;")
                .replaceAll("(?i)data:text/html", "data&#58;text/html");
    }

    /** {@link #line(Object)} made safe like {@link #text(Object)}. */
    public String safeLine(Object value) {
        return text(line(value));
    }

    /** {@link #cell(Object)} made safe like {@link #text(Object)}. */
    public String safeCell(Object value) {
        return text(cell(value));
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
