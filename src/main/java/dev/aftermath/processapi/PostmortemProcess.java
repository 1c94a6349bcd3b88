package dev.aftermath.processapi;

import java.util.Date;

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
        /** Records the team's decision of Task_DecideNeed (SEV3 and other "team decides" cases). */
        public static final String RECORD_TEAM_DECISION = "Record_TeamDecision";
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
        /** Whether the meeting is less than 24 h away (then the draft goes out at once). */
        public static final String GATEWAY_MEETING_SOON = "Gateway_MeetingSoon";
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
        public static final ProcessVariable<String> INCIDENT_ID = ProcessVariable.string("incidentId");
        public static final ProcessVariable<String> TITLE = ProcessVariable.string("title");
        public static final ProcessVariable<String> SERVICE = ProcessVariable.string("service");
        public static final ProcessVariable<String> SEVERITY = ProcessVariable.string("severity");
        public static final ProcessVariable<Date> RESOLVED_AT = ProcessVariable.date("resolvedAt");
        public static final ProcessVariable<String> COMMANDER = ProcessVariable.string("commander");
        public static final ProcessVariable<Double> USERS_AFFECTED_PERCENT = ProcessVariable.decimal("usersAffectedPercent");
        public static final ProcessVariable<Boolean> DATA_LOSS = ProcessVariable.bool("dataLoss");
        public static final ProcessVariable<Boolean> SECURITY_INCIDENT = ProcessVariable.bool("securityIncident");
        /** Visible only to participants, security and admins (a security incident, or marked so at closure). */
        public static final ProcessVariable<Boolean> RESTRICTED = ProcessVariable.bool("restricted");
        public static final ProcessVariable<Boolean> SLA_BREACHED = ProcessVariable.bool("slaBreached");
        public static final ProcessVariable<Boolean> NEAR_MISS = ProcessVariable.bool("nearMiss");
        public static final ProcessVariable<String> SYMPTOM = ProcessVariable.string("symptom");

        /** Result of the policy decision (a map of its outputs). */
        public static final ProcessVariable<Object> POLICY = ProcessVariable.object("policy");
        public static final ProcessVariable<String> REQUIREMENT = ProcessVariable.string("requirement");
        public static final ProcessVariable<String> REASON = ProcessVariable.string("reason");
        public static final ProcessVariable<Integer> PUBLISH_WITHIN_HOURS = ProcessVariable.integer("publishWithinHours");
        public static final ProcessVariable<Integer> MEETING_WITHIN_HOURS = ProcessVariable.integer("meetingWithinHours");
        public static final ProcessVariable<Date> PUBLISH_DEADLINE = ProcessVariable.date("publishDeadline");
        public static final ProcessVariable<Integer> MEETING_WITHIN_BUSINESS_DAYS = ProcessVariable.integer("meetingWithinBusinessDays");
        /** FULL (meeting) or LIGHTWEIGHT (draft, approval, publication). */
        public static final ProcessVariable<String> FORMAT = ProcessVariable.string("format");
        public static final ProcessVariable<Integer> RECURRENCE = ProcessVariable.integer("recurrence");
        public static final ProcessVariable<Long> RECURRENCE_WINDOW_DAYS = ProcessVariable.longValue("recurrenceWindowDays");
        public static final ProcessVariable<String> EARLIER_INCIDENTS = ProcessVariable.string("earlierIncidents");
        public static final ProcessVariable<Date> MEETING_DEADLINE = ProcessVariable.date("meetingDeadline");

        public static final ProcessVariable<Boolean> POSTMORTEM_NEEDED = ProcessVariable.bool("postmortemNeeded");
        public static final ProcessVariable<String> DECISION_REASON = ProcessVariable.string("decisionReason");

        public static final ProcessVariable<String> AUTHOR = ProcessVariable.string("author");
        public static final ProcessVariable<String> FACILITATOR = ProcessVariable.string("facilitator");
        public static final ProcessVariable<String> REVIEWERS = ProcessVariable.string("reviewers");
        public static final ProcessVariable<Boolean> ROLES_ASSIGNED = ProcessVariable.bool("rolesAssigned");

        // document sections
        public static final ProcessVariable<String> SUMMARY = ProcessVariable.string("summary");
        public static final ProcessVariable<String> IMPACT = ProcessVariable.string("impact");
        public static final ProcessVariable<Object> TIMELINE = ProcessVariable.json("timeline");
        public static final ProcessVariable<String> ROOT_CAUSE = ProcessVariable.string("rootCause");
        public static final ProcessVariable<Object> WHYS = ProcessVariable.json("whys");
        public static final ProcessVariable<Object> CONTRIBUTING_FACTORS = ProcessVariable.json("contributingFactors");
        public static final ProcessVariable<String> WHAT_WENT_WELL = ProcessVariable.string("whatWentWell");
        public static final ProcessVariable<String> WHAT_WENT_WRONG = ProcessVariable.string("whatWentWrong");
        public static final ProcessVariable<String> LESSONS_LEARNED = ProcessVariable.string("lessonsLearned");
        public static final ProcessVariable<String> CAUSE_CATEGORY = ProcessVariable.string("causeCategory");

        // meeting
        public static final ProcessVariable<String> MEETING_START = ProcessVariable.string("meetingStart");
        public static final ProcessVariable<Integer> MEETING_DURATION_MINUTES = ProcessVariable.integer("meetingDurationMinutes");
        public static final ProcessVariable<String> ATTENDEES = ProcessVariable.string("attendees");
        public static final ProcessVariable<String> MEETING_LOCATION = ProcessVariable.string("meetingLocation");
        public static final ProcessVariable<String> LATE_REASON = ProcessVariable.string("lateReason");
        public static final ProcessVariable<String> MEETING_NOTES = ProcessVariable.string("meetingNotes");
        /** Task_ChangeMeeting: MOVE or CANCEL, the reason, who asked (set by the API), the .ics SEQUENCE. */
        public static final ProcessVariable<String> MEETING_CHANGE_ACTION = ProcessVariable.string("meetingChangeAction");
        public static final ProcessVariable<String> MEETING_CHANGE_REASON = ProcessVariable.string("meetingChangeReason");
        public static final ProcessVariable<String> NEW_MEETING_START = ProcessVariable.string("newMeetingStart");
        public static final ProcessVariable<String> MEETING_CHANGED_BY = ProcessVariable.string("meetingChangedBy");
        public static final ProcessVariable<Integer> MEETING_SEQUENCE = ProcessVariable.integer("meetingSequence");
        public static final ProcessVariable<Integer> MEETING_ROUND = ProcessVariable.integer("meetingRound");
        public static final ProcessVariable<Boolean> MEETING_CANCELLED = ProcessVariable.bool("meetingCancelled");
        public static final ProcessVariable<Object> ACTION_ITEMS = ProcessVariable.json("actionItems");

        // approval
        public static final ProcessVariable<Boolean> APPROVED = ProcessVariable.bool("approved");
        public static final ProcessVariable<String> REVIEW_COMMENTS = ProcessVariable.string("reviewComments");
        public static final ProcessVariable<Integer> REVIEW_ROUNDS = ProcessVariable.integer("reviewRounds");

        // quality gate
        public static final ProcessVariable<Boolean> QUALITY_PASSED = ProcessVariable.bool("qualityPassed");
        public static final ProcessVariable<Object> QUALITY_FINDINGS = ProcessVariable.json("qualityFindings");
        public static final ProcessVariable<Boolean> ACKNOWLEDGE_WARNINGS = ProcessVariable.bool("acknowledgeWarnings");

        public static final ProcessVariable<String> MISSED_DEADLINE_NOTES = ProcessVariable.string("missedDeadlineNotes");

        // timeline contributions
        /** Element variable of the contribution multi-instance: the contributing user. */
        public static final ProcessVariable<String> CONTRIBUTOR = ProcessVariable.string("contributor");
        /** Form of Task_ContributeTimeline: list of {at, event, source} (task-local). */
        public static final ProcessVariable<Object> CONTRIBUTED_ENTRIES = ProcessVariable.json("contributedEntries");
        /** Form of Task_ContributeTimeline: "what I knew / didn't know at the time" (task-local, max 4000). */
        public static final ProcessVariable<String> KNEW_AT_THE_TIME = ProcessVariable.string("knewAtTheTime");
        /** Entries one contribution added to the timeline (local to its multi-instance, for the author's mail). */
        public static final ProcessVariable<Integer> CONTRIBUTION_ADDED = ProcessVariable.integer("contributionAdded");
        /** Who contributed what: JSON list of {contributor, name, entries, notes, via}, from am_timeline_contribution. */
        public static final ProcessVariable<Object> TIMELINE_CONTRIBUTIONS = ProcessVariable.json("timelineContributions");
        /**
         * Form of Task_WriteDraft: the timeline candidates not yet reviewed (JSON list of {id, at, actor, source,
         * link, text, pinned, decision}); the author sets {@code decision} to {@code accept} or {@code drop}.
         */
        public static final ProcessVariable<Object> TIMELINE_CANDIDATES = ProcessVariable.json("timelineCandidates");

        private Vars() {
        }
    }

    /** Signal name prefix of Signal_ContributionsClosed (the name ends with the process instance id). */
    public static final String SIGNAL_CONTRIBUTIONS_CLOSED = "timeline-contributions-closed-";

    private PostmortemProcess() {
    }
}
