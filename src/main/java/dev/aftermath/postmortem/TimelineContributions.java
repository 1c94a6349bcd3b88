package dev.aftermath.postmortem;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.aftermath.document.PostmortemDocument.TimelineEntry;
import dev.aftermath.directory.Groups;
import dev.aftermath.directory.UserDirectory;
import dev.aftermath.incident.Incident;
import dev.aftermath.incident.IncidentRepository;
import dev.aftermath.postmortem.TimelineMerge.Entry;
import dev.aftermath.postmortem.TimelineMerge.Merged;
import dev.aftermath.processapi.PostmortemProcess.Vars;
import dev.aftermath.process.JsonVariables;
import dev.aftermath.security.CurrentUser;
import dev.aftermath.security.IncidentAccess;
import dev.aftermath.web.ConflictException;
import dev.aftermath.web.FieldError;
import dev.aftermath.web.InvalidInputException;
import dev.aftermath.web.NotFoundException;

/**
 * Responders' contributions to the timeline of a post-mortem draft, from their {@code Task_ContributeTimeline} form
 * or from {@code POST /api/postmortems/{incidentId}/timeline}: checked and merged by {@link TimelineMerge}, who may
 * contribute by {@link TimelineContributors}. Every contribution is stored in {@code am_timeline_contribution}
 * (entries and the long "what I knew" notes live there, not in engine variables); the process variables
 * {@code timeline} and {@code timelineContributions} are the merged views the forms, mails and documents read.
 */
@Service
public class TimelineContributions {

    /** "What I knew / didn't know at the time": one form text field. */
    public static final int MAX_NOTES_LENGTH = 4000;

    private final TimelineContributionRepository contributions;
    private final IncidentRepository incidents;
    private final PostmortemRepository postmortems;
    private final PostmortemDocuments documents;
    private final JsonVariables json;
    private final IncidentAccess access;
    private final UserDirectory directory;
    private final TimelineContributors contributors;
    private final TimelineDraftStep drafts;
    private final RuntimeService runtime;
    private final IdentityService identity;
    private final Clock clock;

    public TimelineContributions(TimelineContributionRepository contributions, IncidentRepository incidents,
                                 PostmortemRepository postmortems, PostmortemDocuments documents, JsonVariables json,
                                 IncidentAccess access, UserDirectory directory, TimelineContributors contributors,
                                 TimelineDraftStep drafts, RuntimeService runtime, IdentityService identity,
                                 Clock clock) {
        this.contributions = contributions;
        this.incidents = incidents;
        this.postmortems = postmortems;
        this.documents = documents;
        this.json = json;
        this.access = access;
        this.directory = directory;
        this.contributors = contributors;
        this.drafts = drafts;
        this.runtime = runtime;
        this.identity = identity;
        this.clock = clock;
    }

    /** The responders and the commander who are not the author, each once: one contribution task each. */
    public List<String> contributors(String incidentId, String author) {
        return contributors.contributors(incident(incidentId), author);
    }

    // ------------------------------------------------------------------------------------------ contributions

