package dev.aftermath.integration.jira;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.aftermath.actionitem.ActionItem;
import dev.aftermath.actionitem.TrackerEvents;
import dev.aftermath.directory.UserDirectory;
import dev.aftermath.web.ConflictException;
import dev.aftermath.web.InvalidInputException;

/**
 * What a Jira issue update means for its action item: done → the item ends DONE with Jira's resolution and link; a
 * new due date → rescheduled (the ladder starts again); a new assignee Aftermath knows (by e-mail) → the owner
 * changes; one it does not know → a comment in Jira, nothing else. One transaction with the delivery's id
 * ({@code am_jira_delivery}): a replayed delivery changes nothing twice.
 */
@Service
public class JiraChanges {

    private static final Logger LOG = LoggerFactory.getLogger(JiraChanges.class);
    static final String JIRA = "Jira";

    private final TrackerEvents events;
    private final UserDirectory directory;
    private final JiraProperties properties;
    private final JiraTicketTracker jira;
    private final JdbcClient jdbc;
    private final Clock clock;

    public JiraChanges(TrackerEvents events, UserDirectory directory, JiraProperties properties,
                       JiraTicketTracker jira, JdbcClient jdbc, Clock clock) {
        this.events = events;
        this.directory = directory;
        this.properties = properties;
        this.jira = jira;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public record Result(String itemId, boolean replayed, List<String> applied) {
    }

    /** Null when the issue belongs to no action item. */
    @Transactional
    public Result apply(String key, JsonNode root, String deliveryId) {
        Optional<ActionItem> found = events.findByTicketKey(key);
        if (found.isEmpty()) {
            return null;
        }
        ActionItem item = found.get();
        try {
            jdbc.sql("insert into am_jira_delivery (delivery_id, received_at) values (?, ?)")
                    .params(deliveryId, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)).update();
        } catch (DuplicateKeyException replay) {
            LOG.info("Jira delivery {} for {} was applied before", deliveryId, key);
            return new Result(item.id(), true, List.of());
        }
        List<String> applied = new ArrayList<>();
        JsonNode fields = root.path("issue").path("fields");
        String by = actor(root.path("user"));

        String category = fields.path("status").path("statusCategory").path("key").asText("");
        if (category.equalsIgnoreCase(properties.getDoneStatusCategory())) {
            String resolution = fields.path("resolution").path("name").asText("Done");
            String text = "Resolved in Jira as " + resolution + ": " + jira.browse(key);
            if (events.completed(item, text, by, JIRA)) {
                applied.add("DONE");
            }
            return new Result(item.id(), false, applied);
        }

        if (fields.has("duedate") && changed(root, "duedate", fields)) {
            String due = fields.path("duedate").asText(null);
            if (due != null && !due.isBlank()) {
                try {
                    if (events.rescheduled(item, LocalDate.parse(due.substring(0, Math.min(10, due.length()))),
                            by, JIRA)) {
                        applied.add("RESCHEDULED");
                        item = events.get(item.id());
                    }
                } catch (DateTimeParseException e) {
                    LOG.warn("Jira issue {} has an unreadable due date '{}'", key, due);
                }
            }
        }

        JsonNode assignee = fields.path("assignee");
        if (assignee.isObject() && changed(root, "assignee", fields)) {
            String email = assignee.path("emailAddress").asText(null);
            if ((email == null || email.isBlank()) && assignee.hasNonNull("accountId")) {
                email = jira.email(assignee.path("accountId").asText());
            }
            Optional<User> user = directory.findByEmail(email);
            if (user.isEmpty()) {
                events.unknownAssignee(item, assignee.path("displayName").asText(email == null ? "unknown" : email));
                applied.add("UNKNOWN_ASSIGNEE_COMMENTED");
            } else if (!user.get().getId().equals(item.owner())) {
                try {
                    events.reassigned(item, user.get().getId(), "assigned in Jira by "
                            + (by == null ? "someone" : directory.displayName(by)), by, JIRA);
                    applied.add("OWNER_CHANGED");
                } catch (ConflictException | InvalidInputException e) {
                    LOG.info("Jira assignee of {} not taken over: {}", key, e.getMessage());
                }
            }
        }
        return new Result(item.id(), false, applied);
    }

    /**
     * Whether the changelog names this field; without a changelog every field present counts (the item's own
     * checks then skip what did not change).
     */
    private static boolean changed(JsonNode root, String field, JsonNode fields) {
        JsonNode items = root.path("changelog").path("items");
        if (!items.isArray() || items.isEmpty()) {
            return fields.has(field);
        }
        for (JsonNode i : items) {
            if (field.equalsIgnoreCase(i.path("field").asText()) || field.equalsIgnoreCase(i.path("fieldId").asText())) {
                return true;
            }
        }
        return false;
    }

    /** The Aftermath user who made the change in Jira (by e-mail), else the Jira display name. */
    private String actor(JsonNode user) {
        String email = user.path("emailAddress").asText(null);
        Optional<User> known = directory.findByEmail(email);
        if (known.isPresent()) {
            return known.get().getId();
        }
        String name = user.path("displayName").asText(null);
        return name == null ? "jira" : "jira:" + name;
    }
}
