package dev.aftermath.processapi;

/**
 * The process API of {@code processes/ticket-sync.bpmn}: one small instance per change that the issue tracker must
 * hear about (a ladder comment, a new due date, a new assignee, done). It is started in the transaction that makes
 * the change and sends after an async savepoint with retries, so the tracker hears of a change only when it
 * happened, a tracker outage never holds up the item, and a call that keeps failing is an incident in Cockpit.
 * Business key = the item id.
 */
public final class TicketSyncProcess {

    public static final String KEY = "ticket-sync";
    public static final String SYNC = "Sync_Ticket";

    /** What to do: see {@link Intent}. */
    public static final String INTENT = "ticketIntent";
    /** Unique per item and change (e.g. {@code ESCALATED-2-2026-12-01}): a change is sent once. */
    public static final String INTENT_KEY = "ticketIntentKey";
    public static final String COMMENT = "ticketComment";
    public static final String DUE_DATE = "ticketDueDate";
    public static final String RESOLUTION = "ticketResolution";
    public static final String ASSIGNEE_EMAIL = "ticketAssigneeEmail";

    /** The changes a tracker hears about. */
    public enum Intent {
        COMMENT, DUE_DATE, ASSIGN, CLOSE
    }

    private TicketSyncProcess() {
    }
}
