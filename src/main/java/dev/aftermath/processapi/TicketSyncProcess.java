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

    /** Element ids. */
    public static final class Elements {
        public static final String START = "StartEvent_ItemChanged";
        public static final String SYNC = "Sync_Ticket";

        private Elements() {
        }
    }

    /** Variables (set when the change starts the instance). */
    public static final class Vars {
        /** What to do: see {@link Intent}. */
        public static final ProcessVariable<String> INTENT = ProcessVariable.string("ticketIntent");
        /** Unique per item and change (e.g. {@code ESCALATED-2-2026-12-01}): a change is sent once. */
        public static final ProcessVariable<String> INTENT_KEY = ProcessVariable.string("ticketIntentKey");
        public static final ProcessVariable<String> COMMENT = ProcessVariable.string("ticketComment");
        public static final ProcessVariable<String> DUE_DATE = ProcessVariable.string("ticketDueDate");
        public static final ProcessVariable<String> RESOLUTION = ProcessVariable.string("ticketResolution");
        public static final ProcessVariable<String> ASSIGNEE_EMAIL = ProcessVariable.string("ticketAssigneeEmail");

        private Vars() {
        }
    }

    /** The changes a tracker hears about. */
    public enum Intent {
        COMMENT, DUE_DATE, ASSIGN, CLOSE
    }

    private TicketSyncProcess() {
    }
}
