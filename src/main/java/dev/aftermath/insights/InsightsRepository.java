package dev.aftermath.insights;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.aftermath.security.IncidentAccess.SqlFilter;

/**
 * Reads the features' tables for the insights: incidents with their post-mortem, quality rounds and action-item
 * counts; action items with their incident's service and severity; published post-mortems with a symptom. Read only.
 * Every query carries the caller's visibility condition ({@code IncidentAccess.visibleTo} over {@code i.id}).
 */
@Repository
public class InsightsRepository {

    private final JdbcClient jdbc;

    public InsightsRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** An incident with the facts of its post-mortem (null where there is none). */
    public record IncidentRow(String id, String title, String service, String severity, String symptom,
                              Instant startedAt, Instant detectedAt, Instant acknowledgedAt, Instant resolvedAt,
                              String requirement, Instant publishDeadline, Instant meetingDeadline,
                              String postmortemStatus, Instant publishedAt, Instant meetingStart, int reviewRounds,
                              String rootCause, String causeCategory, int qualityRounds, int actionItems,
                              String author, String facilitator) {

        public boolean published() {
            return "PUBLISHED".equals(postmortemStatus) && publishedAt != null;
        }

        /** A post-mortem is due: the policy required one, or the team decided to write one (it exists). */
        public boolean postmortemRequired() {
            return "REQUIRED".equals(requirement) || postmortemStatus != null;
        }

        public boolean publishedOnTime() {
            return published() && publishDeadline != null && !publishedAt.isAfter(publishDeadline);
        }
    }

    /** An action item with its incident's service and severity. */
    public record ItemRow(String id, String incidentId, String title, String owner, String priority,
                          LocalDate dueDate, String state, int escalationLevel, Instant createdAt, Instant endedAt,
                          String service, String severity) {

        public boolean open() {
            return "OPEN".equals(state) || "OVERDUE".equals(state);
        }
    }

    /** A published post-mortem of a service and symptom (recurrences). */
    public record PublishedRow(String incidentId, String service, String symptom, Instant publishedAt) {
    }

    private static final String INCIDENT_COLUMNS = """
            select i.id, i.title, i.service, i.severity, i.symptom, i.started_at, i.detected_at, i.acknowledged_at,
                   i.resolved_at, i.requirement, i.publish_deadline, i.meeting_deadline, i.author, i.facilitator,
                   p.status, p.published_at, p.meeting_start, p.review_rounds, p.root_cause, p.cause_category,
                   (select count(*) from am_quality_round q where q.incident_id = i.id) as quality_rounds,
                   (select count(*) from am_action_item a where a.incident_id = i.id) as action_items
              from am_incident i left join am_postmortem p on p.incident_id = i.id
            """;

