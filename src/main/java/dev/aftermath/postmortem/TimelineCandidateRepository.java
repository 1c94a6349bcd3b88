package dev.aftermath.postmortem;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.aftermath.postmortem.TimelineCandidateSource.Candidate;

/** Tables {@code am_timeline_candidate} and {@code am_timeline_import} (V17). */
@Repository
public class TimelineCandidateRepository {

    public static final String PROPOSED = "PROPOSED";
    public static final String ACCEPTED = "ACCEPTED";
    public static final String DROPPED = "DROPPED";

    /** One stored candidate. */
    public record Row(long id, String incidentId, String source, String sourceId, Instant at, String actor,
                      String text, String link, boolean pinned, String status, String decidedBy, Instant decidedAt) {
    }

    /** The last import of a source: {@code OK} or {@code FAILED} with the error. */
    public record Import(String source, String status, int candidates, int attempts, String error,
                         Instant updatedAt) {
    }

    private final JdbcClient jdbc;

    public TimelineCandidateRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a candidate unless the source's entry is stored already; true when it was new. */
    public boolean addIfAbsent(String incidentId, String source, Candidate c, Instant now) {
        // insert … where not exists: a retry (or a second run) adds nothing, and PostgreSQL's transaction goes on
        return jdbc.sql("""
                insert into am_timeline_candidate (incident_id, source, source_id, occurred_at, actor, event, link,
                  pinned, status, created_at)
                select ?, ?, ?, ?, ?, ?, ?, ?, ?, ? from (values (1)) as one(x) where not exists (
                  select 1 from am_timeline_candidate where incident_id = ? and source = ? and source_id = ?)""")
                .params(incidentId, source, c.sourceId(), c.at().atOffset(ZoneOffset.UTC), c.actor(), c.text(),
                        c.link(), c.pinned(), PROPOSED, now.atOffset(ZoneOffset.UTC), incidentId, source,
                        c.sourceId())
                .update() > 0;
    }

    /** Every candidate of an incident: pinned first, then in time order. */
    public List<Row> all(String incidentId) {
        return jdbc.sql("select * from am_timeline_candidate where incident_id = ? "
                        + "order by pinned desc, occurred_at, id")
                .param(incidentId).query(this::map).list();
    }

    public Optional<Row> find(String incidentId, long id) {
        return jdbc.sql("select * from am_timeline_candidate where incident_id = ? and id = ?")
                .params(incidentId, id).query(this::map).optional();
    }

    /** Decides a candidate that is still proposed; false when it was decided already. */
    public boolean decide(long id, String status, String by, Instant at) {
        return jdbc.sql("update am_timeline_candidate set status = ?, decided_by = ?, decided_at = ? "
                        + "where id = ? and status = ?")
                .params(status, by, at.atOffset(ZoneOffset.UTC), id, PROPOSED).update() > 0;
    }

    public void recordImport(String incidentId, String source, String status, int candidates, String error,
                             Instant at) {
        String clipped = error == null ? null : error.length() > 1000 ? error.substring(0, 999) + "…" : error;
        int updated = jdbc.sql("update am_timeline_import set status = ?, candidates = ?, attempts = attempts + 1, "
                        + "error = ?, updated_at = ? where incident_id = ? and source = ?")
                .params(status, candidates, clipped, at.atOffset(ZoneOffset.UTC), incidentId, source).update();
        if (updated == 0) {
            jdbc.sql("insert into am_timeline_import (incident_id, source, status, candidates, attempts, error, "
                            + "updated_at) values (?, ?, ?, ?, 1, ?, ?)")
                    .params(incidentId, source, status, candidates, clipped, at.atOffset(ZoneOffset.UTC)).update();
        }
    }

    public List<Import> imports(String incidentId) {
        return jdbc.sql("select * from am_timeline_import where incident_id = ? order by source")
                .param(incidentId).query((rs, n) -> new Import(rs.getString("source"), rs.getString("status"),
                        rs.getInt("candidates"), rs.getInt("attempts"), rs.getString("error"),
                        instant(rs, "updated_at"))).list();
    }

    private Row map(ResultSet rs, int n) throws SQLException {
        return new Row(rs.getLong("id"), rs.getString("incident_id"), rs.getString("source"),
                rs.getString("source_id"), instant(rs, "occurred_at"), rs.getString("actor"), rs.getString("event"),
                rs.getString("link"), rs.getBoolean("pinned"), rs.getString("status"), rs.getString("decided_by"),
                instant(rs, "decided_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
