package dev.aftermath.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Service;

import dev.aftermath.calendar.BusinessCalendar;
import dev.aftermath.calendar.Deadlines;
import dev.aftermath.incident.IncidentRepository;
import dev.aftermath.incident.IncidentState;
import dev.aftermath.processapi.PostmortemProcess.Vars;
import dev.aftermath.template.Formats;
import dev.aftermath.template.Templates;
import dev.aftermath.web.InputLimits;

/**
 * Feeds and applies the decision table {@code postmortem-policy}: the recurrence count it reads, and its outcome —
 * deadlines counted from the resolution (publication: hours; meeting: the earlier of the hours and the business-days
 * rule; both rolled past weekends and holidays), the format, and the requirement and reason recorded on the
 * incident, also when no post-mortem is due.
 */
@Service
public class PolicyService {

    public static final String REQUIRED = "REQUIRED";
    public static final String TEAM_DECISION = "TEAM_DECISION";
    public static final String NOT_REQUIRED = "NOT_REQUIRED";
    public static final String FULL = "FULL";
    public static final String LIGHTWEIGHT = "LIGHTWEIGHT";

    /** Input parameter of the recurrence step: the look-back window, an ISO-8601 duration written in the diagram. */
    public static final String RECURRENCE_WINDOW = "recurrenceWindow";

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final IncidentRepository incidents;
    private final BusinessCalendar calendar;
    private final Templates templates;
    private final Formats formats;
    private final ObjectMapper json;

    public PolicyService(IncidentRepository incidents, BusinessCalendar calendar, Templates templates,
                         Formats formats, ObjectMapper json) {
        this.incidents = incidents;
        this.calendar = calendar;
        this.templates = templates;
        this.formats = formats;
        this.json = json;
    }

    /**
     * Counts the incidents with the same service and symptom resolved within the window before this one (this one
     * included) and sets {@code recurrence} and {@code recurrenceWindowDays} for the table.
     */
    public void countRecurrences(DelegateExecution execution) {
        Object window = execution.getVariableLocal(RECURRENCE_WINDOW);
        if (window == null) {
            throw new IllegalStateException(execution.getCurrentActivityId() + " has no input " + RECURRENCE_WINDOW);
        }
        Duration duration = Duration.parse(window.toString());
        Instant resolvedAt = Deadlines.instant(execution.getVariable(Vars.RESOLVED_AT.name()));
        String service = (String) execution.getVariable(Vars.SERVICE.name());
        String symptom = (String) execution.getVariable(Vars.SYMPTOM.name());
        int recurrence = service == null || symptom == null ? 1
                : Math.max(1, incidents.countRecurrences(service, symptom, resolvedAt.minus(duration), resolvedAt));
        execution.setVariable(Vars.RECURRENCE.name(), recurrence);
        execution.setVariable(Vars.RECURRENCE_WINDOW_DAYS.name(), duration.toDays());
        incidents.recordRecurrence(execution.getBusinessKey(), recurrence);
        if (service != null && symptom != null) {
            // a derived list in a String variable: the newest few, "and N more", never beyond the engine's column
            List<Map<String, Object>> earlier = incidents.search(service, symptom, resolvedAt.minus(duration),
                            resolvedAt, 0, InputLimits.DERIVED_LIST_LINES + 1).stream()
                    .filter(i -> !i.id().equals(execution.getBusinessKey()))
                    .filter(i -> !i.restricted()) // shown to the tech leads of another incident
                    .map(i -> json.convertValue(i, MAP)).toList();
            long total = Math.max(earlier.size(),
                    incidents.count(service, symptom, resolvedAt.minus(duration), resolvedAt) - 1);
            Map<String, Object> model = new HashMap<>();
            model.put("recurrence", recurrence);
            model.put("windowDays", duration.toDays());
            model.put("incident", Map.of("service", service, "symptom", symptom));
            model.put("fmt", formats);
            String text = null;
            for (int shown = Math.min(earlier.size(), InputLimits.DERIVED_LIST_LINES); shown >= 0; shown--) {
                model.put("incidents", earlier.subList(0, shown));
                model.put("more", total - shown);
                text = templates.text("document/earlier-incidents.vm", model).strip();
                if (text.length() <= InputLimits.STRING_VARIABLE) {
                    break;
                }
            }
            execution.setVariable(Vars.EARLIER_INCIDENTS.name(), text);
        }
    }

