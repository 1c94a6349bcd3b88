package dev.aftermath.incident;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A closed incident as posted by the incident tool, with the post-mortem decision recorded on it. {@code chatChannel}
 * is the incident's own chat channel (a Slack channel id such as {@code C0123ABCD}, or a channel name), from the
 * closure or the PagerDuty webhook; null when the incident has none.
 */
public record Incident(
        @JsonProperty("id") String id,
        String title,
        String service,
        Severity severity,
        Instant startedAt,
        Instant detectedAt,
        Instant acknowledgedAt,
        Instant mitigatedAt,
        Instant resolvedAt,
        String commander,
        List<String> responders,
        Long usersAffected,
        Double usersAffectedPercent,
        String customerImpact,
        String symptom,
        boolean dataLoss,
        boolean securityIncident,
        boolean slaBreached,
        boolean nearMiss,
        List<TimelineEntry> timeline,
        String author,
        String facilitator,
        String requirement,
        String reason,
        Instant publishDeadline,
        Instant meetingDeadline,
        IncidentState state,
        String processInstanceId,
        Instant createdAt,
        String createdBy,
        Integer recurrence,
        String format,
        boolean restricted,
        String restrictedReason,
        String chatChannel) {

    /** Why an incident is restricted: a security incident, or marked {@code restricted} in its closure. */
    public static final String REASON_SECURITY = "Security incident";
    public static final String REASON_MARKED = "Marked restricted in the incident closure";

    /** An incident that is not restricted (the form every constructor call had before restriction existed). */
    public Incident(String id, String title, String service, Severity severity, Instant startedAt, Instant detectedAt,
                    Instant acknowledgedAt, Instant mitigatedAt, Instant resolvedAt, String commander,
                    List<String> responders, Long usersAffected, Double usersAffectedPercent, String customerImpact,
                    String symptom, boolean dataLoss, boolean securityIncident, boolean slaBreached, boolean nearMiss,
                    List<TimelineEntry> timeline, String author, String facilitator, String requirement,
                    String reason, Instant publishDeadline, Instant meetingDeadline, IncidentState state,
                    String processInstanceId, Instant createdAt, String createdBy, Integer recurrence, String format) {
        this(id, title, service, severity, startedAt, detectedAt, acknowledgedAt, mitigatedAt, resolvedAt, commander,
                responders, usersAffected, usersAffectedPercent, customerImpact, symptom, dataLoss, securityIncident,
                slaBreached, nearMiss, timeline, author, facilitator, requirement, reason, publishDeadline,
                meetingDeadline, state, processInstanceId, createdAt, createdBy, recurrence, format, false, null, null);
    }

    /**
     * This incident restricted when it is a security incident or {@code marked} so: visible only to its participants,
     * the group {@code security} and administrators.
     */
    public Incident withRestriction(boolean marked) {
        boolean restrict = securityIncident || marked;
        String why = securityIncident ? REASON_SECURITY : marked ? REASON_MARKED : null;
        return new Incident(id, title, service, severity, startedAt, detectedAt, acknowledgedAt, mitigatedAt,
                resolvedAt, commander, responders, usersAffected, usersAffectedPercent, customerImpact, symptom,
                dataLoss, securityIncident, slaBreached, nearMiss, timeline, author, facilitator, requirement, reason,
                publishDeadline, meetingDeadline, state, processInstanceId, createdAt, createdBy, recurrence, format,
                restrict, why, chatChannel);
    }

    /** This incident with the recurrence count a particular person is shown. */
    public Incident withRecurrence(Integer shown) {
        return new Incident(id, title, service, severity, startedAt, detectedAt, acknowledgedAt, mitigatedAt,
                resolvedAt, commander, responders, usersAffected, usersAffectedPercent, customerImpact, symptom,
                dataLoss, securityIncident, slaBreached, nearMiss, timeline, author, facilitator, requirement, reason,
                publishDeadline, meetingDeadline, state, processInstanceId, createdAt, createdBy, shown, format,
                restricted, restrictedReason, chatChannel);
    }

    public Incident withProcessInstanceId(String pid) {
        return new Incident(id, title, service, severity, startedAt, detectedAt, acknowledgedAt, mitigatedAt,
                resolvedAt, commander, responders, usersAffected, usersAffectedPercent, customerImpact, symptom,
                dataLoss, securityIncident, slaBreached, nearMiss, timeline, author, facilitator, requirement, reason,
                publishDeadline, meetingDeadline, state, pid, createdAt, createdBy, recurrence, format, restricted,
                restrictedReason, chatChannel);
    }
}
