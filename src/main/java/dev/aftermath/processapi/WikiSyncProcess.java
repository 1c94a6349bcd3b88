package dev.aftermath.processapi;

/**
 * The process API of {@code processes/wiki-sync.bpmn}: one small instance per change to a published post-mortem that
 * its wiki page must show (an action item's state or owner, a new review round). It updates the page after an async
 * savepoint with retries, so a wiki outage never holds up the change and a call that keeps failing is a Cockpit
 * incident. Business key = the incident id.
 */
public final class WikiSyncProcess {

    public static final String KEY = "wiki-sync";

    /** Element ids. */
    public static final class Elements {
        public static final String START = "StartEvent_PostmortemChanged";
        public static final String UPDATE_PAGE = "Update_WikiPage";
        public static final String END = "End_WikiUpdated";

        private Elements() {
        }
    }

    private WikiSyncProcess() {
    }
}
