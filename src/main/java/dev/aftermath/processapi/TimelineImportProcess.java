package dev.aftermath.processapi;

/**
 * The process API of {@code processes/timeline-import.bpmn}: one small instance per source of timeline candidates
 * (the incident's Slack channel, the PagerDuty incident's log) started when the post-mortem's draft is generated. It
 * imports after an async savepoint with retries, so a source that is down never holds up the draft, and one that
 * keeps failing is an incident in Cockpit. Business key = the incident id.
 */
public final class TimelineImportProcess {

    public static final String KEY = "timeline-import";

    /** Element ids. */
    public static final class Elements {
        public static final String START = "StartEvent_DraftGenerated";
        public static final String IMPORT = "Import_TimelineCandidates";
        public static final String END = "End_CandidatesImported";

        private Elements() {
        }
    }

    /** Variables (set when the draft starts the instance). */
    public static final class Vars {
        /** The source's name ({@code slack}, {@code pagerduty}). */
        public static final ProcessVariable<String> SOURCE = ProcessVariable.string("candidateSource");

        private Vars() {
        }
    }

    private TimelineImportProcess() {
    }
}
