package dev.aftermath.web;

/** One invalid input field: its name (JSON path) and what is wrong with it. */
public record FieldError(String field, String message) {
}
