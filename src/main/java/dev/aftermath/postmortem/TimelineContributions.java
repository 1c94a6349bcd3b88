package dev.aftermath.postmortem;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

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
import dev.aftermath.processapi.PostmortemProcess.Vars;
import dev.aftermath.postmortem.TimelineContributionRepository.Row;
import dev.aftermath.process.JsonVariables;
import dev.aftermath.security.CurrentUser;
import dev.aftermath.security.IncidentAccess;
import dev.aftermath.web.ConflictException;
import dev.aftermath.web.FieldError;
import dev.aftermath.web.InvalidInputException;
import dev.aftermath.web.NotFoundException;

/**
 * Responders' contributions to the timeline of a post-mortem draft, from their {@code Task_ContributeTimeline} form
 * or from {@code POST /api/postmortems/{incidentId}/timeline}.
 *
 * <p>Merge rules, the same for both: the contributed entries join the draft's timeline with {@code actor} = the
 * contributor; the result is in time order (stable: entries at the same instant keep their order, entries without a
 * valid time stay at the end); an entry with the same instant and the same event text as one already there (exact
 * duplicate, after trimming) is not added again, the entry already there keeps its actor. Every contribution is
 * stored in {@code am_timeline_contribution} (entries and the long "what I knew" notes live there, not in engine
 * variables); the process variables {@code timeline} and {@code timelineContributions} are the merged views the
 * forms, mails and documents read.
 */
@Service
public class TimelineContributions {

    /** The longest event text of one entry. */
    public static final int MAX_EVENT_LENGTH = 2000;
    public static final int MAX_SOURCE_LENGTH = 200;
    /** "What I knew / didn't know at the time": one form text field. */
    public static final int MAX_NOTES_LENGTH = 4000;
    /** Entries may lie this far before the incident started and after it was resolved. */
    public static final Duration WINDOW_MARGIN = Duration.ofHours(24);

    /** One validated entry. */
    public record Entry(Instant at, String event, String source) {
    }

    /** A timeline after a merge and how many entries the merge added. */
    public record Merged(List<TimelineEntry> timeline, int added) {
    }

    private final TimelineContributionRepository contributions;
    private final IncidentRepository incidents;
    private final PostmortemRepository postmortems;
    private final PostmortemDocuments documents;
    private final JsonVariables json;
    private final IncidentAccess access;
    private final UserDirectory directory;
    private final RuntimeService runtime;
    private final IdentityService identity;

    public TimelineContributions(TimelineContributionRepository contributions, IncidentRepository incidents,
                                 PostmortemRepository postmortems, PostmortemDocuments documents, JsonVariables json,
                                 IncidentAccess access, UserDirectory directory, RuntimeService runtime,
                                 IdentityService identity) {
        this.contributions = contributions;
        this.incidents = incidents;
        this.postmortems = postmortems;
        this.documents = documents;
        this.json = json;
        this.access = access;
        this.directory = directory;
        this.runtime = runtime;
        this.identity = identity;
    }

    // ------------------------------------------------------------------------------------------ who contributes

