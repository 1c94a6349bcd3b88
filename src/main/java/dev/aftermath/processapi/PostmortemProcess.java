package dev.aftermath.processapi;

/**
 * The process API of {@code processes/postmortem.bpmn}: its key, element ids, decision key and variable names,
 * named once. The business key of every instance is the incident id.
 */
public final class PostmortemProcess {

    public static final String KEY = "postmortem";
    public static final String DECISION_POLICY = "postmortem-policy";

    /** Element ids. */
    public static final class Elements {
        public static final String START = "StartEvent_IncidentClosed";
        public static final String COUNT_RECURRENCES = "Count_Recurrences";
        public static final String DECIDE_POLICY = "Decide_Policy";
        public static final String RECORD_POLICY = "Record_Policy";
        public static final String TASK_DECIDE_NEED = "Task_DecideNeed";
        public static final String RECORD_NOT_REQUIRED = "Record_NoPostmortem";
        public static final String SEND_NOT_REQUIRED = "Send_NoPostmortem";
        public static final String END_NOT_REQUIRED = "End_NoPostmortem";
        public static final String SUBPROCESS_WORK = "SubProcess_Postmortem";
        public static final String TASK_ASSIGN_ROLES = "Task_AssignRoles";
        public static final String CREATE_DRAFT = "Create_Draft";
        public static final String TASK_WRITE_DRAFT = "Task_WriteDraft";
        // responders add to the timeline (one instance per responder / commander who is not the author)
        public static final String SUBPROCESS_CONTRIBUTE_TIMELINE = "SubProcess_ContributeTimeline";
        public static final String TASK_CONTRIBUTE_TIMELINE = "Task_ContributeTimeline";
        public static final String SEND_CONTRIBUTION_NOTICE = "Send_ContributionNotice";
        public static final String BOUNDARY_PRE_READ_SENT = "Boundary_PreReadSent";
        public static final String RECORD_NOT_CONTRIBUTED = "Record_NotContributed";
        public static final String END_NOT_CONTRIBUTED = "End_NotContributed";
        public static final String END_CONTRIBUTED = "End_Contributed";
        /** Throws the signal that closes open contribution tasks when the pre-read goes out. */
        public static final String THROW_CLOSE_CONTRIBUTIONS = "Throw_CloseContributions";
        /** The same, in the lightweight format (no meeting): once the draft has passed the gate. */
        public static final String THROW_CLOSE_CONTRIBUTIONS_LIGHTWEIGHT = "Throw_CloseContributionsLightweight";
        public static final String CHECK_DRAFT_QUALITY = "Check_DraftQuality";
        public static final String MERGE_WRITE_DRAFT = "Merge_WriteDraft";
        public static final String TASK_SCHEDULE_MEETING = "Task_ScheduleMeeting";
        public static final String SEND_INVITATIONS = "Send_MeetingInvitations";
        public static final String TIMER_DRAFT_BEFORE_MEETING = "Timer_DraftBeforeMeeting";
        public static final String SEND_DRAFT = "Send_DraftToAttendees";
        public static final String TIMER_MEETING_START = "Timer_MeetingStart";
        public static final String TASK_HOLD_MEETING = "Task_HoldMeeting";
        // moving or cancelling the meeting while it is pending
        public static final String SUBPROCESS_MEETING_PENDING = "SubProcess_MeetingPending";
        public static final String TASK_CHANGE_MEETING = "Task_ChangeMeeting";
        public static final String SEND_MEETING_UPDATE = "Send_MeetingUpdate";
        public static final String SEND_MEETING_CANCELLATION = "Send_MeetingCancellation";
        public static final String GATEWAY_FORMAT = "Gateway_Format";
        public static final String TASK_FINALIZE = "Task_FinalizeDocument";
        public static final String CHECK_FINAL_QUALITY = "Check_FinalQuality";
        public static final String TASK_APPROVE = "Task_ApprovePublication";
        public static final String PUBLISH = "Publish_Document";
        /** Wiki page and the note on the source incident (integrations), between publication and its mail. */
        public static final String PUBLISH_EXTERNALLY = "Publish_Externally";
        public static final String SEND_PUBLISHED = "Send_PublicationSummary";
        public static final String TIMER_PUBLISH_WARNING = "Timer_PublishWarning";
        public static final String SEND_PUBLISH_WARNING = "Send_PublishWarning";
        public static final String TIMER_PUBLISH_DEADLINE = "Timer_PublishDeadline";
        public static final String SEND_DEADLINE_MISSED = "Send_DeadlineMissed";
        public static final String TASK_REVIEW_MISSED_DEADLINE = "Task_ReviewMissedDeadline";
        public static final String END_PUBLISHED = "End_Published";
        // after publication (action items: processes/action-item.bpmn, dev.aftermath.actionitem)
        public static final String CALL_ACTION_ITEMS = "Call_ActionItems";
        public static final String TIMER_FOLLOW_UP_REVIEW = "Timer_FollowUpReview";
        public static final String TASK_FOLLOW_UP_REVIEW = "Task_FollowUpReview";

        private Elements() {
        }
    }

