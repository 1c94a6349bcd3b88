package dev.aftermath.calendar;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The one parser of timeline timestamps ({@code at} of an entry), for the form check, the contribution merge and the
 * quality gate alike, so that all three judge an entry the same way. Lenient in what it accepts: surrounding blanks,
 * any ISO-8601 offset ({@code Z}, {@code +01:00}) and what {@link Instant#parse} reads; anything else is "no time".
 */
public final class Timestamps {

    private Timestamps() {
    }

    /** The instant of an ISO-8601 date-time with offset, or {@code null} when it is blank or not one. */
    public static Instant parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String s = value.strip();
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