    public void record(DelegateExecution execution) {
        @SuppressWarnings("unchecked")
        Map<String, Object> policy = (Map<String, Object>) execution.getVariable(Vars.POLICY.name());
        if (policy == null || policy.get(Vars.REQUIREMENT.name()) == null) {
            throw new IllegalStateException("The decision table postmortem-policy gave no requirement for incident "
                    + execution.getBusinessKey());
        }
        String requirement = policy.get(Vars.REQUIREMENT.name()).toString();
        String reason = policy.get(Vars.REASON.name()) == null ? requirement : policy.get(Vars.REASON.name()).toString();
        String format = policy.get(Vars.FORMAT.name()) == null ? FULL : policy.get(Vars.FORMAT.name()).toString();
        Instant resolvedAt = Deadlines.instant(execution.getVariable(Vars.RESOLVED_AT.name()));
        Instant publishDeadline = null;
        Instant meetingDeadline = null;
        if (!NOT_REQUIRED.equals(requirement)) {
            Number publishHours = number(policy, Vars.PUBLISH_WITHIN_HOURS.name(), execution);
            Number meetingHours = number(policy, Vars.MEETING_WITHIN_HOURS.name(), execution);
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
        execution.setVariable(Vars.REQUIREMENT.name(), requirement);
        execution.setVariable(Vars.REASON.name(), reason);
        execution.setVariable(Vars.FORMAT.name(), format);
        execution.setVariable(Vars.PUBLISH_DEADLINE.name(), publishDeadline == null ? null : Date.from(publishDeadline));
        execution.setVariable(Vars.MEETING_DEADLINE.name(), meetingDeadline == null ? null : Date.from(meetingDeadline));
        IncidentState state = switch (requirement) {
            case REQUIRED -> IncidentState.POSTMORTEM_IN_PROGRESS;
            case TEAM_DECISION -> IncidentState.AWAITING_TEAM_DECISION;
            default -> IncidentState.NO_POSTMORTEM;
        };
        incidents.recordPolicy(execution.getBusinessKey(), requirement, reason,
                NOT_REQUIRED.equals(requirement) ? null : format, publishDeadline, meetingDeadline, state);
    }

    /** After {@code Task_DecideNeed}: the team's answer, reason and chosen format are recorded on the incident. */
    public void recordTeamDecision(DelegateExecution execution) {
        boolean needed = Boolean.TRUE.equals(execution.getVariable(Vars.POSTMORTEM_NEEDED.name()));
        String decisionReason = (String) execution.getVariable(Vars.DECISION_REASON.name());
        String reason = execution.getVariable(Vars.REASON.name()) + " — team decision: "
                + (needed ? "post-mortem" : "no post-mortem") + " (" + decisionReason + ")";
        execution.setVariable(Vars.REASON.name(), reason);
        incidents.recordDecision(execution.getBusinessKey(), reason,
                needed ? IncidentState.POSTMORTEM_IN_PROGRESS : IncidentState.NO_POSTMORTEM);
        if (needed) {
            incidents.recordFormat(execution.getBusinessKey(), (String) execution.getVariable(Vars.FORMAT.name()));
        }
    }

    private static Instant hoursAfter(Instant start, Number hours) {
        return start.plus(Duration.ofMinutes(Math.round(hours.doubleValue() * 60)));
    }

    private static Number number(Map<String, Object> policy, String name, DelegateExecution execution) {
        Object value = policy.get(name);
        if (value instanceof Number n) {
            return n;
        }
        throw new IllegalStateException("The decision table gave no " + name + " for " + policy.get(Vars.REQUIREMENT.name())
                + " (incident " + execution.getBusinessKey() + ")");
    }
}
