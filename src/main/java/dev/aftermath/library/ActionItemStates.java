package dev.aftermath.library;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import dev.aftermath.actionitem.ActionItem;
import dev.aftermath.actionitem.ActionItemRepository;
import dev.aftermath.web.Links;

/**
 * The library's view (a read model: it reads the action-item feature's table and writes nothing) of a post-mortem's action items with their live state from the ladder: the n-th published item
 * is {@code <incidentId>/AI-n}; its current state, escalation level, due date (after a reprioritisation) and ticket
 * come from {@code am_action_item}.
 */
@Component
public class ActionItemStates {

    private final ActionItemRepository items;
    private final Links links;

    public ActionItemStates(ActionItemRepository items, Links links) {
        this.items = items;
        this.links = links;
    }

    public List<Map<String, Object>> states(String incidentId, List<Map<String, Object>> storedItems) {
        Map<Integer, ActionItem> live = items.ofIncident(incidentId).stream()
                .collect(Collectors.toMap(ActionItem::number, Function.identity(), (a, b) -> a));
        List<Map<String, Object>> result = new ArrayList<>();
        for (int i = 0; i < storedItems.size(); i++) {
            Map<String, Object> copy = new LinkedHashMap<>(storedItems.get(i));
            ActionItem item = live.get(i + 1);
            if (item == null) {
                copy.putIfAbsent("state", null);
            } else {
                copy.put("id", item.id());
                copy.put("state", item.state().name());
                copy.put("escalationLevel", item.escalationLevel());
                copy.put("dueDate", item.dueDate() == null ? copy.get("dueDate") : item.dueDate().toString());
                copy.put("ticket", item.ticket());
                if (item.owner() != null && !item.owner().equals(copy.get("owner"))) {
                    // handed over after publication: the stored display name is the previous owner's
                    copy.put("owner", item.owner());
                    copy.remove("ownerName");
                }
                copy.put("link", links.base() + "/api/action-items/" + item.id());
            }
            result.add(copy);
        }
        return result;
    }
}
