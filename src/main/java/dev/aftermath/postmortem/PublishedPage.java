package dev.aftermath.postmortem;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.aftermath.document.PostmortemDocument;
import dev.aftermath.document.PostmortemDocument.ActionItem;
import dev.aftermath.web.Links;

/**
 * The model of a stored post-mortem's page, built once for the library page, the wiki page and the renderings of the
 * current state: {@code $incident}, {@code $links}, {@code $fmt}, {@code $doc} (the stored document with its status
 * and publication time) and, for a published page, {@code $actionItems} with their live state from the action-item
 * ladder (the n-th published item is {@code <incidentId>/AI-n}; state, escalation level, due date after a
 * reprioritisation, owner after a hand-over and ticket come from {@code am_action_item}).
 */
@Component
public class PublishedPage {

    private final MailModels models;
    private final JdbcClient jdbc;
    private final Links links;

    public PublishedPage(MailModels models, JdbcClient jdbc, Links links) {
        this.models = models;
        this.jdbc = jdbc;
        this.links = links;
    }

    /** An action item of a published post-mortem with its live state ({@code id}, {@code state}... null: not started). */
    public record LiveActionItem(String title, String owner, String ownerName, String dueDate, String priority,
                                 String id, String state, Integer escalationLevel, String ticket, String ticketKey,
                                 String link) {
    }

    /** The model with the stored document ({@code $doc}), without live action items. */
    public Map<String, Object> model(PostmortemRecord record) {
        Map<String, Object> model = models.build(record.incidentId(), new HashMap<>());
        model.put("doc", record.document().over(document(model)).withPublication(record.status().name(),
                record.publishedAt() == null ? null : record.publishedAt().toString()));
        return model;
    }

    /** The model of the published page: {@link #model} and {@code $actionItems} with their live state. */
    public Map<String, Object> page(PostmortemRecord record) {
        Map<String, Object> model = model(record);
        model.put("actionItems", liveItems(record.incidentId(), record.document().actionItemList()));
        return model;
    }

    /** The document of a model built here or by {@link MailModels}. */
    public static PostmortemDocument document(Map<String, Object> model) {
        return (PostmortemDocument) model.get("doc");
    }

    private record Live(int number, String id, String owner, String dueDate, String state, int escalationLevel, String ticket,
                        String ticketKey) {
    }

    /** The stored items with their state, owner, due date and ticket as the action-item ladder keeps them now. */
    List<LiveActionItem> liveItems(String incidentId, List<ActionItem> stored) {
        Map<Integer, Live> live = new HashMap<>();
        jdbc.sql("select id, item_number, owner, due_date, state, escalation_level, ticket, ticket_key "
                        + "from am_action_item where incident_id = ?").param(incidentId)
                .query((rs, n) -> new Live(rs.getInt("item_number"), rs.getString("id"), rs.getString("owner"),
                        Objects.toString(rs.getObject("due_date", LocalDate.class), null), rs.getString("state"),
                        rs.getInt("escalation_level"), rs.getString("ticket"), rs.getString("ticket_key")))
                .list().forEach(l -> live.putIfAbsent(l.number(), l));
        List<LiveActionItem> result = new ArrayList<>();
        for (int i = 0; i < stored.size(); i++) {
            ActionItem a = stored.get(i);
            Live now = live.get(i + 1);
            if (now == null) {
                result.add(new LiveActionItem(a.title(), a.owner(), a.ownerName(), a.dueDate(), a.priority(), null,
                        null, null, null, null, null));
                continue;
            }
            // handed over after publication: the stored display name is the previous owner's
            boolean handedOver = now.owner() != null && !now.owner().equals(a.owner());
            result.add(new LiveActionItem(a.title(), handedOver ? now.owner() : a.owner(),
                    handedOver ? null : a.ownerName(), now.dueDate() == null ? a.dueDate() : now.dueDate(),
                    a.priority(), now.id(), now.state(), now.escalationLevel(), now.ticket(), now.ticketKey(),
                    links.base() + "/api/action-items/" + now.id()));
        }
        return result;
    }
}
