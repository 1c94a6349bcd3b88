package dev.aftermath.library;

import java.util.List;
import java.util.Map;

/**
 * The current state of a published post-mortem's action items, for the library page. The default
 * ({@link StoredActionItemStates}) returns the items as stored with the document and no state; the action-item
 * tracking feature plugs its live state in by declaring its own bean of this type as {@code @Primary}.
 */
public interface ActionItemStates {

    /**
     * The items of one post-mortem with their state: each map keeps the stored fields ({@code title}, {@code owner},
     * {@code ownerName}, {@code dueDate}, {@code priority}) and adds {@code state} (e.g. OPEN, IN_PROGRESS, DONE,
     * OVERDUE, DROPPED; {@code null} when unknown) and optionally {@code link}.
     */
    List<Map<String, Object>> states(String incidentId, List<Map<String, Object>> storedItems);
}
