package dev.aftermath.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.aftermath.calendar.BusinessCalendar;
import dev.aftermath.incident.IncidentState;
import dev.aftermath.processapi.PostmortemProcess.Vars;

/**
 * What the outcome of the decision table {@code postmortem-policy} means for one incident: requirement, reason,
 * format and the deadlines counted from the resolution (publication: hours; meeting: the earlier of the hours and the
 * business-days rule; both rolled past weekends and holidays). Plain rules, no engine and no database.
 */
public final class PolicyRules {

    /** The recorded outcome; the deadlines are null when no post-mortem is due. */
    public record Decision(String requirement, String reason, String format, Instant publishDeadline,
                           Instant meetingDeadline) {

        public IncidentState state() {
            return switch (requirement) {
                case PolicyService.REQUIRED -> IncidentState.POSTMORTEM_IN_PROGRESS;
                case PolicyService.TEAM_DECISION -> IncidentState.AWAITING_TEAM_DECISION;
                default -> IncidentState.NO_POSTMORTEM;
            };
        }
    }

    private final BusinessCalendar calendar;

    public PolicyRules(BusinessCalendar calendar) {
        this.calendar = calendar;
    }

    /** The table's result ({@code policy}) applied to an incident resolved at {@code resolvedAt}. */
    public Decision decide(String incidentId, Map<String, Object> policy, Instant resolvedAt) {
        if (policy == null || policy.get(Vars.REQUIREMENT.name()) == null) {
            throw new IllegalStateException("The decision table postmortem-policy gave no requirement for incident "
                    + incidentId);
        }
        String requirement = policy.get(Vars.REQUIREMENT.name()).toString();
        String reason = policy.get(Vars.REASON.name()) == null ? requirement : policy.get(Vars.REASON.name()).toString();
        String format = policy.get(Vars.FORMAT.name()) == null ? PolicyService.FULL
                : policy.get(Vars.FORMAT.name()).toString();
        Instant publishDeadline = null;
        Instant meetingDeadline = null;
        if (!PolicyService.NOT_REQUIRED.equals(requirement)) {
            Number publishHours = number(policy, Vars.PUBLISH_WITHIN_HOURS.name(), incidentId);
            Number meetingHours = number(policy, Vars.MEETING_WITHIN_HOURS.name(), incidentId);
            publishDeadline = calendar.rollForward(hoursAfter(resolvedAt, publishHours));
            meetingDeadline = calendar.rollForward(hoursAfter(resolvedAt, meetingHours));
            Object businessDays = policy.get(Vars.MEETING_WITHIN_BUSINESS_DAYS.name());
            if (businessDays instanceof Number days) {
                Instant byBusinessDays = calendar.plusBusinessDays(resolvedAt, days.intValue());
                if (byBusinessDays.isBefore(meetingDeadline)) {
                    meetingDeadline = byBusinessDays;
                }
            }
        }
        return new Decision(requirement, reason, format, publishDeadline, meetingDeadline);
    }

    /** The reason after the team's answer to {@code Task_DecideNeed}. */
    public static String teamDecisionReason(String policyReason, boolean needed, String decisionReason) {
        return policyReason + " — team decision: " + (needed ? "post-mortem" : "no post-mortem") + " ("
                + decisionReason + ")";
    }

    private static Instant hoursAfter(Instant start, Number hours) {
        return start.plus(Duration.ofMinutes(Math.round(hours.doubleValue() * 60)));
    }

    private static Number number(Map<String, Object> policy, String name, String incidentId) {
        Object value = policy.get(name);
        if (value instanceof Number n) {
            return n;
        }
        throw new IllegalStateException("The decision table gave no " + name + " for "
                + policy.get(Vars.REQUIREMENT.name()) + " (incident " + incidentId + ")");
    }
}