    /** Variable names. */
    public static final class Vars {
        public static final String INCIDENT_ID = "incidentId";
        public static final String TITLE = "title";
        public static final String SERVICE = "service";
        public static final String SEVERITY = "severity";
        public static final String RESOLVED_AT = "resolvedAt";
        public static final String COMMANDER = "commander";
        public static final String USERS_AFFECTED_PERCENT = "usersAffectedPercent";
        public static final String DATA_LOSS = "dataLoss";
        public static final String SECURITY_INCIDENT = "securityIncident";
        /** Visible only to participants, security and admins (a security incident, or marked so at closure). */
        public static final String RESTRICTED = "restricted";
        public static final String SLA_BREACHED = "slaBreached";
        public static final String NEAR_MISS = "nearMiss";
        public static final String SYMPTOM = "symptom";

        /** Result of the policy decision (a map of its outputs). */
        public static final String POLICY = "policy";
        public static final String REQUIREMENT = "requirement";
        public static final String REASON = "reason";
        public static final String PUBLISH_WITHIN_HOURS = "publishWithinHours";
        public static final String MEETING_WITHIN_HOURS = "meetingWithinHours";
        public static final String PUBLISH_DEADLINE = "publishDeadline";
        public static final String MEETING_WITHIN_BUSINESS_DAYS = "meetingWithinBusinessDays";
        /** FULL (meeting) or LIGHTWEIGHT (draft, approval, publication). */
        public static final String FORMAT = "format";
        public static final String RECURRENCE = "recurrence";
        public static final String RECURRENCE_WINDOW_DAYS = "recurrenceWindowDays";
        public static final String EARLIER_INCIDENTS = "earlierIncidents";
        public static final String MEETING_DEADLINE = "meetingDeadline";

        public static final String POSTMORTEM_NEEDED = "postmortemNeeded";
        public static final String DECISION_REASON = "decisionReason";

        public static final String AUTHOR = "author";
        public static final String FACILITATOR = "facilitator";
        public static final String REVIEWERS = "reviewers";
        public static final String ROLES_ASSIGNED = "rolesAssigned";

        // document sections
        public static final String SUMMARY = "summary";
        public static final String IMPACT = "impact";
        public static final String TIMELINE = "timeline";
        public static final String ROOT_CAUSE = "rootCause";
        public static final String WHYS = "whys";
        public static final String CONTRIBUTING_FACTORS = "contributingFactors";
        public static final String WHAT_WENT_WELL = "whatWentWell";
        public static final String WHAT_WENT_WRONG = "whatWentWrong";
        public static final String LESSONS_LEARNED = "lessonsLearned";
        public static final String CAUSE_CATEGORY = "causeCategory";

        // meeting
        public static final String MEETING_START = "meetingStart";
        public static final String MEETING_DURATION_MINUTES = "meetingDurationMinutes";
        public static final String ATTENDEES = "attendees";
        public static final String MEETING_LOCATION = "meetingLocation";
        public static final String LATE_REASON = "lateReason";
        public static final String MEETING_NOTES = "meetingNotes";
        /** Task_ChangeMeeting: MOVE or CANCEL, the reason, who asked (set by the API), the .ics SEQUENCE. */
        public static final String MEETING_CHANGE_ACTION = "meetingChangeAction";
        public static final String MEETING_CHANGE_REASON = "meetingChangeReason";
        public static final String NEW_MEETING_START = "newMeetingStart";
        public static final String MEETING_CHANGED_BY = "meetingChangedBy";
        public static final String MEETING_SEQUENCE = "meetingSequence";
        public static final String MEETING_ROUND = "meetingRound";
        public static final String MEETING_CANCELLED = "meetingCancelled";
        public static final String ACTION_ITEMS = "actionItems";

        // approval
        public static final String APPROVED = "approved";
        public static final String REVIEW_COMMENTS = "reviewComments";
        public static final String REVIEW_ROUNDS = "reviewRounds";

        // quality gate
        public static final String QUALITY_PASSED = "qualityPassed";
        public static final String QUALITY_FINDINGS = "qualityFindings";
        public static final String ACKNOWLEDGE_WARNINGS = "acknowledgeWarnings";

        public static final String MISSED_DEADLINE_NOTES = "missedDeadlineNotes";

        // timeline contributions
        /** Element variable of the contribution multi-instance: the contributing user. */
        public static final String CONTRIBUTOR = "contributor";
        /** Form of Task_ContributeTimeline: list of {at, event, source} (task-local). */
        public static final String CONTRIBUTED_ENTRIES = "contributedEntries";
        /** Form of Task_ContributeTimeline: "what I knew / didn't know at the time" (task-local, max 4000). */
        public static final String KNEW_AT_THE_TIME = "knewAtTheTime";
        /** Entries one contribution added to the timeline (local to its multi-instance, for the author's mail). */
        public static final String CONTRIBUTION_ADDED = "contributionAdded";
        /** Who contributed what: JSON list of {contributor, name, entries, notes, via}, from am_timeline_contribution. */
        public static final String TIMELINE_CONTRIBUTIONS = "timelineContributions";

        private Vars() {
        }
    }

    /** Signal name prefix of Signal_ContributionsClosed (the name ends with the process instance id). */
    public static final String SIGNAL_CONTRIBUTIONS_CLOSED = "timeline-contributions-closed-";

    private PostmortemProcess() {
    }
}
