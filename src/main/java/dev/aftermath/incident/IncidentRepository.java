package dev.aftermath.incident;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class IncidentRepository {

    private static final TypeReference<List<TimelineEntry>> TIMELINE = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    public IncidentRepository(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public boolean exists(String id) {
        return jdbc.sql("select count(*) from am_incident where id = ?").param(id).query(Long.class).single() > 0;
    }

    public Optional<Incident> find(String id) {
        return jdbc.sql("select * from am_incident where id = ?").param(id).query(this::map).optional();
    }

    /**
     * The incident whose own chat channel is {@code channel} (a Slack channel id): the most recently resolved one
     * when a channel was reused.
     */
    public Optional<Incident> findByChatChannel(String channel) {
        if (channel == null || channel.isBlank()) {
            return Optional.empty();
        }
        return jdbc.sql("select * from am_incident where chat_channel = ? order by resolved_at desc, created_at desc")
                .param(channel.strip()).query(this::map).list().stream().findFirst();
    }

    /** Inserts a new incident; a duplicate id raises {@link org.springframework.dao.DuplicateKeyException}. */
    public void insert(Incident i) {
        jdbc.sql("""
                insert into am_incident (id, title, service, severity, started_at, detected_at, acknowledged_at,
                  mitigated_at, resolved_at, commander, responders, users_affected, users_affected_percent,
                  customer_impact, symptom, data_loss, security_incident, sla_breached, near_miss, timeline, author,
                  facilitator, requirement, reason, publish_deadline, meeting_deadline, state, process_instance_id,
                  created_at, created_by, restricted, restricted_reason, chat_channel)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
                .params(i.id(), i.title(), i.service(), i.severity().name(), ts(i.startedAt()), ts(i.detectedAt()),
                        ts(i.acknowledgedAt()), ts(i.mitigatedAt()), ts(i.resolvedAt()), i.commander(),
                        i.responders() == null ? null : String.join(",", i.responders()), i.usersAffected(),
                        i.usersAffectedPercent(), i.customerImpact(), i.symptom(), i.dataLoss(),
                        i.securityIncident(), i.slaBreached(), i.nearMiss(), write(i.timeline()), i.author(),
                        i.facilitator(), i.requirement(), i.reason(), ts(i.publishDeadline()),
                        ts(i.meetingDeadline()), i.state().name(), i.processInstanceId(), ts(i.createdAt()),
                        i.createdBy(), i.restricted(), i.restrictedReason(), i.chatChannel())
                .update();
    }

    public void attachProcess(String id, String processInstanceId) {
        jdbc.sql("update am_incident set process_instance_id = ? where id = ?").params(processInstanceId, id).update();
    }

    public void recordPolicy(String id, String requirement, String reason, String format, Instant publishDeadline,
                             Instant meetingDeadline, IncidentState state) {
        jdbc.sql("""
                update am_incident set requirement = ?, reason = ?, postmortem_format = ?, publish_deadline = ?,
                  meeting_deadline = ?, state = ? where id = ?""")
                .params(requirement, reason, format, ts(publishDeadline), ts(meetingDeadline), state.name(), id)
                .update();
    }

    public void recordRecurrence(String id, int recurrence) {
        jdbc.sql("update am_incident set recurrence = ? where id = ?").params(recurrence, id).update();
    }

    /** The policy's count (every occurrence) and where its window began, for the count shown to each person. */
    public void recordRecurrence(String id, int recurrence, Instant since) {
        jdbc.sql("update am_incident set recurrence = ?, recurrence_since = ? where id = ?")
                .params(recurrence, ts(since), id).update();
    }

    /**
     * The recurrence of incident {@code id} as someone sees it who sees only the incidents of {@code visible} (a
     * condition over {@code am_incident.id}): the occurrences of its service and symptom within the policy's window,
     * counted among those; at least 1 (the incident itself). Without a recorded window (incidents counted before it
     * was recorded) every visible occurrence up to its resolution, at most the stored count. Null when never counted.
     */
    public Integer visibleRecurrence(Incident incident, dev.aftermath.security.IncidentAccess.SqlFilter visible) {
        if (incident.recurrence() == null || incident.service() == null || incident.symptom() == null) {
            return incident.recurrence();
        }
        Instant since = jdbc.sql("select recurrence_since from am_incident where id = ?").param(incident.id())
                .query((rs, n) -> {
                    OffsetDateTime v = rs.getObject(1, OffsetDateTime.class);
                    return v == null ? null : v.toInstant();
                }).optional().orElse(null);
        Filter f = new Filter(" where service = ? and symptom = ? and resolved_at <= ?",
                List.<Object>of(incident.service(), incident.symptom(), ts(incident.resolvedAt())));
        if (since != null) {
            f = f.and("resolved_at > ?", List.<Object>of(ts(since)));
        }
        f = f.and(visible.sql(), visible.params());
        long seen = jdbc.sql("select count(*) from am_incident" + f.where()).params(f.params()).query(Long.class)
                .single();
        return (int) Math.max(1, Math.min(incident.recurrence(), seen));
    }

    /**
     * The earlier incidents of a service and symptom resolved in {@code (from, until]} that are not restricted, newest
     * first, without {@code excludedId}: what the tech leads of another incident may be shown.
     */
    public List<Incident> earlierUnrestricted(String service, String symptom, Instant from, Instant until,
                                              String excludedId, int limit) {
        return jdbc.sql("""
                select * from am_incident where service = ? and symptom = ? and resolved_at > ? and resolved_at <= ?
                  and restricted = false and id <> ? order by resolved_at desc, id limit ?""")
                .params(service, symptom, ts(from), ts(until), excludedId, limit).query(this::map).list();
    }

    /** How many there are of {@link #earlierUnrestricted}. */
    public long countEarlierUnrestricted(String service, String symptom, Instant from, Instant until,
                                         String excludedId) {
        return jdbc.sql("""
                select count(*) from am_incident where service = ? and symptom = ? and resolved_at > ?
                  and resolved_at <= ? and restricted = false and id <> ?""")
                .params(service, symptom, ts(from), ts(until), excludedId).query(Long.class).single();
    }

    /** Rows of {@code am_recurrence_lock}: the stripes that closures of one service and symptom lock. */
    static final int RECURRENCE_STRIPES = 64;

    /**
     * Locks the stripe of this service and symptom until the transaction ends: a concurrent closure of the same pair
     * waits here and counts after this one has committed, so it sees this incident (no count lost or doubled). A lock
     * wait cut short by the database's lock timeout (H2) is tried again.
     */
    public void lockRecurrence(String service, String symptom) {
        int stripe = Math.floorMod(java.util.Objects.hash(service, symptom), RECURRENCE_STRIPES);
        for (int attempt = 1; ; attempt++) {
            try {
                jdbc.sql("select stripe from am_recurrence_lock where stripe = ? for update").param(stripe)
                        .query(Integer.class).optional();
                return;
            } catch (org.springframework.dao.PessimisticLockingFailureException timedOut) {
                if (attempt >= 30) {
                    throw timedOut;
                }
            }
        }
    }

    public void recordFormat(String id, String format) {
        jdbc.sql("update am_incident set postmortem_format = ? where id = ?").params(format, id).update();
    }

    /**
     * How many incidents with this service and symptom were resolved in {@code (from, until]}; the incident resolved
     * at {@code until} itself included.
     */
    public int countRecurrences(String service, String symptom, Instant from, Instant until) {
        return jdbc.sql("""
                select count(*) from am_incident where service = ? and symptom = ?
                  and resolved_at > ? and resolved_at <= ?""")
                .params(service, symptom, ts(from), ts(until)).query(Long.class).single().intValue();
    }

    /** Incidents, newest resolution first, filtered by any of service, symptom and a resolution time range. */
    public java.util.List<Incident> search(String service, String symptom, Instant from, Instant to, int page,
                                           int size) {
        Filter f = filter(service, symptom, from, to);
        return jdbc.sql("select * from am_incident" + f.where() + " order by resolved_at desc, id limit ? offset ?")
                .params(append(f.params(), size, page * size)).query(this::map).list();
    }

    public long count(String service, String symptom, Instant from, Instant to) {
        Filter f = filter(service, symptom, from, to);
        return jdbc.sql("select count(*) from am_incident" + f.where()).params(f.params()).query(Long.class).single();
    }

    /** A search restricted by a visibility condition over {@code am_incident.id} (see IncidentAccess). */
    public java.util.List<Incident> search(String service, String symptom, Instant from, Instant to, int page,
                                           int size, dev.aftermath.security.IncidentAccess.SqlFilter visible) {
        Filter f = filter(service, symptom, from, to).and(visible.sql(), visible.params());
        return jdbc.sql("select * from am_incident" + f.where() + " order by resolved_at desc, id limit ? offset ?")
                .params(append(f.params(), size, page * size)).query(this::map).list();
    }

    public long count(String service, String symptom, Instant from, Instant to,
                      dev.aftermath.security.IncidentAccess.SqlFilter visible) {
        Filter f = filter(service, symptom, from, to).and(visible.sql(), visible.params());
        return jdbc.sql("select count(*) from am_incident" + f.where()).params(f.params()).query(Long.class).single();
    }

    private static java.util.List<Object> append(java.util.List<Object> params, Object... more) {
        java.util.List<Object> all = new java.util.ArrayList<>(params);
        all.addAll(java.util.List.of(more));
        return all;
    }

    private static Filter filter(String service, String symptom, Instant from, Instant to) {
        java.util.List<String> clauses = new java.util.ArrayList<>();
        java.util.List<Object> params = new java.util.ArrayList<>();
        if (service != null && !service.isBlank()) {
            clauses.add("service = ?");
            params.add(service);
        }
        if (symptom != null && !symptom.isBlank()) {
            clauses.add("symptom = ?");
            params.add(symptom);
        }
        if (from != null) {
            clauses.add("resolved_at >= ?");
            params.add(ts(from));
        }
        if (to != null) {
            clauses.add("resolved_at <= ?");
            params.add(ts(to));
        }
        return new Filter(clauses.isEmpty() ? "" : " where " + String.join(" and ", clauses), params);
    }

    private record Filter(String where, java.util.List<Object> params) {

        Filter and(String condition, java.util.List<Object> more) {
            return new Filter((where.isEmpty() ? " where " : where + " and ") + condition, append(params, more.toArray()));
        }
    }

    public void recordDecision(String id, String reason, IncidentState state) {
        jdbc.sql("update am_incident set reason = ?, state = ? where id = ?").params(reason, state.name(), id).update();
    }

    public void recordRoles(String id, String author, String facilitator) {
        jdbc.sql("update am_incident set author = ?, facilitator = ? where id = ?")
                .params(author, facilitator, id).update();
    }

    public void updateState(String id, IncidentState state) {
        jdbc.sql("update am_incident set state = ? where id = ?").params(state.name(), id).update();
    }

    private Incident map(ResultSet rs, int row) throws SQLException {
        String responders = rs.getString("responders");
        Object percent = rs.getObject("users_affected_percent");
        Object affected = rs.getObject("users_affected");
        return new Incident(rs.getString("id"), rs.getString("title"), rs.getString("service"),
                Severity.valueOf(rs.getString("severity")), instant(rs, "started_at"), instant(rs, "detected_at"),
                instant(rs, "acknowledged_at"), instant(rs, "mitigated_at"), instant(rs, "resolved_at"),
                rs.getString("commander"),
                responders == null || responders.isBlank() ? List.of() : Arrays.asList(responders.split(",")),
                affected == null ? null : ((Number) affected).longValue(),
                percent == null ? null : ((Number) percent).doubleValue(), rs.getString("customer_impact"),
                rs.getString("symptom"), rs.getBoolean("data_loss"), rs.getBoolean("security_incident"),
                rs.getBoolean("sla_breached"), rs.getBoolean("near_miss"), read(rs.getString("timeline")),
                rs.getString("author"), rs.getString("facilitator"), rs.getString("requirement"),
                rs.getString("reason"), instant(rs, "publish_deadline"), instant(rs, "meeting_deadline"),
                IncidentState.valueOf(rs.getString("state")), rs.getString("process_instance_id"),
                instant(rs, "created_at"), rs.getString("created_by"),
                rs.getObject("recurrence") == null ? null : rs.getInt("recurrence"),
                rs.getString("postmortem_format"), rs.getBoolean("restricted"), rs.getString("restricted_reason"),
                rs.getString("chat_channel"));
    }

    private static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private String write(List<TimelineEntry> timeline) {
        try {
            return json.writeValueAsString(timeline == null ? List.of() : timeline);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<TimelineEntry> read(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        try {
            return json.readValue(value, TIMELINE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored timeline is not JSON", e);
        }
    }
}
