package dev.aftermath.security;

import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

/**
 * {@code ${audience}} for the diagrams' mail steps: a mail meant for a broad list (the publication summary to
 * {@code engineering}, the week-2 standup escalation) goes, for a restricted incident, to its participants and the group
 * {@code security} instead, e.g. {@code mailTo = ${audience.broad(incidentId, 'group:engineering')}}.
 */
@Component("audience")
public class IncidentAudience {

    private final IncidentAccess access;

    public IncidentAudience(IncidentAccess access) {
        this.access = access;
    }

    /** {@code list} for an open incident; the participants and {@code group:security} for a restricted one. */
    public String broad(Object incidentId, String list) {
        if (incidentId == null || incidentId.toString().isBlank() || !access.isRestricted(incidentId.toString())) {
            return list;
        }
        List<String> recipients = new ArrayList<>(access.participants(incidentId.toString()));
        recipients.add("group:" + IncidentAccess.SECURITY_GROUP);
        return String.join(",", recipients);
    }
}
