package dev.aftermath.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.stereotype.Service;

import dev.aftermath.calendar.BusinessCalendar;
import dev.aftermath.incident.IncidentRepository;
import dev.aftermath.incident.IncidentState;
import dev.aftermath.processapi.PostmortemProcess.Vars;
import dev.aftermath.template.Formats;
import dev.aftermath.template.Templates;
import dev.aftermath.web.InputLimits;

/**
 * Feeds and applies the decision table {@code postmortem-policy}: the recurrence count it reads, and its outcome
 * ({@link PolicyRules}: deadlines, format, requirement and reason) recorded on the incident, also when no post-mortem
 * is due. The delegates of {@code postmortem.bpmn} read the variables and write the results back.
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
    private final Templates templates;
    private final Formats formats;
    private final ObjectMapper json;
    private final PolicyRules rules;

    public PolicyService(IncidentRepository incidents, BusinessCalendar calendar, Templates templates,
                         Formats formats, ObjectMapper json) {
        this.incidents = incidents;
        this.templates = templates;
        this.formats = formats;
        this.json = json;
        this.rules = new PolicyRules(calendar);
    }

    /** The recurrence of an incident for the table, and the earlier incidents as a text (null without symptom). */
    public record Recurrence(int count, long windowDays, String earlierIncidents) {
    }

    /**
     * Counts the incidents with the same service and symptom resolved within the window before this one (this one
     * included), records the count on the incident and lists the earlier ones ({@code recurrence},
     * {@code recurrenceWindowDays} and {@code earlierIncidents} for the table and the forms).
     */
    public Recurrence countRecurrences(String incidentId, String service, String symptom, Instant resolvedAt,
                                       Duration window) {
        if (service != null && symptom != null) {
            // concurrent closures of this service and symptom count one after the other (each sees the ones before)
            incidents.lockRecurrence(service, symptom);
        }
        int recurrence = service == null || symptom == null ? 1
                : Math.max(1, incidents.countRecurrences(service, symptom, resolvedAt.minus(window), resolvedAt));
        incidents.recordRecurrence(incidentId, recurrence, resolvedAt.minus(window));
        String text = null;
        if (service != null && symptom != null) {
            // shown to the tech leads of this incident: only the earlier incidents everyone may see are listed and
            // counted (a restricted one is neither named nor counted in "and N more"); the table got every occurrence.
            // A derived list in a String variable: the newest few, "and N more", never beyond the engine's column.
            Instant from = resolvedAt.minus(window);
            List<Map<String, Object>> earlier = incidents.earlierUnrestricted(service, symptom, from, resolvedAt,
                            incidentId, InputLimits.DERIVED_LIST_LINES + 1).stream()
                    .map(i -> json.convertValue(i, MAP)).toList();
            long total = Math.max(earlier.size(),
                    incidents.countEarlierUnrestricted(service, symptom, from, resolvedAt, incidentId));
            Map<String, Object> model = new HashMap<>();
            model.put("recurrence", total + 1); // the occurrences shown, this one included
            model.put("windowDays", window.toDays());
            model.put("incident", Map.of("service", service, "symptom", symptom));
            model.put("fmt", formats);
            for (int shown = Math.min(earlier.size(), InputLimits.DERIVED_LIST_LINES); shown >= 0; shown--) {
                model.put("incidents", earlier.subList(0, shown));
                model.put("more", total - shown);
                text = templates.text("document/earlier-incidents.vm", model).strip();
                if (text.length() <= InputLimits.STRING_VARIABLE) {
                    break;
                }
            }
        }
        return new Recurrence(recurrence, window.toDays(), text);
    }

    /**
     * The table's outcome ({@code policy}) recorded on the incident: requirement, reason, format (only when a
     * post-mortem may follow), deadlines and state, also when no post-mortem is due.
     */
    public PolicyRules.Decision record(String incidentId, Map<String, Object> policy, Instant resolvedAt) {
        PolicyRules.Decision decision = rules.decide(incidentId, policy, resolvedAt);
        incidents.recordPolicy(incidentId, decision.requirement(), decision.reason(),
                NOT_REQUIRED.equals(decision.requirement()) ? null : decision.format(), decision.publishDeadline(),
                decision.meetingDeadline(), decision.state());
        return decision;
    }

    /**
     * After {@code Task_DecideNeed}: the team's answer, reason and chosen format are recorded on the incident; returns
     * the new {@code reason}.
     */
    public String recordTeamDecision(String incidentId, String policyReason, boolean needed, String decisionReason,
                                     String format) {
        String reason = PolicyRules.teamDecisionReason(policyReason, needed, decisionReason);
        incidents.recordDecision(incidentId, reason,
                needed ? IncidentState.POSTMORTEM_IN_PROGRESS : IncidentState.NO_POSTMORTEM);
        if (needed) {
            incidents.recordFormat(incidentId, format);
        }
        return reason;
    }
}
