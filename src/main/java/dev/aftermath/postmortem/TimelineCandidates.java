package dev.aftermath.postmortem;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import dev.aftermath.directory.Groups;
import dev.aftermath.document.PostmortemDocument.TimelineEntry;
import dev.aftermath.incident.Incident;
import dev.aftermath.incident.IncidentRepository;
import dev.aftermath.postmortem.TimelineCandidateRepository.Import;
import dev.aftermath.postmortem.TimelineCandidateRepository.Row;
import dev.aftermath.postmortem.TimelineCandidateSource.Candidate;
import dev.aftermath.postmortem.TimelineMerge.Entry;
import dev.aftermath.postmortem.TimelineMerge.Merged;
import dev.aftermath.process.JsonVariables;
import dev.aftermath.processapi.TimelineImportProcess;
import dev.aftermath.security.CurrentUser;
import dev.aftermath.security.IncidentAccess;
import dev.aftermath.web.ConflictException;
import dev.aftermath.web.FieldError;
import dev.aftermath.web.InvalidInputException;
import dev.aftermath.web.NotFoundException;

/**
 * Timeline candidates: entries imported from the incident's chat channel and the PagerDuty incident's log when the
 * draft is generated ({@link TimelineCandidateSource}s, one {@code timeline-import} instance per source), which the
 * author accepts or drops in the draft form or over {@code /api/postmortems/{id}/timeline-candidates}. Only accepted
 * candidates join the timeline (actor and source as the candidate has them, in time order, an entry equal to a line
 * already there is not added again); a proposed candidate never enters the document.
 */
@Service
public class TimelineCandidates {

    private static final Logger LOG = LoggerFactory.getLogger(TimelineCandidates.class);

    public static final String ACCEPT = "accept";
    public static final String DROP = "drop";

    private final List<TimelineCandidateSource> sources;
    private final TimelineCandidateRepository candidates;
    private final IncidentRepository incidents;
    private final PostmortemRepository postmortems;
    private final PostmortemDocuments documents;
    private final TimelineContributors contributors;
    private final TimelineDraftStep drafts;
    private final IncidentAccess access;
    private final JsonVariables json;
    private final RuntimeService runtime;
    private final IdentityService identity;
    private final TransactionTemplate separately;
    private final Clock clock;

