package dev.aftermath.incident;

import java.time.Clock;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.aftermath.directory.UserDirectory;
import dev.aftermath.processapi.PostmortemProcess;
import dev.aftermath.processapi.PostmortemProcess.Vars;
import dev.aftermath.process.JsonVariables;
import dev.aftermath.process.RejectedInputException;
import dev.aftermath.security.CurrentUser;
import dev.aftermath.security.IncidentAccess;
import dev.aftermath.security.IncidentAccess.SqlFilter;
import dev.aftermath.web.FieldError;
import dev.aftermath.web.InputLimits;
import dev.aftermath.web.InvalidInputException;
import dev.aftermath.web.NotFoundException;

/** Receives incident closures and starts their post-mortem lifecycle (one per incident id). */
@Service
public class IncidentService {

    private final IncidentRepository incidents;
    private final UserDirectory directory;
    private final RuntimeService runtimeService;
    private final ObjectMapper json;
    private final JsonVariables jsonVariables;
    private final IncidentAccess access;
    private final Clock clock;

    public IncidentService(IncidentRepository incidents, UserDirectory directory, RuntimeService runtimeService,
                           JsonVariables jsonVariables, IncidentAccess access, Clock clock) {
        this.clock = clock;
        this.incidents = incidents;
        this.access = access;
        this.directory = directory;
        this.runtimeService = runtimeService;
        this.jsonVariables = jsonVariables;
        this.json = jsonVariables.mapper();
    }

    /**
     * Stores a posted closure and starts its lifecycle in one transaction: either both happen or neither. The same id
     * again answers the existing incident and starts nothing.
     */
    @Transactional
    public Received receive(JsonNode body, String postedBy) {
        JsonNode idNode = body == null ? null : body.get("id");
        if (idNode != null && idNode.isTextual() && idNode.asText().trim().length() <= IncidentPayload.MAX_ID_LENGTH
                && InputLimits.badCharacter(idNode.asText(), false) == null) {
            Optional<Incident> existing = incidents.find(idNode.asText().trim());
            if (existing.isPresent()) {
                return new Received(existing.get(), false);
            }
        }
        Incident incident = IncidentPayload.parse(body, directory::exists, postedBy, clock.instant());
        incidents.insert(incident);
        recordParticipants(incident);
        ProcessInstance instance = runtimeService.createProcessInstanceByKey(PostmortemProcess.KEY)
                .businessKey(incident.id())
                .setVariables(processVariables(incident))
                .execute();
        return new Received(incidents.find(incident.id()).orElseThrow()
                .withProcessInstanceId(instance.getProcessInstanceId()), true);
    }

    public java.util.List<Incident> search(String service, String symptom, java.time.Instant from,
                                           java.time.Instant to, int page, int size) {
        return incidents.search(service, symptom, from, to, page, size);
    }

    public long count(String service, String symptom, java.time.Instant from, java.time.Instant to) {
        return incidents.count(service, symptom, from, to);
    }

    /** The incidents the user may see (restricted ones only for their participants, security and admins). */
    public java.util.List<Incident> search(CurrentUser user, String service, String symptom, java.time.Instant from,
                                           java.time.Instant to, int page, int size) {
        return incidents.search(service, symptom, from, to, page, size, access.visibleTo(user, "id")).stream()
                .map(i -> shownTo(user, i)).toList();
    }

    public long count(CurrentUser user, String service, String symptom, java.time.Instant from,
                      java.time.Instant to) {
        return incidents.count(service, symptom, from, to, access.visibleTo(user, "id"));
    }

    public Incident get(String id) {
        return incidents.find(id).orElseThrow(() -> NotFoundException.incident(id));
    }

    /** The incident, or 404 also when the user may not see it (its existence is not disclosed). */
    public Incident get(CurrentUser user, String id) {
        if (!access.canSee(user, id)) {
            throw NotFoundException.incident(id);
        }
        return shownTo(user, get(id));
    }

    /** Whether the user may see the incident (an unknown one: true; its lookup answers 404). */
    public boolean canSee(CurrentUser user, String id) {
        return access.canSee(user, id);
    }

