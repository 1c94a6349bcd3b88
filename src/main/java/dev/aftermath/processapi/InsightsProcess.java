package dev.aftermath.processapi;

/**
 * The process API of the insights diagrams: {@code processes/insights-weekly-digest.bpmn},
 * {@code processes/insights-quarterly-digest.bpmn} and {@code processes/insights-leadership-brief.bpmn}.
 */
public final class InsightsProcess {

    private InsightsProcess() {
    }

    /** Weekly digest to tech leads (timer start, cycle in the diagram). */
    public static final class Weekly {
        public static final String KEY = "insights-weekly-digest";
        public static final String START = "StartEvent_Weekly";
        public static final String BUILD = "Build_WeeklyDigest";
        public static final String SEND = "Send_WeeklyDigest";
        public static final String END = "End_WeeklyDigestSent";

        private Weekly() {
        }
    }

    /** Quarterly review to engineering managers (timer start on days 1-7 of a quarter, then a business-day check). */
    public static final class Quarterly {
        public static final String KEY = "insights-quarterly-digest";
        public static final String START = "StartEvent_Quarterly";
        public static final String CHECK = "Check_FirstBusinessDay";
        public static final String BUILD = "Build_QuarterlyDigest";
        public static final String SEND = "Send_QuarterlyDigest";
        public static final String END = "End_QuarterlyDigestSent";
        public static final String END_NOT_TODAY = "End_NotFirstBusinessDay";

        private Quarterly() {
        }
    }

    /** Leadership brief at publication of a SEV1/SEV2 post-mortem (message start, business key = incident id). */
    public static final class Brief {
        public static final String KEY = "insights-leadership-brief";
        public static final String MESSAGE = "PostmortemPublished";
        public static final String START = "StartEvent_PostmortemPublished";
        public static final String BUILD = "Build_LeadershipBrief";
        public static final String SEND = "Send_LeadershipBrief";
        public static final String END = "End_BriefSent";
        public static final String END_NOT_HIGH = "End_NotHighSeverity";
        public static final String END_RESTRICTED = "End_Restricted";

        private Brief() {
        }
    }

    /** Variables. */
    public static final class Vars {
        public static final ProcessVariable<Object> DIGEST = ProcessVariable.json("digest");
        public static final ProcessVariable<Object> BRIEF = ProcessVariable.json("brief");
        public static final ProcessVariable<Boolean> FIRST_BUSINESS_DAY = ProcessVariable.bool("firstBusinessDay");
        public static final ProcessVariable<String> INCIDENT_ID = ProcessVariable.string("incidentId");
        public static final ProcessVariable<String> SEVERITY = ProcessVariable.string("severity");
        public static final ProcessVariable<Boolean> RESTRICTED = ProcessVariable.bool("restricted");

        private Vars() {
        }
    }
}
