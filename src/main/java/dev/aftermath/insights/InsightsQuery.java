package dev.aftermath.insights;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import dev.aftermath.incident.Severity;
import dev.aftermath.web.FieldError;
import dev.aftermath.web.InvalidInputException;
import dev.aftermath.web.QueryParams;

/**
 * The period and filters of an insights question: {@code from} and {@code to} are dates in the calendar zone, both
 * included ({@code to} counts up to the end of its day); {@code service} is compared case-insensitively;
 * {@code severity} is SEV1–SEV4. Without dates: the last 90 days up to today.
 */
public record InsightsQuery(LocalDate from, LocalDate to, String service, String severity) {

    public static final int DEFAULT_DAYS = 90;

    /** Parses the request parameters; a bad one answers 400 naming it. */
    public static InsightsQuery parse(String from, String to, String service, String severity, ZoneId zone,
                                      Clock clock) {
        List<FieldError> errors = new ArrayList<>();
        LocalDate f = date("from", from, errors);
        LocalDate t = date("to", to, errors);
        String sev = severity == null || severity.isBlank() ? null : severity.trim().toUpperCase(Locale.ROOT);
        if (sev != null && Arrays.stream(Severity.values()).noneMatch(s -> s.name().equals(sev))) {
            errors.add(new FieldError("severity", "must be one of SEV1, SEV2, SEV3, SEV4"));
        }
        QueryParams.text("service", service, errors); // at most 200 characters, one line, no control characters
        LocalDate today = LocalDate.now(clock.withZone(zone));
        if (t == null) {
            t = f == null ? today : (f.plusDays(DEFAULT_DAYS - 1).isAfter(today) ? today : f.plusDays(DEFAULT_DAYS - 1));
        }
        if (f == null) {
            f = t.minusDays(DEFAULT_DAYS - 1);
        }
        if (errors.isEmpty() && f.isAfter(t)) {
            errors.add(new FieldError("from", "must not be after to (" + t + ")"));
        }
        if (errors.isEmpty() && f.plusYears(20).isBefore(t)) {
            errors.add(new FieldError("from", "the period may span at most 20 years"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("Invalid insights query", errors);
        }
        String svc = service == null || service.isBlank() ? null : service.trim();
        return new InsightsQuery(f, t, svc, sev);
    }

    private static LocalDate date(String name, String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            if (value.trim().length() != 10) {
                throw new DateTimeParseException("not YYYY-MM-DD", value, 0);
            }
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(name, "must be a date YYYY-MM-DD"));
            return null;
        }
    }

    /** The same filters over another period (digests). */
    public InsightsQuery withPeriod(LocalDate newFrom, LocalDate newTo) {
        return new InsightsQuery(newFrom, newTo, service, severity);
    }
}
