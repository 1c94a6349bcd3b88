package dev.aftermath.policy;

import java.util.Date;
import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Service;

import dev.aftermath.calendar.Deadlines;
import dev.aftermath.incident.IncidentRepository;
import dev.aftermath.incident.IncidentState;
import dev.aftermath.postmortem.PostmortemProcess.Vars;

/**
 * Applies the outcome of the decision table {@code postmortem-policy}: deadlines counted from the resolution, and the
 * requirement and reason recorded on the incident (also when no post-mortem is due).
 */
@Service
public class PolicyService {

    public static final String REQUIRED = "REQUIRED";
    public static final String TEAM_DECISION = "TEAM_DECISION";
    public static final String NOT_REQUIRED = "NOT_REQUIRED";

    private final IncidentRepository incidents;
    private final Deadlines deadlines;

    public PolicyService(IncidentRepository incidents, Deadlines deadlines) {
        this.incidents = incidents;
        this.deadlines = deadlines;
    }

    public void record(DelegateExecution execution) {
        @SuppressWarnings("unchecked")
        Map<String, Object> policy = (Map<String, Object>) execution.getVariable(Vars.POLICY);
        if (policy == null || policy.get(Vars.REQUIREMENT) == null) {
            throw new IllegalStateException("The decision table " + "postmortem-policy"
                    + " gave no requirement for incident " + execution.getBusinessKey());
        }
        String requirement = policy.get(Vars.REQUIREMENT).toString();
        String reason = policy.get(Vars.REASON) == null ? requirement : policy.get(Vars.REASON).toString();
        Object resolvedAt = execution.getVariable(Vars.RESOLVED_AT);
        Date publishDeadline = hoursAfter(resolvedAt, policy.get(Vars.PUBLISH_WITHIN_HOURS));
        Date meetingDeadline = hoursAfter(resolvedAt, policy.get(Vars.MEETING_WITHIN_HOURS));
        if (!NOT_REQUIRED.equals(requirement) && (publishDeadline == null || meetingDeadline == null)) {
            throw new IllegalStateException("The decision table gave no publishWithinHours/meetingWithinHours for "
                    + requirement + " (incident " + execution.getBusinessKey() + ")");
        }
        execution.setVariable(Vars.REQUIREMENT, requirement);
        execution.setVariable(Vars.REASON, reason);
        execution.setVariable(Vars.PUBLISH_DEADLINE, publishDeadline);
        execution.setVariable(Vars.MEETING_DEADLINE, meetingDeadline);
        IncidentState state = switch (requirement) {
            case REQUIRED -> IncidentState.POSTMORTEM_IN_PROGRESS;
            case TEAM_DECISION -> IncidentState.AWAITING_TEAM_DECISION;
            default -> IncidentState.NO_POSTMORTEM;
        };
        incidents.recordPolicy(execution.getBusinessKey(), requirement, reason,
                publishDeadline == null ? null : publishDeadline.toInstant(),
                meetingDeadline == null ? null : meetingDeadline.toInstant(), state);
    }

    /** After {@code Task_DecideNeed}: the team's answer and reason are recorded on the incident. */
    public void recordTeamDecision(DelegateExecution execution) {
        boolean needed = Boolean.TRUE.equals(execution.getVariable(Vars.POSTMORTEM_NEEDED));
        String decisionReason = (String) execution.getVariable(Vars.DECISION_REASON);
        String reason = execution.getVariable(Vars.REASON) + " — team decision: "
                + (needed ? "post-mortem" : "no post-mortem") + " (" + decisionReason + ")";
        execution.setVariable(Vars.REASON, reason);
        incidents.recordDecision(execution.getBusinessKey(), reason,
                needed ? IncidentState.POSTMORTEM_IN_PROGRESS : IncidentState.NO_POSTMORTEM);
    }

    private Date hoursAfter(Object start, Object hours) {
        if (hours == null) {
            return null;
        }
        return deadlines.plusHours(start, hours instanceof Number n ? n : Double.valueOf(hours.toString()));
    }
}
