package dev.aftermath.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class BusinessCalendarTest {

    private final BusinessCalendar utc = new BusinessCalendar("UTC", List.of("2026-12-25", "2026-12-28"));

    @Test
    void friday_plus_one_business_day_is_monday_at_the_same_time() {
        // 2026-11-20 is a Friday
        assertThat(utc.plusBusinessDays(Instant.parse("2026-11-20T10:15:00Z"), 1))
                .isEqualTo(Instant.parse("2026-11-23T10:15:00Z"));
    }

    @Test
    void five_business_days_skip_one_weekend() {
        assertThat(utc.plusBusinessDays(Instant.parse("2026-11-18T09:00:00Z"), 5))
                .isEqualTo(Instant.parse("2026-11-25T09:00:00Z"));
    }

    @Test
    void holidays_are_skipped() {
        // Thursday 24 Dec + 1 business day: Fri 25 (holiday), weekend, Mon 28 (holiday) -> Tue 29
        assertThat(utc.plusBusinessDays(Instant.parse("2026-12-24T12:00:00Z"), 1))
                .isEqualTo(Instant.parse("2026-12-29T12:00:00Z"));
    }

    @Test
    void a_deadline_on_a_weekend_or_holiday_rolls_forward_to_the_same_time() {
        assertThat(utc.rollForward(Instant.parse("2026-11-21T18:00:00Z"))).isEqualTo(Instant.parse("2026-11-23T18:00:00Z"));
        assertThat(utc.rollForward(Instant.parse("2026-12-25T08:00:00Z"))).isEqualTo(Instant.parse("2026-12-29T08:00:00Z"));
        assertThat(utc.rollForward(Instant.parse("2026-11-24T08:00:00Z"))).isEqualTo(Instant.parse("2026-11-24T08:00:00Z"));
    }

    @Test
    void a_start_on_a_weekend_counts_from_the_next_business_day() {
        assertThat(utc.plusBusinessDays(Instant.parse("2026-11-21T10:00:00Z"), 1))
                .isEqualTo(Instant.parse("2026-11-24T10:00:00Z"));
    }

    @Test
    void the_business_day_is_that_of_the_configured_zone() {
        BusinessCalendar tokyo = new BusinessCalendar("Asia/Tokyo", List.of());
        // Friday 23:30 UTC is already Saturday 08:30 in Tokyo: not a business day there, but one in UTC
        Instant fridayNightUtc = Instant.parse("2026-11-20T23:30:00Z");
        assertThat(utc.rollForward(fridayNightUtc)).isEqualTo(fridayNightUtc);
        assertThat(tokyo.rollForward(fridayNightUtc)).isEqualTo(Instant.parse("2026-11-22T23:30:00Z"));
        // Sunday 20:00 UTC is Monday 05:00 in Tokyo: a business day there
        Instant sundayEveningUtc = Instant.parse("2026-11-22T20:00:00Z");
        assertThat(tokyo.rollForward(sundayEveningUtc)).isEqualTo(sundayEveningUtc);
        assertThat(utc.rollForward(sundayEveningUtc)).isEqualTo(Instant.parse("2026-11-23T20:00:00Z"));
    }

    @Test
    void daylight_saving_keeps_the_local_time() {
        BusinessCalendar berlin = new BusinessCalendar("Europe/Berlin", List.of());
        // Friday 2026-10-23 10:00 CEST (+02) + 5 business days = Friday 2026-10-30 10:00 CET (+01), after the switch
        assertThat(berlin.plusBusinessDays(Instant.parse("2026-10-23T08:00:00Z"), 5))
                .isEqualTo(Instant.parse("2026-10-30T09:00:00Z"));
    }
}
