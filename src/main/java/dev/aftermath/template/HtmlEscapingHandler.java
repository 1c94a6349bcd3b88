package dev.aftermath.template;

import org.apache.velocity.context.Context;
import org.apache.velocity.app.event.ReferenceInsertionEventHandler;
import org.apache.velocity.runtime.directive.Block;

/**
 * Escapes every value a template inserts into HTML, so user text can never become markup. Only {@link SafeHtml}
 * (markup the application built) and template blocks ({@code #define}, block macro bodies) pass through unchanged.
 */
class HtmlEscapingHandler implements ReferenceInsertionEventHandler {
    @Override
    public Object referenceInsert(Context context, String reference, Object value) {
        if (value == null || value instanceof SafeHtml || value instanceof Block.Reference) {
            return value;
        }
        return Html.escape(value);
    }
}
