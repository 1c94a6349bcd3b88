package dev.aftermath.process;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.camunda.spin.json.SpinJsonNode;
import org.camunda.spin.plugin.variable.SpinValues;
import org.camunda.spin.plugin.variable.value.JsonValue;
import org.springframework.stereotype.Component;

/**
 * List and object variables (timeline, whys, contributing factors, action items) are JSON held as Spin {@code Json}
 * variables, the type Camunda Forms and {@code /engine-rest} clients send. This reads whatever a client sent (Spin
 * JSON, a JSON string, Java lists) into Jackson trees and writes them back as Spin JSON.
 */
@Component
public class JsonVariables {

    private final ObjectMapper mapper;

    public JsonVariables(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The JSON of a variable value, or {@code null} when absent or blank. */
    public JsonNode read(Object value) {
        if (value == null) {
            return null;
        }
        try {
            if (value instanceof JsonValue jv) {
                return jv.getValue() == null ? null : mapper.readTree(jv.getValue().toString());
            }
            if (value instanceof SpinJsonNode node) {
                return mapper.readTree(node.toString());
            }
            if (value instanceof String s) {
                if (s.isBlank()) {
                    return null;
                }
                return mapper.readTree(s);
            }
            return mapper.valueToTree(value);
        } catch (JsonProcessingException e) {
            return mapper.getNodeFactory().textNode(value.toString());
        }
    }

    public JsonValue write(Object value) {
        try {
            return SpinValues.jsonValue(mapper.writeValueAsString(value)).create();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Plain Java (maps, lists, strings, numbers) for templates. */
    public Object plain(Object value) {
        JsonNode node = read(value);
        return node == null ? null : mapper.convertValue(node, Object.class);
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> listOfMaps(Object value) {
        Object plain = plain(value);
        return plain instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }

    public ObjectMapper mapper() {
        return mapper;
    }
}