    /** The responders and the commander who are not the author, each once: one contribution task each. */
    public List<String> contributors(String incidentId, String author) {
        Incident incident = incident(incidentId);
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

    // ------------------------------------------------------------------------------------------ contributions

    /** A contribution through the task form; returns the merged timeline. Throws {@link InvalidInputException}. */
    public Merged contributeByTask(String incidentId, String contributor, Object entriesValue, Object notesValue,
                                   Object timelineValue) {
        Incident incident = incident(incidentId);
        List<FieldError> errors = new ArrayList<>();
        JsonNode list = json.read(entriesValue);
        List<Entry> entries = list == null ? List.of() : entries(list, Vars.CONTRIBUTED_ENTRIES.name(), incident, errors);
        String notes = notesValue == null || notesValue.toString().isBlank() ? null : notesValue.toString().strip();
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
        Merged merged = merge(documents.timelineAsGiven(timelineValue), entries, contributor);
        contributions.add(incidentId, contributor, TimelineContributionRepository.TASK,
                TimelineContributionRepository.CONTRIBUTED, write(entries), merged.added(), notes, Instant.now());
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
            throw new NotFoundException("No incident '" + incidentId + "'");
        }
        Incident incident = incidents.find(incidentId)
                .orElseThrow(() -> new NotFoundException("No incident '" + incidentId + "'"));
        if (!mayContribute(user, incident)) {
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
        Object draftTimeline = runtime.getVariable(instance.getId(), Vars.TIMELINE.name());
        Merged merged;
        if (draftTimeline != null) {
            merged = merge(documents.timelineAsGiven(draftTimeline), entries, user.id());
        } else {
            // no draft yet: the incident's timeline with what is stored; the draft takes the stored entries in
            List<TimelineEntry> base = withStored(incidentId,
                    documents.timelineAsGiven(json.write(incident.timeline())));
            merged = merge(base, entries, user.id());
        }
        contributions.add(incidentId, user.id(), TimelineContributionRepository.API,
                TimelineContributionRepository.CONTRIBUTED, write(entries), merged.added(), null, Instant.now());
        access.addParticipants(incidentId, IncidentAccess.CONTRIBUTOR, List.of(user.id()));
        if (draftTimeline != null) {
            Map<String, Object> vars = new LinkedHashMap<>();
            vars.put(Vars.TIMELINE.name(), json.write(merged.timeline()));
            vars.put(Vars.TIMELINE_CONTRIBUTIONS.name(), json.write(summary(incidentId)));
            runtime.setVariables(instance.getId(), vars);
            if (record != null) {
                postmortems.save(incidentId, record.status(),
                        documents.fromVariables(runtime.getVariables(instance.getId()), incident),
                        record.reviewRounds());
            }
        }
        return documents.timeline(json.write(merged.timeline()));
    }

    /** A contribution task that closed unanswered when the pre-read went out. */
    public void notContributed(String incidentId, String contributor) {
        contributions.add(incidentId, contributor, TimelineContributionRepository.TASK,
                TimelineContributionRepository.NOT_CONTRIBUTED, null, 0, null, Instant.now());
    }

    /**
     * Who contributed what, one row per contributor in the order they first contributed: {@code contributor},
     * {@code name}, {@code entries} (how many entries they added), {@code notes} (what they knew / did not know),
     * {@code via} (task, api).
     */
    public List<Map<String, Object>> summary(String incidentId) {
        Map<String, Map<String, Object>> byContributor = new LinkedHashMap<>();
        for (Row row : contributions.all(incidentId)) {
            if (!TimelineContributionRepository.CONTRIBUTED.equals(row.status())) {
                continue;
            }
            Map<String, Object> s = byContributor.computeIfAbsent(row.contributor(), c -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("contributor", c);
                m.put("name", directory.displayName(c));
                m.put("entries", 0);
                m.put("notes", null);
                m.put("via", "");
                return m;
            });
            s.put("entries", (Integer) s.get("entries") + row.added());
            if (row.notes() != null) {
                s.put("notes", s.get("notes") == null ? row.notes() : s.get("notes") + "\n\n" + row.notes());
            }
            String via = row.channel().toLowerCase();
            String vias = (String) s.get("via");
            if (!List.of(vias.split(", ")).contains(via)) {
                s.put("via", vias.isEmpty() ? via : vias + ", " + via);
            }
        }
        return new ArrayList<>(byContributor.values());
    }

    /** The given timeline with every stored contribution merged in (for the generated draft). */
    public List<TimelineEntry> withStored(String incidentId, List<TimelineEntry> timeline) {
        List<TimelineEntry> result = timeline;
        for (Row row : contributions.all(incidentId)) {
            if (TimelineContributionRepository.CONTRIBUTED.equals(row.status())) {
                result = merge(result, read(row.entries()), row.contributor()).timeline();
            }
        }
        return result;
    }

    /**
     * The author's submitted timeline with the contributions made since {@code since} (when the author's task was
     * created) merged in again: the author's form may have been opened before they arrived, and a contribution is
     * never lost to a concurrent edit. Exact duplicates are not added twice, so contributions the author kept are
     * untouched.
     */
    public Merged keepContributionsSince(String incidentId, Instant since, Object submittedTimeline) {
        List<TimelineEntry> result = documents.timelineAsGiven(submittedTimeline);
        int added = 0;
        for (Row row : contributions.all(incidentId)) {
            if (TimelineContributionRepository.CONTRIBUTED.equals(row.status()) && row.createdAt() != null
                    && (since == null || !row.createdAt().isBefore(since))) {
                Merged m = merge(result, read(row.entries()), row.contributor());
                result = m.timeline();
                added += m.added();
            }
        }
        return new Merged(result, added);
    }

    // ------------------------------------------------------------------------------------------ rules

