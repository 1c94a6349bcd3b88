package dev.aftermath.actionitem;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.engine.RuntimeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Lazy;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.aftermath.actionitem.ActionItem.HistoryEntry;
import dev.aftermath.directory.UserDirectory;
import dev.aftermath.processapi.TicketSyncProcess.Intent;
import dev.aftermath.processapi.TicketSyncProcess;
import dev.aftermath.template.Templates;

/**
 * Keeps an item's issue in the tracker in step with Aftermath: {@link #request} records an intent by starting a
 * {@code ticket-sync} instance (in the caller's transaction); {@link #send} carries it out behind the async savepoint,
 * once per intent (table {@code am_ticket_sync}). Nothing happens when no {@link TicketTracker} is active.
 */
@Component
public class TicketSync {

    private static final Logger LOG = LoggerFactory.getLogger(TicketSync.class);

    private final ObjectProvider<TicketTracker> trackers;
    private final ActionItemRepository items;
    private final Templates templates;
    private final UserDirectory directory;
    private final JdbcClient jdbc;
    private final RuntimeService runtimeService;
    private final Clock clock;

    public TicketSync(ObjectProvider<TicketTracker> trackers, ActionItemRepository items, Templates templates,
                      UserDirectory directory, JdbcClient jdbc, @Lazy RuntimeService runtimeService, Clock clock) {
        this.trackers = trackers;
        this.items = items;
        this.templates = templates;
        this.directory = directory;
        this.jdbc = jdbc;
        this.runtimeService = runtimeService;
        this.clock = clock;
    }

    /**
     * Whether the item belongs to a restricted post-mortem and the tracker has no restricted place for it: then it
     * has no issue and nothing of it is sent (see {@link TicketTracker#acceptsRestricted()}).
     */
    boolean staysInAftermath(String itemId, TicketTracker tracker) {
        return !tracker.acceptsRestricted() && jdbc.sql("""
                select count(*) from am_action_item a join am_incident i on i.id = a.incident_id
                where a.id = ? and i.restricted = true""").param(itemId).query(Long.class).single() > 0;
    }

    /** The active tracker, if one is configured. */
    public Optional<TicketTracker> tracker() {
        TicketTracker t = trackers.getIfAvailable();
        return t != null && t.active() ? Optional.of(t) : Optional.empty();
    }

    // ------------------------------------------------------------------ intents (called inside the engine transaction)

    /** A comment from {@code templates/ticket/<template>.vm}, sent once per intent key. */
    public void comment(String itemId, String intentKey, String template, Map<String, Object> model) {
        if (tracker().isEmpty()) {
            return;
        }
        Map<String, Object> vars = new HashMap<>();
        vars.put(TicketSyncProcess.Vars.COMMENT.name(), render(itemId, template, model));
        request(itemId, Intent.COMMENT, intentKey, vars);
    }

    /** The new owner becomes the assignee (when the tracker knows the owner's e-mail), with a comment. */
    public void assign(String itemId, String owner, String intentKey, String template, Map<String, Object> model) {
        if (tracker().isEmpty()) {
            return;
        }
        String email = directory.find(owner).map(u -> u.getEmail()).orElse(null);
        Map<String, Object> vars = new HashMap<>();
        vars.put(TicketSyncProcess.Vars.ASSIGNEE_EMAIL.name(), email);
        vars.put(TicketSyncProcess.Vars.COMMENT.name(), render(itemId, template, model));
        request(itemId, Intent.ASSIGN, intentKey, vars);
    }

    /** Done or dropped, with a comment from {@code templates/ticket/<template>.vm} added first. */
    public void close(String itemId, boolean dropped, String intentKey, String template, Map<String, Object> model) {
        if (tracker().isEmpty()) {
            return;
        }
        Map<String, Object> vars = new HashMap<>();
        vars.put(TicketSyncProcess.Vars.RESOLUTION.name(), dropped ? "DROPPED" : "DONE");
        vars.put(TicketSyncProcess.Vars.COMMENT.name(), render(itemId, template, model));
        request(itemId, Intent.CLOSE, intentKey, vars);
    }

    /** A new due date, with a comment from {@code templates/ticket/<template>.vm}. */
    public void dueDate(String itemId, LocalDate dueDate, String intentKey, String template,
                        Map<String, Object> model) {
        if (tracker().isEmpty()) {
            return;
        }
        Map<String, Object> vars = new HashMap<>();
        vars.put(TicketSyncProcess.Vars.DUE_DATE.name(), dueDate.toString());
        vars.put(TicketSyncProcess.Vars.COMMENT.name(), render(itemId, template, model));
        request(itemId, Intent.DUE_DATE, intentKey, vars);
    }

