package dev.aftermath.integration.pagerduty;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.stereotype.Component;

import dev.aftermath.calendar.Timestamps;
import dev.aftermath.incident.Incident;
import dev.aftermath.integration.HttpJson;
import dev.aftermath.integration.HttpJson.Answer;
import dev.aftermath.integration.TimelineImportProperties;
import dev.aftermath.postmortem.TimelineCandidateSource;
import dev.aftermath.web.Links;

/**
 * Timeline candidates from the log of the PagerDuty incident an incident came from
 * ({@code GET /incidents/{id}/log_entries} on {@code aftermath.pagerduty.api.base-url}, paged with offset and
 * {@code more}): each entry's summary (and a note's text), its agent's name as actor, its URL as link.
 */
@Component
public class PagerDutyLogEntries implements TimelineCandidateSource {

    public static final String SOURCE = "pagerduty";

    private final PagerDutyApiProperties api;
    private final TimelineImportProperties properties;
    private final PagerDutyNotes notes;
    private final ObjectMapper mapper;

    public PagerDutyLogEntries(PagerDutyApiProperties api, TimelineImportProperties properties, PagerDutyNotes notes,
                               ObjectMapper mapper) {
        this.api = api;
        this.properties = properties;
        this.notes = notes;
        this.mapper = mapper;
    }

    @Override
    public String name() {
        return SOURCE;
    }

    @Override
    public boolean appliesTo(Incident incident) {
        return properties.getPagerduty().isEnabled() && api.active()
                && notes.pagerDutyIncident(incident.id()).isPresent();
    }

    @Override
    public List<Candidate> candidates(Incident incident) {
        String pd = notes.pagerDutyIncident(incident.id()).orElseThrow();
        HttpJson http = new HttpJson(mapper, "PagerDuty", Map.of("Authorization", "Token token=" + api.getKey(),
                "Accept", "application/vnd.pagerduty+json;version=2"));
        int limit = properties.getPagerduty().getPageSize();
        List<Candidate> candidates = new ArrayList<>();
        int offset = 0;
        for (int page = 0; page < 1000; page++) {
            String url = api.base() + "/incidents/" + Links.pathSegment(pd) + "/log_entries?offset=" + offset
                    + "&limit=" + limit + "&is_overview=" + properties.getPagerduty().isOverview()
                    + "&time_zone=UTC";
            Answer answer = http.expectOk("GET", url, null);
            JsonNode entries = answer.body() == null ? mapper.createArrayNode() : answer.body().path("log_entries");
            for (JsonNode entry : entries) {
                Candidate c = candidate(entry);
                if (c != null) {
                    candidates.add(c);
                }
            }
            if (answer.body() == null || !answer.body().path("more").asBoolean(false) || entries.isEmpty()) {
                break;
            }
            offset += entries.size();
        }
        return candidates;
    }

    private static Candidate candidate(JsonNode entry) {
        String id = entry.path("id").asText(null);
        Instant at = Timestamps.parse(entry.path("created_at").asText(null));
        String summary = entry.path("summary").asText("");
        if (id == null || at == null || summary.isBlank()) {
            return null;
        }
        String note = entry.path("channel").path("summary").asText("");
        String text = note.isBlank() || summary.contains(note) ? summary : summary + ": " + note;
        String actor = entry.path("agent").path("summary").asText(null);
        String link = entry.path("html_url").asText(null);
        if (link == null || link.isBlank() || "null".equals(link)) {
            link = entry.path("self").asText(null);
        }
        return new Candidate(id, at, actor, text, link, false);
    }
}
