package dev.aftermath.postmortem;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.core.type.TypeReference;

import org.camunda.spin.plugin.variable.value.JsonValue;
import org.springframework.stereotype.Service;

import dev.aftermath.document.PostmortemDocument;
import dev.aftermath.document.PostmortemDocument.ActionItem;
import dev.aftermath.incident.Incident;
import dev.aftermath.incident.IncidentRepository;
import dev.aftermath.incident.IncidentState;
import dev.aftermath.processapi.PostmortemProcess.Vars;
import dev.aftermath.processapi.ProcessVariable;
import dev.aftermath.process.JsonVariables;
import dev.aftermath.redaction.Redactor;
import dev.aftermath.security.IncidentAccess;
import dev.aftermath.template.Formats;
import dev.aftermath.template.Templates;
import dev.aftermath.web.NotFoundException;

/** The post-mortem document through its life: generated draft, snapshots while it is written, publication. */
@Service
public class PostmortemService {

    private final IncidentRepository incidents;
    private final PostmortemRepository postmortems;
    private final PostmortemDocuments documents;
    private final MailModels models;
    private final Templates templates;
    private final JsonVariables json;
    private final Redactor redactor;
    private final IncidentAccess access;
    private final TimelineContributions contributions;
    private final Clock clock;
    private final PublishedPage pages;

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    /** Left out of the public version altogether: people, internal notes, process bookkeeping. */
    static final Set<String> NOT_PUBLIC = Set.of("author", "authorName", "facilitator", "facilitatorName", "reviewers",
            "meeting", "meetingNotes", "reviewComments", "owner", "ownerName", "actor", "source", "commander",
            "responders", "createdBy", "createdAt", "reason", "requirement", "processInstanceId", "state", "timeline",
            "publishDeadline", "meetingDeadline", "timelineContributions");

    public PostmortemService(IncidentRepository incidents, PostmortemRepository postmortems,
                             PostmortemDocuments documents, MailModels models, Templates templates,
                             JsonVariables json, Redactor redactor, IncidentAccess access,
                             TimelineContributions contributions, PublishedPage pages, Clock clock) {
        this.clock = clock;
        this.access = access;
        this.incidents = incidents;
        this.postmortems = postmortems;
        this.documents = documents;
        this.models = models;
        this.templates = templates;
        this.json = json;
        this.redactor = redactor;
        this.contributions = contributions;
        this.pages = pages;
    }

    /** The generated parts of a draft (JSON values as the engine stores them). */
    public record Draft(String summary, String impact, JsonValue timeline, JsonValue timelineContributions) {
    }

    /** The free-text sections the author fills in: empty in a new draft unless already given. */
    public static final List<ProcessVariable<String>> OPEN_SECTIONS = List.of(Vars.ROOT_CAUSE, Vars.WHAT_WENT_WELL,
            Vars.WHAT_WENT_WRONG, Vars.LESSONS_LEARNED);
    /**
     * The lists that start empty: whys, contributing factors, and no action items until the review meeting (the
     * lightweight format may publish without any).
     */
    public static final List<ProcessVariable<Object>> EMPTY_LISTS = List.of(Vars.WHYS, Vars.CONTRIBUTING_FACTORS,
            Vars.ACTION_ITEMS);

    /**
     * Generates the draft from the incident: summary and impact from {@code templates/document/draft-*.vm} (with the
     * numbers and TTD/TTE/TTR), the timeline in time order with what responders already added over the API; records
     * the roles and participants. The caller stores the draft's variables, then takes a {@link #snapshot}.
     */
    public Draft createDraft(String incidentId, Map<String, Object> variables) {
        Incident incident = incident(incidentId);
        incidents.recordRoles(incidentId, Vars.AUTHOR.from(variables), Vars.FACILITATOR.from(variables));
        recordParticipants(incidentId, variables, null);
        Map<String, Object> model = models.build(incidentId, variables);
        return new Draft(templates.text("document/draft-summary.vm", model).strip(),
                templates.text("document/draft-impact.vm", model).strip(),
                json.write(contributions.withStored(incidentId,
                        documents.timelineAsGiven(json.write(incident.timeline())))),
                json.write(contributions.summary(incidentId)));
    }