    /** Incidents resolved in {@code [from, to]} (dates in {@code zone}) matching the filters, visible to the caller. */
    public List<IncidentRow> incidents(InsightsQuery query, ZoneId zone, SqlFilter visible) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder(INCIDENT_COLUMNS)
                .append(" where i.resolved_at >= ? and i.resolved_at < ?");
        params.add(start(query.from(), zone));
        params.add(start(query.to().plusDays(1), zone));
        filters(query, sql, params);
        sql.append(" and ").append(visible.sql());
        params.addAll(visible.params());
        sql.append(" order by i.resolved_at, i.id");
        return jdbc.sql(sql.toString()).params(params).query(this::mapIncident).list();
    }

    /** One incident with its post-mortem facts, whoever may see it (the leadership brief checks restriction). */
    public java.util.Optional<IncidentRow> incident(String incidentId) {
        return jdbc.sql(INCIDENT_COLUMNS + " where i.id = ?").param(incidentId).query(this::mapIncident).optional();
    }

    /** Action items whose (latest) due date lies in {@code [from, to]}, matching the filters, visible. */
    public List<ItemRow> itemsDue(InsightsQuery query, SqlFilter visible) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder(ITEM_COLUMNS).append(" where a.due_date >= ? and a.due_date <= ?");
        params.add(query.from());
        params.add(query.to());
        filters(query, sql, params);
        sql.append(" and ").append(visible.sql());
        params.addAll(visible.params());
        sql.append(" order by a.due_date, a.incident_id, a.item_number");
        return jdbc.sql(sql.toString()).params(params).query(this::mapItem).list();
    }

    /** Every open (OPEN or OVERDUE) action item, visible (digests, whatever the due date). */
    public List<ItemRow> openItems(SqlFilter visible) {
        List<Object> params = new ArrayList<>(visible.params());
        return jdbc.sql(ITEM_COLUMNS + " where a.state in ('OPEN', 'OVERDUE') and " + visible.sql()
                        + " order by a.escalation_level desc, a.due_date, a.incident_id, a.item_number")
                .params(params).query(this::mapItem).list();
    }

    /** How many action items are open now (OPEN or OVERDUE), whatever their due date, matching the filters, visible. */
    public long openItems(InsightsQuery query, SqlFilter visible) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("select count(*) from am_action_item a join am_incident i"
                + " on i.id = a.incident_id where a.state in ('OPEN', 'OVERDUE')");
        filters(query, sql, params);
        sql.append(" and ").append(visible.sql());
        params.addAll(visible.params());
        return jdbc.sql(sql.toString()).params(params).query(Long.class).single();
    }

    /** Items that ended DONE within {@code [from, to)} (instants), visible. */
    public List<ItemRow> itemsDone(Instant from, Instant to, SqlFilter visible) {
        List<Object> params = new ArrayList<>();
        params.add(from.atOffset(ZoneOffset.UTC));
        params.add(to.atOffset(ZoneOffset.UTC));
        params.addAll(visible.params());
        return jdbc.sql(ITEM_COLUMNS + " where a.state = 'DONE' and a.ended_at >= ? and a.ended_at < ? and "
                        + visible.sql() + " order by a.ended_at, a.id")
                .params(params).query(this::mapItem).list();
    }

    /** Items created before an instant and not ended by then (the backlog at that moment), visible. */
    public long backlogAt(Instant at, SqlFilter visible) {
        List<Object> params = new ArrayList<>();
        params.add(at.atOffset(ZoneOffset.UTC));
        params.add(at.atOffset(ZoneOffset.UTC));
        params.addAll(visible.params());
        return jdbc.sql("select count(*) from am_action_item a join am_incident i on i.id = a.incident_id"
                        + " where a.created_at < ? and (a.ended_at is null or a.ended_at >= ?) and " + visible.sql())
                .params(params).query(Long.class).single();
    }

    /** The action items of one incident (the leadership brief). */
    public List<ItemRow> itemsOf(String incidentId) {
        return jdbc.sql(ITEM_COLUMNS + " where a.incident_id = ? order by a.item_number").param(incidentId)
                .query(this::mapItem).list();
    }

    /** The stored post-mortem document (JSON) of an incident. */
    public java.util.Optional<String> document(String incidentId) {
        return jdbc.sql("select document from am_postmortem where incident_id = ?").param(incidentId)
                .query(String.class).optional();
    }

    /** Published post-mortems with a symptom, published before {@code before}, of the service filter, visible. */
    public List<PublishedRow> publishedWithSymptom(InsightsQuery query, Instant before, SqlFilter visible) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("""
                select p.incident_id, i.service, i.symptom, p.published_at
                  from am_postmortem p join am_incident i on i.id = p.incident_id
                 where p.status = 'PUBLISHED' and p.published_at < ? and i.symptom is not null""");
        params.add(before.atOffset(ZoneOffset.UTC));
        if (query.service() != null) {
            sql.append(" and lower(i.service) = ?");
            params.add(query.service().toLowerCase(Locale.ROOT));
        }
        sql.append(" and ").append(visible.sql());
        params.addAll(visible.params());
        sql.append(" order by p.published_at, p.incident_id");
        return jdbc.sql(sql.toString()).params(params)
                .query((rs, n) -> new PublishedRow(rs.getString(1), rs.getString(2), rs.getString(3),
                        instant(rs, "published_at")))
                .list();
    }

    /** Required post-mortems not published whose publication deadline has passed (metrics, digests). */
    public List<IncidentRow> pastDeadline(Instant now, SqlFilter visible) {
        List<Object> params = new ArrayList<>();
        params.add(now.atOffset(ZoneOffset.UTC));
        params.addAll(visible.params());
        return jdbc.sql(INCIDENT_COLUMNS + " where i.publish_deadline < ? and i.state = 'POSTMORTEM_IN_PROGRESS'"
                        + " and (p.status is null or p.status <> 'PUBLISHED') and " + visible.sql()
                        + " order by i.publish_deadline")
                .params(params).query(this::mapIncident).list();
    }

    /** Post-mortems in progress whose deadline falls in {@code [from, to)} (the weekly digest's "due this week"). */
    public List<IncidentRow> dueBetween(Instant from, Instant to, SqlFilter visible) {
        List<Object> params = new ArrayList<>();
        params.add(from.atOffset(ZoneOffset.UTC));
        params.add(to.atOffset(ZoneOffset.UTC));
        params.addAll(visible.params());
        return jdbc.sql(INCIDENT_COLUMNS + " where i.publish_deadline >= ? and i.publish_deadline < ?"
                        + " and i.state = 'POSTMORTEM_IN_PROGRESS'"
                        + " and (p.status is null or p.status <> 'PUBLISHED') and " + visible.sql()
                        + " order by i.publish_deadline")
                .params(params).query(this::mapIncident).list();
    }

    private static final String ITEM_COLUMNS = """
            select a.id, a.incident_id, a.title, a.owner, a.priority, a.due_date, a.state, a.escalation_level,
                   a.created_at, a.ended_at, i.service, i.severity
              from am_action_item a join am_incident i on i.id = a.incident_id
            """;

    private static void filters(InsightsQuery query, StringBuilder sql, List<Object> params) {
        if (query.service() != null) {
            sql.append(" and lower(i.service) = ?");
            params.add(query.service().toLowerCase(Locale.ROOT));
        }
        if (query.severity() != null) {
            sql.append(" and i.severity = ?");
            params.add(query.severity());
        }
    }

    private static OffsetDateTime start(LocalDate date, ZoneId zone) {
        return date.atStartOfDay(zone).toOffsetDateTime();
    }

    private IncidentRow mapIncident(ResultSet rs, int row) throws SQLException {
        return new IncidentRow(rs.getString("id"), rs.getString("title"), rs.getString("service"),
                rs.getString("severity"), rs.getString("symptom"), instant(rs, "started_at"),
                instant(rs, "detected_at"), instant(rs, "acknowledged_at"), instant(rs, "resolved_at"),
                rs.getString("requirement"), instant(rs, "publish_deadline"), instant(rs, "meeting_deadline"),
                rs.getString("status"), instant(rs, "published_at"), instant(rs, "meeting_start"),
                rs.getInt("review_rounds"), rs.getString("root_cause"), rs.getString("cause_category"),
                rs.getInt("quality_rounds"), rs.getInt("action_items"), rs.getString("author"),
                rs.getString("facilitator"));
    }

    private ItemRow mapItem(ResultSet rs, int row) throws SQLException {
        return new ItemRow(rs.getString("id"), rs.getString("incident_id"), rs.getString("title"),
                rs.getString("owner"), rs.getString("priority"), rs.getObject("due_date", LocalDate.class),
                rs.getString("state"), rs.getInt("escalation_level"), instant(rs, "created_at"),
                instant(rs, "ended_at"), rs.getString("service"), rs.getString("severity"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
