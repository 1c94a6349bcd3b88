package dev.aftermath.web;

import java.util.Map;

/** A request that clashes with the current state: answered as HTTP 409 problem details. */
public class ConflictException extends RuntimeException {

    private final Map<String, Object> properties;

    public ConflictException(String message, Map<String, Object> properties) {
        super(message);
        this.properties = Map.copyOf(properties);
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
