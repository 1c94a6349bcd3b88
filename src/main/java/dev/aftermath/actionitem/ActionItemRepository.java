package dev.aftermath.actionitem;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.aftermath.actionitem.ActionItem.HistoryEntry;

/** The {@code am_action_item} table. */
@Repository
public class ActionItemRepository {

    private static final TypeReference<List<HistoryEntry>> HISTORY = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Clock clock;

    public ActionItemRepository(JdbcClient jdbc, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    public Optional<ActionItem> find(String id) {
        return jdbc.sql("select * from am_action_item where id = ?").param(id).query(this::map).optional();
    }

    /** Stores a new item; an existing one (a restarted instance) is re-attached to the process instance. */
    public void insert(String id, String incidentId, int number, String title, String owner, String priority,
                       LocalDate dueDate, String processInstanceId, HistoryEntry created) {
        OffsetDateTime now = now();
        int updated = jdbc.sql("update am_action_item set process_instance_id = ?, updated_at = ? where id = ?")
                .params(processInstanceId, now, id).update();
        if (updated == 0) {
            jdbc.sql("""
                    insert into am_action_item (id, incident_id, item_number, title, owner, priority, due_date, state,
                      escalation_level, history, process_instance_id, created_at, updated_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)""")
                    .params(id, incidentId, number, title, owner, priority, dueDate, ActionItemState.OPEN.name(),
                            write(List.of(created)), processInstanceId, now, now)
                    .update();
        } else {
            appendHistory(id, created);
        }
    }

    /** Sets state and level (each may be null: unchanged) and appends a history entry. */
    public void step(String id, ActionItemState state, Integer level, HistoryEntry entry) {
        OffsetDateTime now = now();
        // one read and one write per rung: the step's fields and its history entry in the same UPDATE
        jdbc.sql("""
                update am_action_item set state = coalesce(?, state), escalation_level = coalesce(?, escalation_level),
                  updated_at = ?, history = ? where id = ?""")
                .params(state == null ? null : state.name(), level, now, write(withEntry(id, entry)), id).update();
    }

    public void reschedule(String id, LocalDate dueDate, String rationale, HistoryEntry entry) {
        jdbc.sql("""
                update am_action_item set due_date = ?, state = ?, escalation_level = 0,
                  rationale = coalesce(?, rationale), updated_at = ? where id = ?""")
                .params(dueDate, ActionItemState.OPEN.name(), rationale, now(), id).update();
        appendHistory(id, entry);
    }

    public void end(String id, ActionItemState state, String resolution, String ticket, String rationale,
                    HistoryEntry entry) {
        OffsetDateTime now = now();
        jdbc.sql("""
                update am_action_item set state = ?, resolution = coalesce(?, resolution),
                  ticket = coalesce(?, ticket), rationale = coalesce(?, rationale), updated_at = ?, ended_at = ?
                where id = ?""")
                .params(state.name(), resolution, ticket, rationale, now, now, id).update();
        appendHistory(id, entry);
    }

    public void ticket(String id, String ticket, HistoryEntry entry) {
        jdbc.sql("update am_action_item set ticket = ?, updated_at = ? where id = ?").params(ticket, now(), id)
                .update();
        appendHistory(id, entry);
    }

    /** The issue a tracker created for the item: stored once (a second call with the same key changes nothing). */
    public void ticket(String id, String key, String url, HistoryEntry entry) {
        int updated = jdbc.sql("""
                update am_action_item set ticket_key = ?, ticket = ?, updated_at = ?
                where id = ? and (ticket_key is null or ticket_key <> ?)""")
                .params(key, url, now(), id, key).update();
        if (updated > 0) {
            appendHistory(id, entry);
        }
    }

    public Optional<ActionItem> findByTicketKey(String key) {
        return jdbc.sql("select * from am_action_item where ticket_key = ?").param(key).query(this::map).stream()
                .findFirst();
    }

    public void owner(String id, String owner, HistoryEntry entry) {
        jdbc.sql("update am_action_item set owner = ?, updated_at = ? where id = ?").params(owner, now(), id).update();
        appendHistory(id, entry);
    }

    public void appendHistory(String id, HistoryEntry entry) {
        jdbc.sql("update am_action_item set history = ? where id = ?").params(write(withEntry(id, entry)), id).update();
    }

    /**
     * The item's stored history with this entry added. The row is locked while it is read (as a preceding UPDATE
     * would): two steps appending at once write one after the other, neither loses the other's entry.
     */
    private List<HistoryEntry> withEntry(String id, HistoryEntry entry) {
        List<HistoryEntry> history = new ArrayList<>(jdbc.sql("select history from am_action_item where id = ? for update")
                .param(id).query(String.class).optional().map(this::read).orElse(List.of()));
        history.add(entry);
        return history;
    }

    public record Page(List<ActionItem> items, long total) {
    }

    /** Items filtered by state, owner and incident (each optional), oldest due date first. */
    public Page search(ActionItemState state, String owner, String incidentId, int page, int size,
                       dev.aftermath.security.IncidentAccess.SqlFilter visible) {
        StringBuilder where = new StringBuilder(" where ").append(visible.sql());
        List<Object> params = new ArrayList<>(visible.params());
        if (state != null) {
            where.append(" and state = ?");
            params.add(state.name());
        }
        if (owner != null) {
            where.append(" and owner = ?");
            params.add(owner);
        }
        if (incidentId != null) {
            where.append(" and incident_id = ?");
            params.add(incidentId);
        }
        long total = jdbc.sql("select count(*) from am_action_item" + where).params(params).query(Long.class)
                .single();
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(size);
        pageParams.add((long) page * size);
        List<ActionItem> items = jdbc.sql("select * from am_action_item" + where
                        + " order by due_date, incident_id, item_number limit ? offset ?")
                .params(pageParams).query(this::map).list();
        return new Page(items, total);
    }

    public List<ActionItem> ofIncident(String incidentId) {
        return jdbc.sql("select * from am_action_item where incident_id = ? order by item_number").param(incidentId)
                .query(this::map).list();
    }

    /**
     * The OPEN and OVERDUE items of other incidents of the same service; restricted incidents' items are left out
     * (this list is shown in the meeting task of another incident).
     */
    public List<ActionItem> openOfService(String service, String exceptIncidentId) {
        return jdbc.sql("""
                select a.* from am_action_item a join am_incident i on i.id = a.incident_id
                where i.service = ? and a.incident_id <> ? and a.state in ('OPEN', 'OVERDUE') and i.restricted = false
                order by a.due_date, a.incident_id, a.item_number""")
                .params(service, exceptIncidentId).query(this::map).list();
    }

    private ActionItem map(ResultSet rs, int row) throws SQLException {
        return new ActionItem(rs.getString("id"), rs.getString("incident_id"), rs.getInt("item_number"),
                rs.getString("title"), rs.getString("owner"), rs.getString("priority"),
                rs.getObject("due_date", LocalDate.class), ActionItemState.valueOf(rs.getString("state")),
                rs.getInt("escalation_level"), rs.getString("ticket"), rs.getString("resolution"),
                rs.getString("rationale"), read(rs.getString("history")), rs.getString("process_instance_id"),
                instant(rs, "created_at"), instant(rs, "updated_at"), instant(rs, "ended_at"),
                rs.getString("ticket_key"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private String write(List<HistoryEntry> history) {
        try {
            return json.writeValueAsString(history);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<HistoryEntry> read(String value) {
        try {
            return value == null ? List.of() : json.readValue(value, HISTORY);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored action item history is not JSON", e);
        }
    }
}
