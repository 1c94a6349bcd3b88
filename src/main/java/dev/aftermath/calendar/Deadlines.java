package dev.aftermath.calendar;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;

import org.springframework.stereotype.Component;

/**
 * Date arithmetic for timer and due-date expressions in the diagrams ({@code ${deadlines...}}). Every duration and
 * fraction is an argument written in the diagram or the decision table; this class only does the arithmetic.
 */
@Component("deadlines")
public class Deadlines {

    private final ZoneId zone;
    private final BusinessCalendar calendar;
    private final Clock clock;

    public Deadlines(BusinessCalendar calendar, Clock clock) {
        this.calendar = calendar;
        this.clock = clock;
        this.zone = calendar.zone();
    }

    public ZoneId zone() {
        return zone;
    }

    /** {@code start} plus a number of business days (weekends and configured holidays skipped). */
    public Date plusBusinessDays(Object start, Number days) {
        return Date.from(calendar.plusBusinessDays(instant(start), days.intValue()));
    }

    /** A deadline on a weekend or holiday moves to the same time on the next business day. */
    public Date rollForward(Object deadline) {
        return Date.from(calendar.rollForward(instant(deadline)));
    }

    /** {@code start} plus an ISO-8601 duration written in the diagram, e.g. {@code 'PT24H'}. */
    public Date plus(Object start, String isoDuration) {
        return Date.from(instant(start).plus(Duration.parse(isoDuration)));
    }

    /** {@code start} minus an ISO-8601 duration written in the diagram, e.g. {@code 'PT24H'}. */
    public Date minus(Object start, String isoDuration) {
        return Date.from(instant(start).minus(Duration.parse(isoDuration)));
    }

    /** Now plus an ISO-8601 duration: due dates such as "24 h after the meeting". */
    public Date fromNow(String isoDuration) {
        return Date.from(clock.instant().plus(Duration.parse(isoDuration)));
    }

    /** The point at which {@code fraction} of the window from {@code start} to {@code end} has passed. */
    public Date fractionOf(Object start, Object end, Number fraction) {
        Instant s = instant(start);
        Instant e = instant(end);
        long millis = Math.round(Duration.between(s, e).toMillis() * fraction.doubleValue());
        return Date.from(s.plusMillis(millis));
    }

    /** Whether {@code instant} lies more than an ISO-8601 duration from now (e.g. the meeting more than 24 h away). */
    public boolean isMoreThanAway(Object instant, String isoDuration) {
        return instant(instant).isAfter(clock.instant().plus(Duration.parse(isoDuration)));
    }

    /** The end of a calendar day (YYYY-MM-DD) in the configured zone: when a dated item falls due. */
    public Date endOfDay(String isoDate) {
        return Date.from(LocalDate.parse(isoDate).plusDays(1).atStartOfDay(zone).toInstant().minusMillis(1));
    }

    public static Instant instant(Object value) {
        if (value instanceof Date d) {
            return d.toInstant();
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof String s) {
            return java.time.OffsetDateTime.parse(s).toInstant();
        }
        throw new IllegalArgumentException("Not a point in time: " + value);
    }
}
