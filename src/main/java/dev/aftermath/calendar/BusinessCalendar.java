package dev.aftermath.calendar;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Business days in the configured zone ({@code aftermath.calendar.zone}): Saturdays, Sundays and the dates listed in
 * {@code aftermath.calendar.holidays} (ISO dates) are not business days.
 */
@Component
public class BusinessCalendar {

    private final ZoneId zone;
    private final Set<LocalDate> holidays;

    public BusinessCalendar(@Value("${aftermath.calendar.zone:UTC}") String zone,
                            @Value("${aftermath.calendar.holidays:}") List<String> holidays) {
        this.zone = ZoneId.of(zone);
        this.holidays = new TreeSet<>();
        for (String h : holidays) {
            if (h != null && !h.isBlank()) {
                this.holidays.add(LocalDate.parse(h.trim()));
            }
        }
    }

    public ZoneId zone() {
        return zone;
    }

    public boolean isBusinessDay(LocalDate date) {
        return date.getDayOfWeek() != DayOfWeek.SATURDAY && date.getDayOfWeek() != DayOfWeek.SUNDAY
                && !holidays.contains(date);
    }

    /**
     * {@code start} plus {@code days} business days, at the same local time: Friday 10:00 + 1 = Monday 10:00. A start
     * outside business days counts from the next business day's same time.
     */
    public Instant plusBusinessDays(Instant start, int days) {
        ZonedDateTime t = rollForward(start).atZone(zone);
        int added = 0;
        while (added < days) {
            t = t.plusDays(1);
            if (isBusinessDay(t.toLocalDate())) {
                added++;
            }
        }
        return t.toInstant();
    }

    /** A deadline that lands on a weekend or holiday moves to the same local time on the next business day. */
    public Instant rollForward(Instant instant) {
        ZonedDateTime t = instant.atZone(zone);
        while (!isBusinessDay(t.toLocalDate())) {
            t = t.plusDays(1);
        }
        return t.toInstant();
    }
}
