package dev.aftermath.notification;

import java.util.Map;

/**
 * The port through which the send steps get the model of a mail: the feature that owns the documents builds it
 * ({@code $incident}, {@code $doc}, {@code $links}, {@code $fmt}, {@code $vars}); notification only renders and
 * delivers it.
 */
public interface MailModelSource {

    /**
     * @param businessKey the business key of the instance that sends (an incident id, or an action item's
     *                    {@code <incidentId>/AI-<n>})
     * @param variables   the variables of the sending instance or task
     * @return a mutable model
     */
    Map<String, Object> build(String businessKey, Map<String, Object> variables);
}