    private void request(String itemId, Intent intent, String intentKey, Map<String, Object> extra) {
        if (tracker().isEmpty() || staysInAftermath(itemId, tracker().get())) {
            return;
        }
        Map<String, Object> vars = new HashMap<>(extra);
        vars.put(TicketSyncProcess.Vars.INTENT.name(), intent.name());
        vars.put(TicketSyncProcess.Vars.INTENT_KEY.name(), intent.name() + ":" + intentKey);
        runtimeService.startProcessInstanceByKey(TicketSyncProcess.KEY, itemId, vars);
    }

    String render(String itemId, String template, Map<String, Object> model) {
        Map<String, Object> m = new LinkedHashMap<>(model);
        items.find(itemId).ifPresent(i -> m.put("item", i));
        m.put("ownerName", items.find(itemId).map(i -> directory.displayName(i.owner())).orElse(""));
        m.put("itemId", itemId);
        return templates.text("ticket/" + template + ".vm", m).strip();
    }

    // ------------------------------------------------------------------ Sync_Ticket (behind the async savepoint)

    /**
     * What one {@code ticket-sync} instance carries: the intent and its key, the comment to add first, and the
     * intent's value (due date, assignee's e-mail, resolution DONE or DROPPED).
     */
    public record Request(String itemId, Intent intent, String intentKey, String comment, String dueDate,
                          String assigneeEmail, String resolution) {
    }

    /** {@code Sync_Ticket}: carries out one intent, once. */
    public void send(Request request) {
        String itemId = request.itemId();
        String intentKey = request.intentKey();
        Intent intent = request.intent();
        TicketTracker tracker = tracker().orElse(null);
        if (tracker == null) {
            LOG.info("No tracker configured any more: {} of {} not sent", intentKey, itemId);
            return;
        }
        if (sent(itemId, intentKey)) {
            LOG.debug("{} of {} was sent before", intentKey, itemId);
            return;
        }
        if (staysInAftermath(itemId, tracker)) {
            LOG.info("{} belongs to a restricted post-mortem and {} has no restricted target: {} not sent", itemId,
                    tracker.name(), intentKey);
            return;
        }
        ActionItem item = items.find(itemId).orElseThrow(() -> new IllegalStateException("No item " + itemId));
        String key = item.ticketKey();
        if (key == null) {
            Optional<TicketTracker.Ticket> found = tracker.find(itemId);
            if (found.isEmpty()) {
                if (item.state().ended()) {
                    LOG.info("{} ended before its {} issue was created: {} not sent", itemId, tracker.name(),
                            intentKey);
                    return;
                }
                throw new IllegalStateException("The " + tracker.name() + " issue of " + itemId
                        + " does not exist yet (Create_Ticket pending or failing): " + intentKey + " waits");
            }
            stored(itemId, found.get(), tracker.name());
            key = found.get().key();
        }
        String comment = request.comment();
        if (comment != null && !comment.isBlank()) {
            tracker.comment(key, itemId + "|" + intentKey, comment);
        }
        switch (intent) {
            case COMMENT -> {
            }
            case DUE_DATE -> tracker.updateDueDate(key, LocalDate.parse(request.dueDate()));
            case ASSIGN -> {
                String email = request.assigneeEmail();
                if (email == null || !tracker.assign(key, email)) {
                    LOG.info("{} knows no account for the new owner of {}", tracker.name(), itemId);
                }
            }
            case CLOSE -> tracker.close(key, "DROPPED".equals(request.resolution()));
        }
        markSent(itemId, intentKey);
    }

    /** The issue key and URL, stored on the item with a history entry (once). */
    public void stored(String itemId, TicketTracker.Ticket ticket, String trackerName) {
        items.ticket(itemId, ticket.key(), ticket.url(), HistoryEntry.now(clock, "TICKET_CREATED",
                HistoryEntry.SYSTEM, trackerName + " issue " + ticket.key() + " " + ticket.url()));
    }

    public boolean sent(String itemId, String intentKey) {
        return jdbc.sql("select count(*) from am_ticket_sync where item_id = ? and intent = ?")
                .params(itemId, intentKey).query(Long.class).single() > 0;
    }

    private void markSent(String itemId, String intentKey) {
        try {
            jdbc.sql("insert into am_ticket_sync (item_id, intent, sent_at) values (?, ?, ?)")
                    .params(itemId, intentKey, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)).update();
        } catch (DuplicateKeyException raced) {
            // sent by a concurrent retry
        }
    }
}
