package dev.aftermath.integration.pagerduty;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.aftermath.integration.HttpJson;
import dev.aftermath.integration.HttpJson.Answer;
import dev.aftermath.postmortem.PublicationNotifier;
import dev.aftermath.web.Links;

/**
 * The PagerDuty incident an incident came from ({@code am_incident.pagerduty_incident_id}, recorded by the PagerDuty
 * webhook) gets a note with the post-mortem's link at publication ({@code POST /incidents/{id}/notes}): once
 * ({@code am_pagerduty_note}; a retry after a lost answer finds its note among the incident's notes first).
 */
@Component
public class PagerDutyNotes implements PublicationNotifier {

    private static final Logger LOG = LoggerFactory.getLogger(PagerDutyNotes.class);

    private final PagerDutyApiProperties properties;
    private final ObjectMapper mapper;
    private final JdbcClient jdbc;

    private final Clock clock;

    public PagerDutyNotes(PagerDutyApiProperties properties, ObjectMapper mapper, JdbcClient jdbc, Clock clock) {
        this.clock = clock;
        this.properties = properties;
        this.mapper = mapper;
        this.jdbc = jdbc;
    }

    @Override
    public boolean active() {
        return properties.active();
    }

    /** Records the PagerDuty incident an Aftermath incident came from (kept when already known). */
    public void link(String incidentId, String pagerDutyIncidentId) {
        jdbc.sql("update am_incident set pagerduty_incident_id = ? where id = ? and pagerduty_incident_id is null")
                .params(pagerDutyIncidentId, incidentId).update();
    }

    public Optional<String> pagerDutyIncident(String incidentId) {
        return jdbc.sql("select pagerduty_incident_id from am_incident where id = ?").param(incidentId)
                .query(String.class).optional();
    }

    @Override
    public void published(String incidentId, String note) {
        String pd = pagerDutyIncident(incidentId).orElse(null);
        if (pd == null) {
            return;
        }
        if (jdbc.sql("select count(*) from am_pagerduty_note where incident_id = ?").param(incidentId)
                .query(Long.class).single() > 0) {
            LOG.debug("PagerDuty incident {} has its note already", pd);
            return;
        }
        HttpJson http = new HttpJson(mapper, "PagerDuty", Map.of("Authorization", "Token token=" + properties.getKey(),
                "From", properties.getFrom(), "Accept", "application/vnd.pagerduty+json;version=2"));
        String url = properties.base() + "/incidents/" + Links.pathSegment(pd) + "/notes";
        String marker = note.lines().filter(l -> l.contains("http")).findFirst().orElse(note);
        Answer existing = http.expectOk("GET", url, null);
        String noteId = null;
        for (JsonNode n : existing.body() == null ? mapper.createArrayNode() : existing.body().path("notes")) {
            if (n.path("content").asText("").contains(marker.strip())) {
                noteId = n.path("id").asText(null);
                LOG.info("PagerDuty incident {} has the post-mortem note already", pd);
                break;
            }
        }
        if (noteId == null) {
            Answer created = http.expectOk("POST", url, Map.of("note", Map.of("content", note)));
            noteId = created.body() == null ? null : created.body().path("note").path("id").asText(null);
        }
        try {
            jdbc.sql("insert into am_pagerduty_note (incident_id, pagerduty_incident_id, note_id, created_at) "
                            + "values (?, ?, ?, ?)")
                    .params(incidentId, pd, noteId, OffsetDateTime.now(clock.withZone(ZoneOffset.UTC))).update();
        } catch (DuplicateKeyException raced) {
            // recorded by a concurrent retry
        }
    }
}
