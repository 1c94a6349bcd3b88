package dev.aftermath.library;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.aftermath.security.IncidentAccess.SqlFilter;

/** Published post-mortems with their incidents: search, filters, paging and related post-mortems. */
@Repository
public class LibraryRepository {

    private static final String FROM = """
             from am_postmortem p join am_incident i on i.id = p.incident_id
            where p.status = 'PUBLISHED'""";
    private static final String COLUMNS = """
            select p.incident_id, i.title, i.service, i.severity, i.symptom, p.cause_category, p.summary,
                   i.started_at, i.resolved_at, p.published_at, i.restricted, i.restricted_reason""";
    private static final String DATE = "coalesce(i.started_at, i.resolved_at)";
    /** The column name visibility conditions are written for (see {@code IncidentAccess.visibleTo}). */
    public static final String INCIDENT_ID = "p.incident_id";

    private final JdbcClient jdbc;

    public LibraryRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Page(List<LibraryEntry> items, long total) {
    }

    /** Only what {@code visible} (a condition over the incident id) lets the caller see. */
    public Page search(LibraryQuery query, ZoneId zone, SqlFilter visible) {
        StringBuilder where = new StringBuilder(" and ").append(visible.sql());
        List<Object> params = new ArrayList<>(visible.params());
        if (query.q() != null && !query.q().isBlank()) {
            String like = "%" + query.q().trim().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
                    .replace("_", "\\_") + "%";
            where.append(" and (lower(i.title) like ? escape '\\' or lower(p.summary) like ? escape '\\'"
                    + " or lower(p.root_cause) like ? escape '\\')");
            params.add(like);
            params.add(like);
            params.add(like);
        }
        if (query.severity() != null) {
            where.append(" and i.severity = ?");
            params.add(query.severity());
        }
        if (query.service() != null) {
            where.append(" and lower(i.service) = ?");
            params.add(query.service().toLowerCase(Locale.ROOT));
        }
        if (query.causeCategory() != null) {
            where.append(" and p.cause_category = ?");
            params.add(query.causeCategory());
        }
        if (query.from() != null) {
            where.append(" and ").append(DATE).append(" >= ?");
            params.add(query.from().atStartOfDay(zone).toOffsetDateTime());
        }
        if (query.to() != null) {
            where.append(" and ").append(DATE).append(" < ?");
            params.add(query.to().plusDays(1).atStartOfDay(zone).toOffsetDateTime());
        }
        long total = jdbc.sql("select count(*)" + FROM + where).params(params).query(Long.class).single();
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(query.size());
        pageParams.add((long) query.page() * query.size());
        List<LibraryEntry> items = jdbc.sql(COLUMNS + FROM + where + " order by " + DATE
                        + " desc, p.incident_id limit ? offset ?")
                .params(pageParams).query(this::map).list();
        return new Page(items, total);
    }

    public java.util.Optional<LibraryEntry> find(String incidentId) {
        return jdbc.sql(COLUMNS + FROM + " and p.incident_id = ?").param(incidentId).query(this::map).optional();
    }

    /** Earlier published post-mortems of the same service or the same symptom, newest first. */
    public List<LibraryEntry> related(LibraryEntry entry, int limit, SqlFilter visible) {
        if ((entry.service() == null || entry.service().isBlank()) && (entry.symptom() == null || entry.symptom().isBlank())) {
            return List.of();
        }
        List<Object> params = new ArrayList<>(List.of(entry.incidentId(), entry.date().atOffset(java.time.ZoneOffset.UTC)));
        // only the attributes the entry has (no placeholder value that matches nothing: PostgreSQL refuses NUL)
        List<String> same = new ArrayList<>();
        if (entry.service() != null && !entry.service().isBlank()) {
            same.add("lower(i.service) = ?");
            params.add(entry.service().toLowerCase(Locale.ROOT));
        }
        if (entry.symptom() != null && !entry.symptom().isBlank()) {
            same.add("lower(i.symptom) = ?");
            params.add(entry.symptom().toLowerCase(Locale.ROOT));
        }
        params.addAll(visible.params());
        params.add(limit);
        return jdbc.sql(COLUMNS + FROM + " and p.incident_id <> ? and " + DATE + " < ?"
                        + " and (" + String.join(" or ", same) + ") and " + visible.sql()
                        + " order by " + DATE + " desc, p.incident_id limit ?")
                .params(params).query(this::map).list();
    }

    /**
     * The published post-mortems {@code visible} hides from the caller (restricted ones they may not see): what a
     * search on the index drops after ranking, before counting.
     */
    public java.util.Set<String> hidden(SqlFilter visible) {
        return new java.util.HashSet<>(jdbc.sql("select p.incident_id" + FROM + " and i.restricted = true and not "
                        + visible.sql()).params(visible.params()).query(String.class).list());
    }

    /** The published post-mortems with these ids that {@code visible} lets the caller see, in the order given. */
    public List<LibraryEntry> entries(List<String> ids, SqlFilter visible) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Object> params = new ArrayList<>(ids);
        params.addAll(visible.params());
        java.util.Map<String, LibraryEntry> found = new java.util.HashMap<>();
        jdbc.sql(COLUMNS + FROM + " and p.incident_id in (" + String.join(", ", java.util.Collections.nCopies(ids.size(), "?"))
                        + ") and " + visible.sql()).params(params).query(this::map).list()
                .forEach(e -> found.put(e.incidentId(), e));
        return ids.stream().map(found::get).filter(java.util.Objects::nonNull).toList();
    }

    /** The distinct services of the published post-mortems the caller may see (filter choices). */
    public List<String> services(SqlFilter visible) {
        return jdbc.sql("select distinct i.service" + FROM + " and i.service is not null and " + visible.sql()
                        + " order by i.service")
                .params(visible.params()).query(String.class).list();
    }

    private LibraryEntry map(ResultSet rs, int row) throws SQLException {
        return new LibraryEntry(rs.getString("incident_id"), rs.getString("title"), rs.getString("service"),
                rs.getString("severity"), rs.getString("symptom"), rs.getString("cause_category"),
                rs.getString("summary"), instant(rs, "started_at"), instant(rs, "resolved_at"),
                instant(rs, "published_at"), rs.getBoolean("restricted"), rs.getString("restricted_reason"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
