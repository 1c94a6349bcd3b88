package dev.aftermath.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Parsing of query parameters, failing with 400 problem details that name the parameter. */
public final class QueryParams {
    private QueryParams() {
    }

    /**
     * A text filter: blank is no filter; longer than {@link InputLimits#QUERY_TEXT} or with control characters is
     * a 400 naming the parameter.
     */
    public static String text(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        List<FieldError> errors = new java.util.ArrayList<>();
        text(name, value, errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException("Invalid query", errors);
        }
        return value.trim();
    }

    /** The same checks, adding to the caller's list of bad parameters. */
    public static void text(String name, String value, List<FieldError> errors) {
        if (value != null && InputLimits.text(name, value, InputLimits.QUERY_TEXT, false, errors)
                && value.indexOf('\t') >= 0) {
            errors.add(new FieldError(name, "must not contain control characters (found U+0009)"));
        }
    }

    /** An ISO-8601 instant, or a date (its start, UTC; with {@code endOfDay} its end). */
    public static Instant instant(String name, String value, boolean endOfDay) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            if (value.length() > InputLimits.INSTANT) {
                throw new DateTimeParseException("too long", value, 0);
            }
            if (value.length() == 10) {
                LocalDate date = LocalDate.parse(value);
                return endOfDay ? date.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).minusMillis(1)
                        : date.atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("Invalid query", List.of(new FieldError(name,
                    "must be an ISO-8601 date (2026-11-20) or instant (2026-11-20T14:23:00Z)")));
        }
    }
}
