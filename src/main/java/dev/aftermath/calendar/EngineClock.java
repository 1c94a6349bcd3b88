package dev.aftermath.calendar;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.camunda.bpm.engine.impl.util.ClockUtil;

/**
 * The one clock of Aftermath: the engine's ({@link ClockUtil}), which its timers follow. In production it is the
 * system clock; a test that moves engine time ({@code ClockUtil.setCurrentTime}) moves every deadline, "days overdue"
 * and {@code publishedAt} with it. Inject {@link Clock} and call {@code clock.instant()} or {@code X.now(clock)}; an
 * architecture rule forbids reading the wall clock anywhere else.
 */
public final class EngineClock extends Clock {

    private final ZoneId zone;

    public EngineClock() {
        this(ZoneOffset.UTC);
    }

    private EngineClock(ZoneId zone) {
        this.zone = zone;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return zone.equals(this.zone) ? this : new EngineClock(zone);
    }

    @Override
    public Instant instant() {
        return ClockUtil.now().toInstant();
    }

    @Override
    public long millis() {
        return ClockUtil.now().getTime();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EngineClock c && c.zone.equals(zone);
    }

    @Override
    public int hashCode() {
        return zone.hashCode() + 1;
    }

    @Override
    public String toString() {
        return "EngineClock[" + zone + "]";
    }
}
