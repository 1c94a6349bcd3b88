package dev.aftermath.security;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Who may see an incident and everything that hangs off it (post-mortem, documents, action items, library entry,
 * insights). An incident that is not restricted is visible to every logged-in user; a restricted one only to its
 * participants (table {@code am_incident_participant}), the group {@code security} and administrators. Callers that
 * hide something answer 404, never 403, so that the existence of a restricted incident is not disclosed.
 *
 * <p>A leaf service: it reads Aftermath's tables directly and imports no feature package.
 */
@Component
public class IncidentAccess {

    public static final String SECURITY_GROUP = "security";
    public static final String ADMIN_GROUP = "camunda-admin";

    /** Participant roles recorded in {@code am_incident_participant.role}. */
    public static final String COMMANDER = "commander";
    public static final String RESPONDER = "responder";
    public static final String AUTHOR = "author";
    public static final String FACILITATOR = "facilitator";
    public static final String REVIEWER = "reviewer";
    public static final String ATTENDEE = "attendee";
    public static final String OWNER = "action-item-owner";
    public static final String CONTRIBUTOR = "contributor";

    private final JdbcClient jdbc;

    public IncidentAccess(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Administrators and the security group see every incident. */
    public boolean seesEverything(CurrentUser user) {
        return user != null && user.inAnyGroup(ADMIN_GROUP, SECURITY_GROUP);
    }

    public boolean isRestricted(String incidentId) {
        return jdbc.sql("select count(*) from am_incident where id = ? and restricted = true")
                .param(incidentId).query(Long.class).single() > 0;
    }

    /**
     * Whether the user may see the incident. An unknown incident answers {@code true}: the caller's own lookup then
     * answers 404 as it does for any missing resource.
     */
    public boolean canSee(CurrentUser user, String incidentId) {
        if (!isRestricted(incidentId) || seesEverything(user)) {
            return true;
        }
        return user != null && isParticipant(user.id(), incidentId);
    }

    public boolean isParticipant(String userId, String incidentId) {
        return jdbc.sql("select count(*) from am_incident_participant where incident_id = ? and user_id = ?")
                .params(incidentId, userId).query(Long.class).single() > 0;
    }

    /** The participants of an incident (distinct user ids, in the order first recorded). */
    public List<String> participants(String incidentId) {
        return jdbc.sql("select user_id from am_incident_participant where incident_id = ? group by user_id "
                        + "order by min(role), user_id")
                .param(incidentId).query(String.class).list();
    }

    /** Records users as participants of an incident in a role; idempotent, blank ids are ignored. */
    public void addParticipants(String incidentId, String role, Collection<String> userIds) {
        if (userIds == null) {
            return;
        }
        userIds.stream().filter(Objects::nonNull).map(String::trim).filter(u -> !u.isEmpty()).distinct()
                .forEach(u -> addParticipant(incidentId, role, u));
    }

    public void addParticipant(String incidentId, String role, String userId) {
        if (userId == null || userId.isBlank()) {
            return;
        }
        try {
            jdbc.sql("""
                    insert into am_incident_participant (incident_id, user_id, role)
                    select ?, ?, ? where not exists (
                      select 1 from am_incident_participant where incident_id = ? and user_id = ? and role = ?)""")
                    .params(incidentId, userId, role, incidentId, userId, role).update();
        } catch (DuplicateKeyException raced) {
            // another transaction recorded the same participant at the same moment: nothing to do
        }
    }

    /**
     * A SQL condition over an incident id column that keeps only incidents the user may see, for list, count and
     * search queries: {@code where ... and } + {@code filter.sql()} with {@code filter.params()} appended.
     */
    public SqlFilter visibleTo(CurrentUser user, String incidentIdColumn) {
        if (seesEverything(user)) {
            return new SqlFilter("1 = 1", List.of());
        }
        String sql = "(" + incidentIdColumn + " in (select id from am_incident where restricted = false) or "
                + incidentIdColumn + " in (select incident_id from am_incident_participant where user_id = ?))";
        return new SqlFilter(sql, List.of(user == null ? "" : user.id()));
    }

    /** A SQL condition with its positional parameters. */
    public record SqlFilter(String sql, List<Object> params) {
    }
}
