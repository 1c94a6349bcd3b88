package dev.aftermath.postmortem;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.springframework.stereotype.Component;

import dev.aftermath.directory.Groups;
import dev.aftermath.directory.UserDirectory;
import dev.aftermath.incident.Incident;
import dev.aftermath.security.CurrentUser;
import dev.aftermath.security.IncidentAccess;

/** Who contributes to a post-mortem's timeline: by task (responders and commander) and over the API. */
@Component
public class TimelineContributors {

    private final IncidentAccess access;
    private final UserDirectory directory;

    public TimelineContributors(IncidentAccess access, UserDirectory directory) {
        this.access = access;
        this.directory = directory;
    }

    /** The responders and the commander who are not the author, each once: one contribution task each. */
    public List<String> contributors(Incident incident, String author) {
        Set<String> people = new LinkedHashSet<>();
        if (incident.responders() != null) {
            incident.responders().forEach(people::add);
        }
        people.add(incident.commander());
        return people.stream().filter(Objects::nonNull).map(String::trim).filter(u -> !u.isEmpty())
                .filter(u -> !u.equals(author)).filter(directory::exists).toList();
    }

    /**
     * Who may add entries over the API: participants of the incident (its commander, responders, author, facilitator
     * and everyone {@link IncidentAccess} lists), tech leads and administrators.
     */
    public boolean mayContribute(CurrentUser user, Incident incident) {
        if (user.inAnyGroup(Groups.TECH_LEADS, Groups.CAMUNDA_ADMIN)) {
            return true;
        }
        String id = user.id();
        return id.equals(incident.commander()) || id.equals(incident.author()) || id.equals(incident.facilitator())
                || (incident.responders() != null && incident.responders().contains(id))
                || access.isParticipant(id, incident.id());
    }
}