    /**
     * Everyone the post-mortem names takes part in the incident (and so sees it when it is restricted): author,
     * facilitator, reviewers, meeting attendees, action-item owners, and whoever completes one of its tasks.
     */
    public void recordParticipants(String incidentId, Map<String, Object> variables, String actor) {
        access.addParticipant(incidentId, IncidentAccess.AUTHOR, string(variables.get(Vars.AUTHOR.name())));
        access.addParticipant(incidentId, IncidentAccess.FACILITATOR, string(variables.get(Vars.FACILITATOR.name())));
        access.addParticipants(incidentId, IncidentAccess.REVIEWER, Formats.ids(variables.get(Vars.REVIEWERS.name())));
        access.addParticipants(incidentId, IncidentAccess.ATTENDEE, Formats.ids(variables.get(Vars.ATTENDEES.name())));
        access.addParticipants(incidentId, IncidentAccess.OWNER, documents.actionItems(
                variables.get(Vars.ACTION_ITEMS.name())).stream().map(ActionItem::owner).toList());
        access.addParticipant(incidentId, IncidentAccess.CONTRIBUTOR, actor);
    }

    private static String string(Object value) {
        return value == null || value.toString().isBlank() ? null : value.toString().trim();
    }

    /** Stores the document as it stands in the process variables (after each step that edits it). */
    public void snapshot(String incidentId, Map<String, Object> variables, PostmortemStatus status) {
        PostmortemDocument doc = documents.fromVariables(variables, incidents.find(incidentId).orElse(null));
        postmortems.save(incidentId, status, doc, rounds(variables));
    }

    /**
     * Records the document as it stands in the process variables as the last version that passed the quality gate:
     * the version the mails quote ({@code $draft}), so a version the gate sent back is never mailed.
     */
    public void recordPassed(String incidentId, Map<String, Object> variables) {
        postmortems.savePassed(incidentId, documents.fromVariables(variables, incidents.find(incidentId).orElse(null)));
    }

    /** Stores the document as it stands, keeping its status (after a timeline contribution). */
    public void refresh(String incidentId, Map<String, Object> variables) {
        PostmortemStatus status = postmortems.find(incidentId).map(PostmortemRecord::status)
                .orElse(PostmortemStatus.DRAFT);
        snapshot(incidentId, variables, status);
    }

    /** Renders the approved document (Markdown and HTML from templates/) and stores it as PUBLISHED. */
    public void publish(String incidentId, Map<String, Object> variables) {
        Incident incident = incident(incidentId);
        Instant publishedAt = clock.instant();
        Map<String, Object> model = models.build(incidentId, variables);
        model.put("doc", PublishedPage.document(model).withPublication(PostmortemStatus.PUBLISHED.name(),
                publishedAt.toString()));
        String markdown = templates.text("document/postmortem.md.vm", model);
        String html = templates.html("document/postmortem.html.vm", model);
        PostmortemDocument stored = documents.fromVariables(variables, incident);
        postmortems.publish(incidentId, stored, rounds(variables), markdown, html, publishedAt);
        // a restricted post-mortem has no public version; the library's search columns are stored all the same
        Map<String, Object> publicModel = incident.restricted() ? null : publicModel(model);
        postmortems.publishPublic(incidentId,
                publicModel == null ? null : templates.text("document/postmortem-public.md.vm", publicModel),
                publicModel == null ? null : templates.html("document/postmortem-public.html.vm", publicModel),
                stored.summary(), stored.rootCause(), stored.causeCategory());
        incidents.updateState(incidentId, IncidentState.POSTMORTEM_PUBLISHED);
    }

    /** The API view: status, the sections by variable name, action items, review rounds and links. */
    public Map<String, Object> view(String incidentId, Map<String, Object> links) {
        PostmortemRecord record = postmortems.find(incidentId)
                .orElseThrow(() -> NotFoundException.postmortem(incidentId));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("incidentId", incidentId);
        view.put("status", record.status());
        view.putAll(json.mapper().convertValue(record.document(), MAP));
        view.put("reviewRounds", record.reviewRounds());
        view.put("createdAt", record.createdAt());
        view.put("updatedAt", record.updatedAt());
        view.put("publishedAt", record.publishedAt());
        view.put("links", links);
        return view;
    }

    /** Why the incident is restricted, or null. */
    public String restrictedReason(String incidentId) {
        return incidents.find(incidentId).filter(Incident::restricted).map(Incident::restrictedReason).orElse(null);
    }

    public PostmortemRecord record(String incidentId) {
        return postmortems.find(incidentId)
                .orElseThrow(() -> NotFoundException.postmortem(incidentId));
    }

