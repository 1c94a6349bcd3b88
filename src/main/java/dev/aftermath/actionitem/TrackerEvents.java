package dev.aftermath.actionitem;

import java.time.LocalDate;
import java.util.Optional;

/**
 * The port through which an issue tracker's adapter reports what happened to an item's issue (the Jira webhook
 * calls it): the feature decides what that means for the item. Every method runs in the adapter's transaction.
 */
public interface TrackerEvents {

    /** The item whose issue has this key, if any. */
    Optional<ActionItem> findByTicketKey(String key);

    /** The item as it is now (404 when unknown). */
    ActionItem get(String itemId);

    /** The issue was done in the tracker: the item ends DONE. False when it cannot (ended, not waiting for it). */
    boolean completed(ActionItem item, String resolution, String by, String trackerName);

    /**
     * The due date changed in the tracker: the ladder starts again from it. False when nothing changed or the item
     * cannot take it now (ended, or waiting for the managers' decision: then a comment in the tracker says so).
     */
    boolean rescheduled(ActionItem item, LocalDate dueDate, String by, String trackerName);

    /**
     * The issue was assigned to a user Aftermath knows: the item changes hands.
     *
     * @throws dev.aftermath.web.ConflictException the item cannot change hands now
     * @throws dev.aftermath.web.InvalidInputException the user cannot own it (unknown, already the owner)
     */
    void reassigned(ActionItem item, String newOwner, String rationale, String by, String trackerName);

    /** The issue was assigned to someone Aftermath does not know: a comment in the tracker says so. */
    void unknownAssignee(ActionItem item, String assignee);
}
