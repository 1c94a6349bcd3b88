package dev.aftermath.web;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The one text check of every write that stores text (the JSON bodies of the API through {@link TextBodyAdvice}, the
 * webhooks, the task forms through their rules): no NUL or other control character (line breaks and tabs excepted),
 * no unpaired UTF-16 surrogate, in any value or key at any depth, each failure naming the field by its path
 * ({@code entries[0].event}). And the typed readers of a body field: a string where a string is required, never a
 * number, a boolean or {@code null} in its place.
 */
public final class TextInput {

    /** Deeper than this a body is not walked further (the request size limit bounds it anyway). */
    private static final int MAX_DEPTH = 64;

    private TextInput() {
    }

    /** Every text of {@code value} (a JSON tree, a map, a list or a string), checked; the errors named by path. */
    public static void check(String path, Object value, List<FieldError> errors) {
        walk(path, value, errors, 0);
    }

    /** The same for a whole body: {@link InvalidInputException} naming every bad field. */
    public static void requireClean(Object body, String title) {
        List<FieldError> errors = new java.util.ArrayList<>();
        check("", body, errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(title, errors);
        }
    }

    private static void walk(String path, Object value, List<FieldError> errors, int depth) {
        if (value == null || depth > MAX_DEPTH || errors.size() >= 50) {
            return;
        }
        if (value instanceof CharSequence text) {
            String problem = InputLimits.badCharacter(text.toString(), true);
            if (problem != null) {
                errors.add(new FieldError(path.isEmpty() ? "body" : path, problem));
            }
        } else if (value instanceof JsonNode node) {
            if (node.isTextual()) {
                walk(path, node.textValue(), errors, depth);
            } else if (node.isObject()) {
                node.fields().forEachRemaining(f -> field(path, f.getKey(), f.getValue(), errors, depth));
            } else if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    walk(path + "[" + i + "]", node.get(i), errors, depth + 1);
                }
            }
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> field(path, String.valueOf(k), v, errors, depth));
        } else if (value instanceof Collection<?> list) {
            int i = 0;
            for (Object item : list) {
                walk(path + "[" + i++ + "]", item, errors, depth + 1);
            }
        } else if (value instanceof Object[] array) {
            for (int i = 0; i < array.length; i++) {
                walk(path + "[" + i + "]", array[i], errors, depth + 1);
            }
        }
    }

    private static void field(String path, String key, Object value, List<FieldError> errors, int depth) {
        String name = (path.isEmpty() ? "" : path + ".") + InputLimits.fieldName(key);
        if (InputLimits.badCharacter(key, false) != null) {
            errors.add(new FieldError(name, "has a name with control characters or invalid Unicode"));
            return;
        }
        walk(name, value, errors, depth + 1);
    }

    /**
     * A string field of a JSON object read as a map: null when absent or blank (and then "is required" when
     * {@code required}); "must be a string" for a number, a boolean, a list or an object; the length and character
     * rules of {@link InputLimits#text}. Returns the trimmed text, or null after an error.
     */
    public static String string(Map<String, ?> body, String field, boolean required, int max, boolean multiline,
                                List<FieldError> errors) {
        Object value = body == null ? null : body.get(field);
        if (value != null && !(value instanceof String)) {
            errors.add(new FieldError(field, "must be a string"));
            return null;
        }
        return text(field, (String) value, required, max, multiline, errors);
    }

    /** The same for a field of a JSON tree ({@code name} is how the error names it). */
    public static String string(JsonNode object, String field, String name, boolean required, int max,
                                boolean multiline, List<FieldError> errors) {
        JsonNode value = object == null ? null : object.get(field);
        if (value != null && !value.isNull() && !value.isTextual()) {
            errors.add(new FieldError(name, "must be a string"));
            return null;
        }
        return text(name, value == null || value.isNull() ? null : value.textValue(), required, max, multiline,
                errors);
    }

    private static String text(String field, String value, boolean required, int max, boolean multiline,
                               List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
            return null;
        }
        String trimmed = value.strip();
        return InputLimits.text(field, trimmed, max, multiline, errors) ? trimmed : null;
    }
}
