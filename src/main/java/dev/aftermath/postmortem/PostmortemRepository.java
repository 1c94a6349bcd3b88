package dev.aftermath.postmortem;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.aftermath.document.PostmortemDocument;

@Repository
public class PostmortemRepository {

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Clock clock;

    public PostmortemRepository(JdbcClient jdbc, ObjectMapper json, Clock clock) {
        this.clock = clock;
        this.jdbc = jdbc;
        this.json = json;
    }

    public Optional<PostmortemRecord> find(String incidentId) {
        return jdbc.sql("select * from am_postmortem where incident_id = ?").param(incidentId).query(this::map)
                .optional();
    }

    /** Creates the post-mortem, or replaces its document when it exists (a retried job creates it again). */
    public void save(String incidentId, PostmortemStatus status, PostmortemDocument document, int reviewRounds) {
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        int updated = jdbc.sql("""
                update am_postmortem set status = ?, document = ?, review_rounds = ?, updated_at = ?
                where incident_id = ?""")
                .params(status.name(), write(document), reviewRounds, now, incidentId).update();
        if (updated == 0) {
            jdbc.sql("""
                    insert into am_postmortem (incident_id, status, document, review_rounds, created_at, updated_at)
                    values (?, ?, ?, ?, ?, ?)""")
                    .params(incidentId, status.name(), write(document), reviewRounds, now, now).update();
        }
        // the scheduled meeting start as a column, for the insights (V9); kept once known
        jdbc.sql("update am_postmortem set meeting_start = coalesce(?, meeting_start) where incident_id = ?")
                .params(meetingStart(document), incidentId).update();
    }

    private static OffsetDateTime meetingStart(PostmortemDocument document) {
        if (document.meeting() != null && document.meeting().start() != null) {
            try {
                return OffsetDateTime.parse(document.meeting().start());
            } catch (java.time.format.DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }

    /** Records {@code document} as the last version that passed the quality gate (the post-mortem exists). */
    public void savePassed(String incidentId, PostmortemDocument document) {
        jdbc.sql("update am_postmortem set passed_document = ? where incident_id = ?")
                .params(write(document), incidentId).update();
    }

    /** The last version that passed the quality gate, if one has. */
    public Optional<PostmortemDocument> passed(String incidentId) {
        return jdbc.sql("select passed_document from am_postmortem where incident_id = ? and passed_document is not null")
                .param(incidentId).query(String.class).optional().map(this::read);
    }

    public void publish(String incidentId, PostmortemDocument document, int reviewRounds, String markdown,
                        String html, Instant publishedAt) {
        save(incidentId, PostmortemStatus.PUBLISHED, document, reviewRounds);
        jdbc.sql("update am_postmortem set markdown = ?, html = ?, published_at = ? where incident_id = ?")
                .params(markdown, html, publishedAt.atOffset(ZoneOffset.UTC), incidentId).update();
    }

    /** The public (redacted) renderings and the library's search columns of a published post-mortem. */
    public void publishPublic(String incidentId, String publicMarkdown, String publicHtml, String summary,
                              String rootCause, String causeCategory) {
        jdbc.sql("""
                update am_postmortem set public_markdown = ?, public_html = ?, summary = ?, root_cause = ?,
                  cause_category = ? where incident_id = ?""")
                .params(publicMarkdown, publicHtml, summary, rootCause, causeCategory, incidentId).update();
    }

    /** The stored public rendering ({@code html} or Markdown), when published. */
    public Optional<String> publicRendering(String incidentId, boolean html) {
        return jdbc.sql("select " + (html ? "public_html" : "public_markdown")
                        + " from am_postmortem where incident_id = ? and status = 'PUBLISHED'")
                .param(incidentId).query(String.class).optional();
    }

    private PostmortemRecord map(ResultSet rs, int row) throws SQLException {
        return new PostmortemRecord(rs.getString("incident_id"), PostmortemStatus.valueOf(rs.getString("status")),
                read(rs.getString("document")), rs.getInt("review_rounds"), rs.getString("markdown"),
                rs.getString("html"), instant(rs, "created_at"), instant(rs, "updated_at"),
                instant(rs, "published_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private String write(PostmortemDocument document) {
        try {
            return json.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private PostmortemDocument read(String value) {
        try {
            return json.readValue(value, PostmortemDocument.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored post-mortem document is not JSON", e);
        }
    }
}
