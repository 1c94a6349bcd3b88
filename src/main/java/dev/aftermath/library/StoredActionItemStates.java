package dev.aftermath.library;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

/** The default {@link ActionItemStates}: the action items as stored with the document, state unknown. */
@Component
public class StoredActionItemStates implements ActionItemStates {

    @Override
    public List<Map<String, Object>> states(String incidentId, List<Map<String, Object>> storedItems) {
        return storedItems.stream().map(item -> {
            Map<String, Object> copy = new LinkedHashMap<>(item);
            copy.putIfAbsent("state", null);
            return copy;
        }).toList();
    }
}
