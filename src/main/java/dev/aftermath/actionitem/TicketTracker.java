package dev.aftermath.actionitem;

import java.time.LocalDate;
import java.util.Optional;

/**
 * The port through which action items live in an issue tracker (implemented by an adapter, e.g.
 * {@code dev.aftermath.integration.jira}). Every call is made from an asynchronous step with retries, never inside
 * the transaction that moves an item; each must be safe to repeat.
 */
public interface TicketTracker {

    /** Whether the tracker is configured; when not, items use the generic ticket webhook (or none). */
    boolean active();

    /**
     * Whether the tracker has a place for the items of restricted post-mortems that only their people can read (a
     * restricted project or an issue security level). Without one those items stay in Aftermath: their titles never
     * reach a shared project.
     */
    default boolean acceptsRestricted() {
        return false;
    }

    /** The tracker's name for history entries and mails ("Jira"). */
    String name();

    /**
     * Creates the issue of an item, or finds the one created for it before (a retry after a lost answer): an item
     * never gets two issues.
     */
    Ticket create(NewTicket item);

    /** The issue created for an item, if any (looked up by the item's unique label or property). */
    Optional<Ticket> find(String itemId);

    /** Adds a comment once per {@code intentKey} (a retry finds the comment it added). */
    void comment(String ticketKey, String intentKey, String text);

    void updateDueDate(String ticketKey, LocalDate dueDate);

    /** Assigns the issue to the account of this e-mail address; false when the tracker knows no such account. */
    boolean assign(String ticketKey, String email);

    /**
     * Moves the issue to done; a dropped item with the tracker's resolution for work that will not be done. An issue
     * already done stays as it is.
     */
    void close(String ticketKey, boolean dropped);

    /** An issue: its key and the URL people open. */
    record Ticket(String key, String url) {
    }

    /**
     * Everything an issue is created from; {@code restricted}: the item belongs to a restricted post-mortem (created
     * only when {@link #acceptsRestricted()}, in the restricted place).
     */
    record NewTicket(String itemId, String incidentId, String incidentTitle, String title, String ownerEmail,
                     LocalDate dueDate, String priority, String causeCategory, String rootCause,
                     String postmortemLink, String incidentLink, String itemLink, String description,
                     boolean restricted) {

        public NewTicket(String itemId, String incidentId, String incidentTitle, String title, String ownerEmail,
                         LocalDate dueDate, String priority, String causeCategory, String rootCause,
                         String postmortemLink, String incidentLink, String itemLink, String description) {
            this(itemId, incidentId, incidentTitle, title, ownerEmail, dueDate, priority, causeCategory, rootCause,
                    postmortemLink, incidentLink, itemLink, description, false);
        }
    }
}
