package dev.aftermath.process;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The engine's history cleanup runs every night in a batch window ({@code aftermath.history-cleanup.window-start} /
 * {@code window-end}, HH:mm in the business calendar's zone {@code aftermath.calendar.zone}); it removes the history
 * of instances whose diagram's {@code historyTimeToLive} has passed since they ended. Camunda reads the window in the
 * server's time zone, so the times are converted once at start-up.
 */
@Component
public class HistoryCleanupWindow extends AbstractProcessEnginePlugin {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryCleanupWindow.class);
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    private final LocalTime start;
    private final LocalTime end;
    private final ZoneId zone;
    private final Clock clock;

    public HistoryCleanupWindow(@Value("${aftermath.history-cleanup.window-start:01:00}") String start,
                                @Value("${aftermath.history-cleanup.window-end:05:00}") String end,
                                @Value("${aftermath.calendar.zone:UTC}") String zone, Clock clock) {
        this.clock = clock;
        this.start = time("aftermath.history-cleanup.window-start", start);
        this.end = time("aftermath.history-cleanup.window-end", end);
        this.zone = ZoneId.of(zone);
    }

    private static LocalTime time(String property, String value) {
        try {
            return LocalTime.parse(value.trim(), HH_MM);
        } catch (DateTimeParseException e) {
            throw new IllegalStateException(property + " must be a time HH:mm, not '" + value + "'");
        }
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.setHistoryCleanupBatchWindowStartTime(serverTime(start));
        configuration.setHistoryCleanupBatchWindowEndTime(serverTime(end));
        LOG.info("History cleanup window {}–{} ({}), {}–{} server time", start, end, zone,
                configuration.getHistoryCleanupBatchWindowStartTime(),
                configuration.getHistoryCleanupBatchWindowEndTime());
    }

    /** The time of day in the server's zone (as Camunda reads it) that is {@code time} today in the calendar zone. */
    String serverTime(LocalTime time) {
        return time.atDate(LocalDate.now(clock.withZone(zone))).atZone(zone).withZoneSameInstant(ZoneId.systemDefault())
                .toLocalTime().format(HH_MM);
    }
}