    /**
     * Validates a JSON list of {@code {at, event, source}} (rows with nothing filled in are skipped, as a form sends
     * them): {@code at} an ISO-8601 instant within [startedAt − 24 h, resolvedAt + 24 h], {@code event} not empty
     * and at most {@value #MAX_EVENT_LENGTH} characters, {@code source} optional. Errors name
     * {@code <field>[i].at} etc.
     */
    public List<Entry> entries(JsonNode list, String field, Incident incident, List<FieldError> errors) {
        List<Entry> entries = new ArrayList<>();
        if (list == null || list.isNull() || !list.isArray()) {
            errors.add(new FieldError(field, "must be a list of {at, event, source}"));
            return entries;
        }
        Instant start = incident.startedAt() != null ? incident.startedAt()
                : incident.detectedAt() != null ? incident.detectedAt() : incident.resolvedAt();
        Instant from = start.minus(WINDOW_MARGIN);
        Instant to = incident.resolvedAt().plus(WINDOW_MARGIN);
        int i = 0;
        for (JsonNode item : list) {
            String prefix = field + "[" + i++ + "]";
            if (!item.isObject()) {
                errors.add(new FieldError(prefix, "must be an object {at, event, source}"));
                continue;
            }
            String at = text(item, "at");
            String event = text(item, "event");
            String source = text(item, "source");
            if (at == null && event == null && source == null) {
                continue;
            }
            Instant time = null;
            if (at == null) {
                errors.add(new FieldError(prefix + ".at", "is required: when it happened (ISO-8601, UTC)"));
            } else {
                time = instant(at);
                if (time == null) {
                    errors.add(new FieldError(prefix + ".at",
                            "must be an ISO-8601 instant such as 2026-11-20T14:23:00Z"));
                } else if (time.isBefore(from) || time.isAfter(to)) {
                    errors.add(new FieldError(prefix + ".at", "must lie between " + from + " and " + to
                            + " (24 h before the incident started to 24 h after it was resolved)"));
                }
            }
            if (event == null) {
                errors.add(new FieldError(prefix + ".event", "must not be empty"));
            } else if (event.length() > MAX_EVENT_LENGTH) {
                errors.add(new FieldError(prefix + ".event", "must be at most " + MAX_EVENT_LENGTH + " characters"));
            }
            if (source != null && source.length() > MAX_SOURCE_LENGTH) {
                errors.add(new FieldError(prefix + ".source", "must be at most " + MAX_SOURCE_LENGTH
                        + " characters"));
            }
            if (time != null && event != null) {
                entries.add(new Entry(time, event, source));
            }
        }
        return entries;
    }

    /**
     * Merges entries into a timeline: actor = the contributor, exact duplicates (same instant and event text) once,
     * the result in time order (stable; entries without a valid time at the end).
     */
    public static Merged merge(List<TimelineEntry> timeline, List<Entry> entries, String actor) {
        List<TimelineEntry> result = new ArrayList<>(timeline);
        int added = 0;
        for (Entry entry : entries) {
            boolean duplicate = result.stream().anyMatch(e -> entry.at().equals(instant(e.at()))
                    && entry.event().strip().equals(e.event() == null ? null : e.event().strip()));
            if (duplicate) {
                continue;
            }
            result.add(new TimelineEntry(entry.at().toString(), entry.event().strip(), entry.source(), actor));
            added++;
        }
        result.sort(Comparator.comparing(e -> instant(e.at()),
                Comparator.nullsLast(Comparator.naturalOrder())));
        return new Merged(result, added);
    }

    // ------------------------------------------------------------------------------------------ helpers

    private Incident incident(String incidentId) {
        return incidents.find(incidentId)
                .orElseThrow(() -> new IllegalStateException("No incident '" + incidentId + "' stored"));
    }

    private String write(List<Entry> entries) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Entry e : entries) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", e.at().toString());
            m.put("event", e.event());
            m.put("source", e.source());
            list.add(m);
        }
        try {
            return json.mapper().writeValueAsString(list);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Entry> read(String entriesJson) {
        List<Entry> entries = new ArrayList<>();
        if (entriesJson == null) {
            return entries;
        }
        JsonNode node = json.read(entriesJson);
        if (node != null && node.isArray()) {
            for (JsonNode item : node) {
                Instant at = instant(text(item, "at"));
                String event = text(item, "event");
                if (at != null && event != null) {
                    entries.add(new Entry(at, event, text(item, "source")));
                }
            }
        }
        return entries;
    }

    private static String text(JsonNode item, String field) {
        JsonNode v = item.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText().trim();
    }

    static Instant instant(String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The caller may see the incident but is not one who may add to its timeline: HTTP 403. */
    public static class NotAllowedException extends RuntimeException {
        public NotAllowedException(String message) {
            super(message);
        }
    }
}
