package dev.aftermath.postmortem;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Table {@code am_timeline_contribution} (V8): contributions to a post-mortem's timeline and tasks left unanswered. */
@Repository
public class TimelineContributionRepository {

    public static final String TASK = "TASK";
    public static final String API = "API";
    public static final String CONTRIBUTED = "CONTRIBUTED";
    public static final String NOT_CONTRIBUTED = "NOT_CONTRIBUTED";

    /** One stored row; {@code entries} is the JSON list of {@code {at, event, source}} as submitted (validated). */
    public record Row(long id, String incidentId, String contributor, String channel, String status, String entries,
                      int added, String notes, Instant createdAt) {
    }

    private final JdbcClient jdbc;

    public TimelineContributionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void add(String incidentId, String contributor, String channel, String status, String entriesJson,
                    int added, String notes, Instant at) {
        jdbc.sql("""
                insert into am_timeline_contribution (incident_id, contributor, channel, status, entries, added, notes,
                  created_at) values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(incidentId, contributor, channel, status, entriesJson, added, notes,
                        at.atOffset(ZoneOffset.UTC))
                .update();
    }

    /** Every row of an incident, oldest first. */
    public List<Row> all(String incidentId) {
        return jdbc.sql("select * from am_timeline_contribution where incident_id = ? order by id")
                .param(incidentId).query(this::map).list();
    }

    private Row map(ResultSet rs, int n) throws SQLException {
        OffsetDateTime created = rs.getObject("created_at", OffsetDateTime.class);
        return new Row(rs.getLong("id"), rs.getString("incident_id"), rs.getString("contributor"),
                rs.getString("channel"), rs.getString("status"), rs.getString("entries"), rs.getInt("added"),
                rs.getString("notes"), created == null ? null : created.toInstant());
    }
}