    /**
     * The incident as the user is shown it: its recurrence counts only the occurrences the user may see (the policy
     * counted them all; that count is an input of its decision, not something shown).
     */
    private Incident shownTo(CurrentUser user, Incident incident) {
        if (access.seesEverything(user) || incident.recurrence() == null || incident.recurrence() <= 1) {
            return incident;
        }
        return incident.withRecurrence(incidents.visibleRecurrence(incident, access.visibleTo(user, "id")));
    }

    /** The people named at closure take part in the incident (they see it also when it is restricted). */
    private void recordParticipants(Incident incident) {
        access.addParticipant(incident.id(), IncidentAccess.COMMANDER, incident.commander());
        access.addParticipants(incident.id(), IncidentAccess.RESPONDER, incident.responders());
        access.addParticipant(incident.id(), IncidentAccess.AUTHOR, incident.author());
        access.addParticipant(incident.id(), IncidentAccess.FACILITATOR, incident.facilitator());
    }

    /** What the start listener writes back: the business key, and the variables of a Tasklist-started instance. */
    public record Registered(String incidentId, Map<String, Object> variables) {
    }

    /**
     * Start of the lifecycle: an instance started by {@link #receive} finds its incident stored and is attached to it;
     * an instance started by hand in Tasklist (start form, {@code form}) is checked like a posted closure and stored
     * here, so a bad start form is refused with the fields named and nothing is created.
     */
    public Registered registerStart(String id, String processInstanceId, Map<String, Object> form, String startedBy) {
        Optional<Incident> stored = id == null ? Optional.empty() : incidents.find(id);
        if (stored.isPresent()) {
            if (stored.get().processInstanceId() != null) {
                throw new RejectedInputException(List.of(new FieldError(Vars.INCIDENT_ID.name(), "'" + id
                        + "' already has a post-mortem lifecycle (instance " + stored.get().processInstanceId() + ")")));
            }
            incidents.attachProcess(id, processInstanceId);
            return new Registered(id, Map.of());
        }
        Map<String, Object> payload = new HashMap<>(form);
        payload.put("id", id);
        payload.put(Vars.TIMELINE.name(), jsonVariables.plain(payload.get(Vars.TIMELINE.name())));
        Incident incident;
        try {
            incident = IncidentPayload.parse(json.valueToTree(payload), directory::exists, startedBy, clock.instant())
                    .withProcessInstanceId(processInstanceId);
        } catch (InvalidInputException e) {
            throw RejectedInputException.of(e);
        }
        incidents.insert(incident);
        recordParticipants(incident);
        return new Registered(incident.id(), processVariables(incident));
    }

    /** The variables the diagram and the policy table read; the full incident stays in the incident table. */
    Map<String, Object> processVariables(Incident i) {
        Map<String, Object> vars = new HashMap<>();
        vars.put(Vars.INCIDENT_ID.name(), i.id());
        vars.put(Vars.TITLE.name(), i.title());
        vars.put(Vars.SERVICE.name(), i.service());
        vars.put(Vars.SEVERITY.name(), i.severity().name());
        vars.put(Vars.RESOLVED_AT.name(), Date.from(i.resolvedAt()));
        vars.put(Vars.COMMANDER.name(), i.commander());
        vars.put(Vars.USERS_AFFECTED_PERCENT.name(), i.usersAffectedPercent());
        vars.put(Vars.DATA_LOSS.name(), i.dataLoss());
        vars.put(Vars.SECURITY_INCIDENT.name(), i.securityIncident());
        vars.put(Vars.RESTRICTED.name(), i.restricted());
        vars.put(Vars.SLA_BREACHED.name(), i.slaBreached());
        vars.put(Vars.NEAR_MISS.name(), i.nearMiss());
        vars.put(Vars.SYMPTOM.name(), i.symptom());
        vars.put(Vars.AUTHOR.name(), i.author());
        vars.put(Vars.FACILITATOR.name(), i.facilitator());
        vars.put(Vars.ROLES_ASSIGNED.name(), i.author() != null && i.facilitator() != null);
        vars.put(Vars.TIMELINE.name(), jsonVariables.write(i.timeline()));
        return vars;
    }

    public record Received(Incident incident, boolean created) {
    }
}
