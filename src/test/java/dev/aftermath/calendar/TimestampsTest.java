package dev.aftermath.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class TimestampsTest {

    private static final Instant AT = Instant.parse("2026-11-20T14:23:00Z");

    @Test
    void readsUtcAndOffsets() {
        assertThat(Timestamps.parse("2026-11-20T14:23:00Z")).isEqualTo(AT);
        assertThat(Timestamps.parse("2026-11-20T15:23:00+01:00")).isEqualTo(AT);
        assertThat(Timestamps.parse("2026-11-20T14:23:00.000Z")).isEqualTo(AT);
        assertThat(Timestamps.parse("2026-11-20T14:23Z")).isEqualTo(AT);
    }

    @Test
    void toleratesSurroundingBlanks() {
        assertThat(Timestamps.parse("  2026-11-20T14:23:00Z \n")).isEqualTo(AT);
    }

    @Test
    void leapSecondAsInstantParseReadsIt() {
        assertThat(Timestamps.parse("2026-12-31T23:59:60Z")).isEqualTo(Instant.parse("2026-12-31T23:59:59Z"));
    }

    @Test
    void noTimeForBlankOrOtherText() {
        assertThat(Timestamps.parse(null)).isNull();
        assertThat(Timestamps.parse("")).isNull();
        assertThat(Timestamps.parse("   ")).isNull();
        assertThat(Timestamps.parse("yesterday at 3")).isNull();
        assertThat(Timestamps.parse("2026-11-20")).isNull();
        assertThat(Timestamps.parse("2026-11-20T14:23:00")).isNull();
    }
}