    /** A contribution through the task form; returns the merged timeline. Throws {@link InvalidInputException}. */
    public Merged contributeByTask(String incidentId, String contributor, Object entriesValue, String notesValue,
                                   Object timelineValue) {
        Incident incident = incident(incidentId);
        List<FieldError> errors = new ArrayList<>();
        JsonNode list = json.read(entriesValue);
        List<Entry> entries = list == null ? List.of() : entries(list, Vars.CONTRIBUTED_ENTRIES.name(), incident, errors);
        String notes = notesValue == null || notesValue.isBlank() ? null : notesValue.strip();
        if (notes != null && notes.length() > MAX_NOTES_LENGTH) {
            errors.add(new FieldError(Vars.KNEW_AT_THE_TIME.name(), "must be at most " + MAX_NOTES_LENGTH + " characters"));
        }
        if (errors.isEmpty() && entries.isEmpty() && notes == null) {
            errors.add(new FieldError(Vars.CONTRIBUTED_ENTRIES.name(),
                    "add at least one entry, or say in the notes what you knew or did not know at the time"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("Timeline contribution rejected", errors);
        }
        Merged merged = TimelineMerge.merge(documents.timelineAsGiven(timelineValue), entries, contributor);
        contributions.add(incidentId, contributor, TimelineContributionRepository.TASK,
                TimelineContributionRepository.CONTRIBUTED, write(entries), merged.added(), notes, clock.instant());
        access.addParticipants(incidentId, IncidentAccess.CONTRIBUTOR, List.of(contributor));
        return merged;
    }

    /**
     * A contribution over the API by the caller: 404 when the caller may not see the incident, 403 when not a
     * participant (thrown as {@link NotAllowedException}), 409 once published or when no post-mortem is under way,
     * 400 naming each bad field. Merges into the running draft when there is one; before the draft exists the entries
     * wait in the table and join the generated draft. Returns the merged timeline.
     */
    @Transactional
    public List<TimelineEntry> contributeByApi(CurrentUser user, String incidentId, JsonNode body) {
        if (!access.canSee(user, incidentId)) {
            throw NotFoundException.incident(incidentId);
        }
        Incident incident = incidents.find(incidentId)
                .orElseThrow(() -> NotFoundException.incident(incidentId));
        if (!contributors.mayContribute(user, incident)) {
            throw new NotAllowedException("User '" + user.id() + "' is not a participant of incident '" + incidentId
                    + "': only its participants, " + Groups.TECH_LEADS + " and " + Groups.CAMUNDA_ADMIN
                    + " may add timeline entries");
        }
        // the caller's right to add is decided above; the engine reads and writes the draft for them (with Camunda
        // authorizations on, the caller need not hold READ/UPDATE on the post-mortem instance itself)
        Authentication caller = identity.getCurrentAuthentication();
        identity.clearAuthentication();
        try {
            return contributeAsService(user, incidentId, incident, body);
        } finally {
            if (caller != null) {
                identity.setAuthentication(caller);
            }
        }
    }

    private List<TimelineEntry> contributeAsService(CurrentUser user, String incidentId, Incident incident,
                                                          JsonNode body) {
        PostmortemRecord record = postmortems.find(incidentId).orElse(null);
        if (record != null && record.status() == PostmortemStatus.PUBLISHED) {
            throw new ConflictException("The post-mortem of incident '" + incidentId + "' is published: its timeline "
                    + "can no longer change", Map.of("status", record.status().name()));
        }
        ProcessInstance instance = incident.processInstanceId() == null ? null
                : runtime.createProcessInstanceQuery().processInstanceId(incident.processInstanceId()).singleResult();
        if (instance == null) {
            throw new ConflictException("No post-mortem is under way for incident '" + incidentId + "'",
                    Map.of("state", String.valueOf(incident.state())));
        }
        List<FieldError> errors = new ArrayList<>();
        JsonNode list = body == null ? null : body.get("entries");
        List<Entry> entries = entries(list, "entries", incident, errors);
        if (errors.isEmpty() && entries.isEmpty()) {
            errors.add(new FieldError("entries", "must contain at least one entry"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("Timeline entries rejected", errors);
        }
        Object draftTimeline = drafts.timeline(instance.getId());
        Merged merged;
        if (draftTimeline != null) {
            merged = TimelineMerge.merge(documents.timelineAsGiven(draftTimeline), entries, user.id());
        } else {
            // no draft yet: the incident's timeline with what is stored; the draft takes the stored entries in
            List<TimelineEntry> base = withStored(incidentId,
                    documents.timelineAsGiven(json.write(incident.timeline())));
            merged = TimelineMerge.merge(base, entries, user.id());
        }
        contributions.add(incidentId, user.id(), TimelineContributionRepository.API,
                TimelineContributionRepository.CONTRIBUTED, write(entries), merged.added(), null, clock.instant());
        access.addParticipants(incidentId, IncidentAccess.CONTRIBUTOR, List.of(user.id()));
        if (draftTimeline != null) {
            Map<String, Object> vars = drafts.write(instance.getId(), json.write(merged.timeline()),
                    json.write(summary(incidentId)));
            if (record != null) {
                postmortems.save(incidentId, record.status(), documents.fromVariables(vars, incident),
                        record.reviewRounds());
            }
        }
        return documents.timeline(json.write(merged.timeline()));
    }

    /** A contribution task that closed unanswered when the pre-read went out. */
    public void notContributed(String incidentId, String contributor) {
        contributions.add(incidentId, contributor, TimelineContributionRepository.TASK,
                TimelineContributionRepository.NOT_CONTRIBUTED, null, 0, null, clock.instant());
    }

    /** Who contributed what, one row per contributor ({@link TimelineMerge#summary}). */
    public List<Map<String, Object>> summary(String incidentId) {
        return TimelineMerge.summary(contributions.all(incidentId), directory::displayName);
    }

    /** The given timeline with every stored contribution merged in (for the generated draft). */
    public List<TimelineEntry> withStored(String incidentId, List<TimelineEntry> timeline) {
        return TimelineMerge.mergeStored(timeline, contributions.all(incidentId), null, this::read).timeline();
    }

    /**
     * The author's submitted timeline with the contributions made since {@code since} (when the author's task was
     * created) merged in again: the author's form may have been opened before they arrived, and a contribution is
     * never lost to a concurrent edit. Exact duplicates are not added twice, so contributions the author kept are
     * untouched.
     */
    public Merged keepContributionsSince(String incidentId, Instant since, Object submittedTimeline) {
        return TimelineMerge.mergeStored(documents.timelineAsGiven(submittedTimeline), contributions.all(incidentId),
                since == null ? Instant.MIN : since, this::read);
    }

    private List<Entry> entries(JsonNode list, String field, Incident incident, List<FieldError> errors) {
        Instant start = incident.startedAt() != null ? incident.startedAt()
                : incident.detectedAt() != null ? incident.detectedAt() : incident.resolvedAt();
        return TimelineMerge.entries(list, field, start, incident.resolvedAt(), errors);
    }

    private Incident incident(String incidentId) {
        return incidents.find(incidentId)
                .orElseThrow(() -> new IllegalStateException("No incident '" + incidentId + "' stored"));
    }

    private String write(List<Entry> entries) {
        try {
            return json.mapper().writeValueAsString(TimelineMerge.toStored(entries));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Entry> read(String entriesJson) {
        return entriesJson == null ? new ArrayList<>() : TimelineMerge.stored(json.read(entriesJson));
    }

    /** The caller may see the incident but is not one who may add to its timeline: HTTP 403. */
    public static class NotAllowedException extends RuntimeException {
        public NotAllowedException(String message) {
            super(message);
        }
    }
}
