package dev.aftermath.postmortem;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.aftermath.document.PostmortemDocument;
import dev.aftermath.incident.Incident;
import dev.aftermath.incident.IncidentRepository;
import dev.aftermath.notification.MailModelSource;
import dev.aftermath.process.JsonVariables;
import dev.aftermath.template.Formats;
import dev.aftermath.web.Links;

/**
 * The model every mail template gets: {@code $incident}, {@code $doc} (the post-mortem as it stands in the process),
 * {@code $draft} (the same with the written content of the last version that passed the quality gate; absent while no
 * version has passed), {@code $links}, {@code $fmt} and {@code $vars}. A mail that quotes what the author wrote quotes
 * {@code $draft}, never {@code $doc}: a version the gate sent back is never mailed.
 */
@Component
public class MailModels implements MailModelSource {

    private final IncidentRepository incidents;
    private final PostmortemRepository postmortems;
    private final PostmortemDocuments documents;
    private final JsonVariables json;
    private final Links links;
    private final Formats formats;

    public MailModels(IncidentRepository incidents, PostmortemRepository postmortems, PostmortemDocuments documents,
                      JsonVariables json, Links links, Formats formats) {
        this.incidents = incidents;
        this.postmortems = postmortems;
        this.documents = documents;
        this.json = json;
        this.links = links;
        this.formats = formats;
    }

    @Override
    public Map<String, Object> build(String businessKey, Map<String, Object> variables) {
        // an action item's business key is <incidentId>/AI-<n>: its incident is named by the incidentId variable
        String incidentId = variables.get("incidentId") instanceof String id && !id.isBlank() ? id : businessKey;
        Map<String, Object> plain = new LinkedHashMap<>();
        variables.forEach((k, v) -> plain.put(k, isJson(v) ? json.plain(v) : v));
        Map<String, Object> model = new HashMap<>();
        Incident incident = incidentId == null ? null : incidents.find(incidentId).orElse(null);
        model.put("incident", incident == null ? Map.of() : json.mapper().convertValue(incident, Map.class));
        Optional<PostmortemRecord> stored = incidentId == null ? Optional.empty() : postmortems.find(incidentId);
        PostmortemDocument doc = documents.fromVariables(plain, incident).withPublication(
                stored.map(r -> r.status().name()).orElse(null),
                stored.map(PostmortemRecord::publishedAt).map(Object::toString).orElse(null));
        model.put("doc", doc);
        if (stored.isPresent()) {
            postmortems.passed(incidentId).ifPresent(passed -> model.put("draft", doc.withContentOf(passed)));
        }
        model.put("links", incidentId == null ? new LinkedHashMap<>() : links.forIncident(incidentId));
        model.put("fmt", formats);
        model.put("vars", plain);
        return model;
    }

    private static boolean isJson(Object value) {
        return value instanceof org.camunda.spin.json.SpinJsonNode
                || value instanceof org.camunda.spin.plugin.variable.value.JsonValue;
    }
}