    /**
     * The document rendered from the templates: the published rendering once published, else the current state
     * (marked with its status) so a reviewer can read the draft.
     */
    public String render(String incidentId, boolean html) {
        PostmortemRecord record = record(incidentId);
        if (record.status() == PostmortemStatus.PUBLISHED && (html ? record.html() : record.markdown()) != null) {
            return html ? record.html() : record.markdown();
        }
        Map<String, Object> model = currentModel(record);
        return html ? templates.html("document/postmortem.html.vm", model)
                : templates.text("document/postmortem.md.vm", model);
    }

    /**
     * The public, redacted version: the stored rendering once published, else the current state rendered from
     * {@code templates/document/postmortem-public.*.vm}.
     */
    public String renderPublic(String incidentId, boolean html) {
        PostmortemRecord record = record(incidentId);
        if (record.status() == PostmortemStatus.PUBLISHED) {
            String stored = postmortems.publicRendering(incidentId, html).orElse(null);
            if (stored != null) {
                return stored;
            }
        }
        Map<String, Object> model = currentModel(record);
        Map<String, Object> publicModel = publicModel(model);
        return html ? templates.html("document/postmortem-public.html.vm", publicModel)
                : templates.text("document/postmortem-public.md.vm", publicModel);
    }

    /** The model for the public templates: every text redacted, people and internal notes left out. */
    @SuppressWarnings("unchecked")
    Map<String, Object> publicModel(Map<String, Object> model) {
        Map<String, Object> incident = (Map<String, Object>) model.getOrDefault("incident", Map.of());
        Object document = model.get("doc");
        Map<String, Object> doc = document == null ? Map.of() : json.mapper().convertValue(document, MAP);
        List<String> people = new ArrayList<>();
        for (String key : List.of("author", "facilitator", "commander", "createdBy")) {
            addPeople(people, incident.get(key));
            addPeople(people, doc.get(key));
        }
        addPeople(people, doc.get("authorName"));
        addPeople(people, doc.get("facilitatorName"));
        addPeople(people, incident.get("responders"));
        addPeople(people, doc.get("reviewers"));
        if (doc.get("timelineContributions") instanceof List<?> contributors) {
            for (Object c : contributors) {
                if (c instanceof Map<?, ?> m) {
                    addPeople(people, m.get("contributor"));
                    addPeople(people, m.get("name"));
                }
            }
        }
        if (doc.get("meeting") instanceof Map<?, ?> meeting) {
            addPeople(people, meeting.get("attendees"));
        }
        for (String list : List.of("timeline", "actionItems")) {
            if (doc.get(list) instanceof List<?> items) {
                for (Object item : items) {
                    if (item instanceof Map<?, ?> m) {
                        addPeople(people, m.get("actor"));
                        addPeople(people, m.get("owner"));
                        addPeople(people, m.get("ownerName"));
                    }
                }
            }
        }
        UnaryOperator<String> redaction = redactor.forNames(people);
        Map<String, Object> publicModel = new HashMap<>(model);
        publicModel.put("incident", redactor.redact(incident, redaction, NOT_PUBLIC));
        Map<String, Object> publicDoc = (Map<String, Object>) redactor.redact(doc, redaction,
                Set.of("author", "authorName", "facilitator", "facilitatorName", "reviewers", "meeting",
                        "meetingNotes", "reviewComments", "owner", "ownerName", "actor", "source",
                        "timelineContributions"));
        publicModel.put("doc", publicDoc);
        publicModel.remove("vars");
        publicModel.remove("links");
        return publicModel;
    }

    private static void addPeople(List<String> people, Object value) {
        if (value != null) {
            people.addAll(Formats.ids(value));
        }
    }

    private Map<String, Object> currentModel(PostmortemRecord record) {
        Map<String, Object> model = pages.model(record);
        model.put("doc", PublishedPage.document(model).withMetrics(documents.metrics(incident(record.incidentId()))));
        return model;
    }

    private Incident incident(String incidentId) {
        return incidents.find(incidentId)
                .orElseThrow(() -> new IllegalStateException("No incident '" + incidentId + "' stored"));
    }

    private static int rounds(Map<String, Object> variables) {
        Object rounds = variables.get(Vars.REVIEW_ROUNDS.name());
        return rounds instanceof Number n ? n.intValue() : 0;
    }
}
