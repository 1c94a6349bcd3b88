package dev.aftermath.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.Date;

import org.junit.jupiter.api.Test;

/** Dates in mails and forms are written for people, in the calendar zone. */
class FormatsTest {

    private final Formats utc = new Formats(ZoneId.of("UTC"), id -> id);
    private final Formats berlin = new Formats(ZoneId.of("Europe/Berlin"), id -> id);

    @Test
    void instants_are_written_with_weekday_day_month_year_time_and_zone() {
        assertThat(utc.time("2026-12-01T11:43:00Z")).isEqualTo("Tue 1 Dec 2026, 11:43 UTC");
        assertThat(utc.time(Date.from(java.time.Instant.parse("2026-12-01T11:43:00Z"))))
                .isEqualTo("Tue 1 Dec 2026, 11:43 UTC");
        assertThat(berlin.time("2026-12-01T11:43:00Z")).isEqualTo("Tue 1 Dec 2026, 12:43 Europe/Berlin");
        assertThat(utc.time(null)).isEqualTo("—");
    }

    @Test
    void days_are_written_with_the_weekday() {
        assertThat(utc.date("2026-12-24")).isEqualTo("Thu 24 Dec 2026");
        assertThat(berlin.date("2026-12-31T23:30:00Z")).isEqualTo("Fri 1 Jan 2027");
    }

    @Test
    void the_time_of_day_and_the_zone_are_written_as_the_times_name_them() {
        assertThat(utc.clock("2026-12-06T14:02:00Z")).isEqualTo("14:02");
        assertThat(berlin.clock("2026-12-06T14:02:00Z")).isEqualTo("15:02");
        assertThat(utc.zone()).isEqualTo("UTC");
        assertThat(berlin.zone()).isEqualTo("Europe/Berlin");
        assertThat(utc.clock(null)).isEqualTo("—");
    }

    @Test
    void a_due_date_reads_as_a_day_and_an_odd_one_as_it_was_written() {
        assertThat(utc.day("2026-12-20")).isEqualTo("Sun 20 Dec 2026");
        assertThat(utc.day(" 2027-01-15 ")).isEqualTo("Fri 15 Jan 2027");
        assertThat(utc.day(java.time.LocalDate.of(2026, 12, 24))).isEqualTo("Thu 24 Dec 2026");
        assertThat(utc.day("end of sprint 42")).isEqualTo("end of sprint 42");
        assertThat(utc.day("2026-13-45")).isEqualTo("2026-13-45");
        assertThat(utc.day(null)).isEmpty();
        assertThat(utc.day("  ")).isEmpty();
    }
}
