package dev.aftermath.template;

/** Markup produced by the application itself (never user text): inserted into HTML templates without escaping. */
public record SafeHtml(String html) {
    @Override
    public String toString() {
        return html;
    }
}
