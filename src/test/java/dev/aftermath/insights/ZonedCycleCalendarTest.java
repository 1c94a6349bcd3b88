package dev.aftermath.insights;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;

import org.junit.jupiter.api.Test;

import dev.aftermath.calendar.ZonedCycleCalendarPlugin.ZonedCycleCalendar;

/** Cron cycles of the digests run in the calendar zone, daylight saving time included. */
class ZonedCycleCalendarTest {

    private static Instant next(String zone, String cron, String from) {
        return new ZonedCycleCalendar(ZoneId.of(zone)).resolveDuedate(cron, Date.from(Instant.parse(from)), 0)
                .toInstant();
    }

    @Test
    void monday_nine_in_the_calendar_zone() {
        // Berlin in winter is UTC+1, in summer UTC+2
        assertThat(next("Europe/Berlin", "0 0 9 ? * MON", "2026-11-29T12:00:00Z"))
                .isEqualTo(Instant.parse("2026-11-30T08:00:00Z"));
        assertThat(next("Europe/Berlin", "0 0 9 ? * MON", "2026-06-28T12:00:00Z"))
                .isEqualTo(Instant.parse("2026-06-29T07:00:00Z"));
        assertThat(next("UTC", "0 0 9 ? * MON", "2026-11-30T09:00:00Z"))
                .isEqualTo(Instant.parse("2026-12-07T09:00:00Z"));
        // the quarterly cycle: days 1-7 of January, April, July and October
        assertThat(next("UTC", "0 0 9 1-7 JAN,APR,JUL,OCT ?", "2026-11-29T12:00:00Z"))
                .isEqualTo(Instant.parse("2027-01-01T09:00:00Z"));
        assertThat(next("UTC", "0 0 9 1-7 JAN,APR,JUL,OCT ?", "2027-01-07T09:00:00Z"))
                .isEqualTo(Instant.parse("2027-04-01T09:00:00Z"));
        // ISO 8601 repeating intervals stay Camunda's
        assertThat(next("UTC", "R/2026-12-01T10:00:00Z/P1D", "2026-11-29T12:00:00Z"))
                .isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
    }
}