    public TimelineCandidates(List<TimelineCandidateSource> sources, TimelineCandidateRepository candidates,
                              IncidentRepository incidents, PostmortemRepository postmortems,
                              PostmortemDocuments documents, TimelineContributors contributors,
                              TimelineDraftStep drafts, IncidentAccess access, JsonVariables json,
                              RuntimeService runtime, IdentityService identity, PlatformTransactionManager tx,
                              Clock clock) {
        this.sources = sources;
        this.candidates = candidates;
        this.incidents = incidents;
        this.postmortems = postmortems;
        this.documents = documents;
        this.contributors = contributors;
        this.drafts = drafts;
        this.access = access;
        this.json = json;
        this.runtime = runtime;
        this.identity = identity;
        this.separately = new TransactionTemplate(tx);
        this.separately.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    // ------------------------------------------------------------------------------------------------ import

    /**
     * When the draft is generated (in its transaction): one {@code timeline-import} instance per source that has
     * something for the incident; each imports after an async savepoint, so the draft never waits for a source.
     */
    public List<String> startImports(String incidentId) {
        Incident incident = incident(incidentId);
        List<String> started = new ArrayList<>();
        for (TimelineCandidateSource source : sources) {
            if (source.appliesTo(incident)) {
                Map<String, Object> vars = new HashMap<>();
                TimelineImportProcess.Vars.SOURCE.put(vars, source.name());
                runtime.startProcessInstanceByKey(TimelineImportProcess.KEY, incidentId, vars);
                started.add(source.name());
            }
        }
        return started;
    }

    /**
     * {@code Import_TimelineCandidates}: the source's entries stored as proposed candidates, each once (a retry adds
     * nothing twice). A failure is recorded in {@code am_timeline_import} (in its own transaction, so it stays when
     * the step rolls back) and rethrown: the job is retried and, when its retries are used up, a Cockpit incident.
     * Returns how many candidates were new.
     */
    public int importFrom(String incidentId, String sourceName) {
        Incident incident = incident(incidentId);
        TimelineCandidateSource source = sources.stream().filter(s -> s.name().equals(sourceName)).findFirst()
                .orElseThrow(() -> new IllegalStateException("No timeline candidate source '" + sourceName + "'"));
        try {
            List<Candidate> found = source.candidates(incident);
            Instant now = clock.instant();
            int added = 0;
            for (Candidate c : found) {
                if (c.at() == null || c.text() == null || c.text().isBlank() || c.sourceId() == null) {
                    continue;
                }
                String text = c.text().strip();
                if (text.length() > TimelineMerge.MAX_EVENT_LENGTH) {
                    text = text.substring(0, TimelineMerge.MAX_EVENT_LENGTH - 1) + "…";
                }
                Candidate clipped = new Candidate(c.sourceId(), c.at(), clip(c.actor(), 200), text,
                        clip(c.link(), 1000), c.pinned());
                if (candidates.addIfAbsent(incidentId, source.name(), clipped, now)) {
                    added++;
                }
            }
            candidates.recordImport(incidentId, source.name(), "OK", found.size(), null, now);
            LOG.info("Timeline candidates of {} from {}: {} found, {} new", incidentId, sourceName, found.size(),
                    added);
            return added;
        } catch (RuntimeException e) {
            String error = String.valueOf(e.getMessage());
            separately.executeWithoutResult(status -> candidates.recordImport(incidentId, sourceName, "FAILED", 0,
                    error, clock.instant()));
            throw e;
        }
    }

    /** The post-mortem instance of the incident while it runs, else null. */
    public String runningInstance(String incidentId) {
        Incident incident = incidents.find(incidentId).orElse(null);
        if (incident == null || incident.processInstanceId() == null) {
            return null;
        }
        ProcessInstance instance = runtime.createProcessInstanceQuery()
                .processInstanceId(incident.processInstanceId()).singleResult();
        return instance == null ? null : instance.getId();
    }

    // ------------------------------------------------------------------------------------------------ review

    /** The candidates still to review, as the draft form lists them. */
    public List<Map<String, Object>> proposed(String incidentId) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Row row : candidates.all(incidentId)) {
            if (TimelineCandidateRepository.PROPOSED.equals(row.status())) {
                Map<String, Object> m = view(row);
                m.remove("status");
                m.put("decision", "");
                list.add(m);
            }
        }
        return list;
    }

    /**
     * The author's decisions from the draft form ({@code timelineCandidates}: each listed candidate with
     * {@code decision} accept or drop; others stay proposed), then the submitted timeline with every candidate
     * accepted since {@code since} (the task's creation) merged in.
     */
    public Merged decideByForm(String incidentId, String author, Object submittedCandidates, Object timeline,
                               Instant since) {
        JsonNode list = json.read(submittedCandidates);
        Instant now = clock.instant();
        if (list != null && list.isArray()) {
            for (JsonNode item : list) {
                String decision = item.path("decision").asText("").strip().toLowerCase();
                long id = item.path("id").asLong(-1);
                if (id < 0 || !(ACCEPT.equals(decision) || DROP.equals(decision))) {
                    continue;
                }
                candidates.find(incidentId, id).ifPresent(row -> candidates.decide(row.id(),
                        ACCEPT.equals(decision) ? TimelineCandidateRepository.ACCEPTED
                                : TimelineCandidateRepository.DROPPED, author, now));
            }
        }
        return mergeAccepted(incidentId, documents.timelineAsGiven(timeline), since);
    }

    /** The timeline with the candidates accepted since {@code since} (all when null), each with its actor. */
    public Merged mergeAccepted(String incidentId, List<TimelineEntry> timeline, Instant since) {
        List<TimelineEntry> result = timeline;
        int added = 0;
        for (Row row : candidates.all(incidentId)) {
            if (TimelineCandidateRepository.ACCEPTED.equals(row.status())
                    && (since == null || row.decidedAt() != null && !row.decidedAt().isBefore(since))) {
                Merged m = TimelineMerge.merge(result, List.of(new Entry(row.at(), row.text(), row.link())),
                        row.actor());
                result = m.timeline();
                added += m.added();
            }
        }
        return new Merged(result, added);
    }

    /** {@code GET /api/postmortems/{id}/timeline-candidates}: the candidates and how each source's import went. */
    public Map<String, Object> list(CurrentUser user, String incidentId) {
        checkAccess(user, incidentId);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("incidentId", incidentId);
        answer.put("candidates", candidates.all(incidentId).stream().map(this::view).toList());
        List<Map<String, Object>> imports = new ArrayList<>();
        for (Import i : candidates.imports(incidentId)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source", i.source());
            m.put("status", i.status());
            m.put("candidates", i.candidates());
            m.put("attempts", i.attempts());
            m.put("error", i.error());
            m.put("updatedAt", i.updatedAt() == null ? null : i.updatedAt().toString());
            imports.add(m);
        }
        answer.put("imports", imports);
        return answer;
    }

    /**
     * {@code POST /api/postmortems/{id}/timeline-candidates/{cid}} {@code {decision: accept|drop}}: 404 when the
     * caller may not see the incident or there is no such candidate, 403 when not a participant, tech lead or admin,
     * 409 once published, when none is under way or when the candidate was decided already, 400 for a bad decision.
     * An accepted candidate joins the running draft's timeline at once (or the draft when it is generated).
     */
    @Transactional
    public Map<String, Object> decideByApi(CurrentUser user, String incidentId, String candidateId, JsonNode body) {
        checkAccess(user, incidentId);
        long id;
        try {
            id = Long.parseLong(candidateId);
        } catch (NumberFormatException e) {
            throw new NotFoundException("No timeline candidate '" + candidateId + "' of incident '" + incidentId
                    + "'");
        }
        Row row = candidates.find(incidentId, id).orElseThrow(() -> new NotFoundException(
                "No timeline candidate '" + candidateId + "' of incident '" + incidentId + "'"));
        JsonNode d = body == null ? null : body.get("decision");
        String decision = d == null || !d.isTextual() ? null : d.asText().strip().toLowerCase();
        if (!ACCEPT.equals(decision) && !DROP.equals(decision)) {
            throw new InvalidInputException("Decision rejected",
                    List.of(new FieldError("decision", "must be \"accept\" or \"drop\"")));
        }
        // the caller's right is decided above; the engine reads and writes the draft for them (as for contributions)
        Authentication caller = identity.getCurrentAuthentication();
        identity.clearAuthentication();
        try {
            decide(user, incidentId, row, decision);
        } finally {
            if (caller != null) {
                identity.setAuthentication(caller);
            }
        }
        return view(candidates.find(incidentId, id).orElseThrow());
    }

    private void decide(CurrentUser user, String incidentId, Row row, String decision) {
        String candidateId = String.valueOf(row.id());
        PostmortemRecord record = postmortems.find(incidentId).orElse(null);
        if (record != null && record.status() == PostmortemStatus.PUBLISHED) {
            throw new ConflictException("The post-mortem of incident '" + incidentId + "' is published: its timeline "
                    + "can no longer change", Map.of("status", record.status().name()));
        }
        String instance = runningInstance(incidentId);
        if (instance == null) {
            throw new ConflictException("No post-mortem is under way for incident '" + incidentId + "'",
                    Map.of("candidate", candidateId));
        }
        if (!candidates.decide(row.id(), ACCEPT.equals(decision) ? TimelineCandidateRepository.ACCEPTED
                : TimelineCandidateRepository.DROPPED, user.id(), clock.instant())) {
            throw new ConflictException("Timeline candidate '" + candidateId + "' was decided already",
                    Map.of("status", row.status()));
        }
        Object draftTimeline = drafts.timeline(instance);
        Map<String, Object> vars = null;
        if (draftTimeline != null && ACCEPT.equals(decision)) {
            Merged merged = TimelineMerge.merge(documents.timelineAsGiven(draftTimeline),
                    List.of(new Entry(row.at(), row.text(), row.link())), row.actor());
            vars = drafts.writeTimeline(instance, json.write(merged.timeline()));
        }
        drafts.writeCandidates(instance, json.write(proposed(incidentId)));
        if (vars != null && record != null) {
            postmortems.save(incidentId, record.status(), documents.fromVariables(vars, incident(incidentId)),
                    record.reviewRounds());
        }
    }

    private void checkAccess(CurrentUser user, String incidentId) {
        if (!access.canSee(user, incidentId)) {
            throw NotFoundException.incident(incidentId);
        }
        Incident incident = incidents.find(incidentId).orElseThrow(() -> NotFoundException.incident(incidentId));
        if (!contributors.mayContribute(user, incident)) {
            throw new TimelineContributions.NotAllowedException("User '" + user.id() + "' is not a participant of "
                    + "incident '" + incidentId + "': only its participants, " + Groups.TECH_LEADS + " and "
                    + Groups.CAMUNDA_ADMIN + " may review timeline candidates");
        }
    }

    private Map<String, Object> view(Row row) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", String.valueOf(row.id()));
        m.put("source", row.source());
        m.put("at", row.at().toString());
        m.put("actor", row.actor());
        m.put("text", row.text());
        m.put("link", row.link());
        m.put("pinned", row.pinned());
        m.put("status", row.status());
        return m;
    }

    private Incident incident(String incidentId) {
        return incidents.find(incidentId)
                .orElseThrow(() -> new IllegalStateException("No incident '" + incidentId + "' stored"));
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
