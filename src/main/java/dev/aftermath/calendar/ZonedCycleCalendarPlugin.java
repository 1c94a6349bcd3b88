package dev.aftermath.calendar;

import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Date;

import org.camunda.bpm.engine.impl.calendar.BusinessCalendarManager;
import org.camunda.bpm.engine.impl.calendar.CycleBusinessCalendar;
import org.camunda.bpm.engine.impl.calendar.MapBusinessCalendarManager;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Component;

/**
 * Cron timer cycles in the diagrams ({@code 0 0 9 ? * MON}) run in the calendar zone ({@code aftermath.calendar.zone})
 * rather than the JVM's default zone: the engine's "cycle" business calendar is replaced by one that evaluates cron
 * expressions (the same Spring 5.3 syntax Camunda uses) in that zone, daylight saving time included. ISO 8601
 * repeating intervals ({@code R/...}) are left to Camunda.
 */
@Component
public class ZonedCycleCalendarPlugin extends AbstractProcessEnginePlugin {

    private final ZoneId zone;
    private final Clock clock;

    public ZonedCycleCalendarPlugin(BusinessCalendar calendar, Clock clock) {
        this.zone = calendar.zone();
        this.clock = clock;
    }

    @Override
    public void postInit(ProcessEngineConfigurationImpl configuration) {
        BusinessCalendarManager manager = configuration.getBusinessCalendarManager();
        if (manager instanceof MapBusinessCalendarManager map) {
            map.addBusinessCalendar(CycleBusinessCalendar.NAME, new ZonedCycleCalendar(zone, clock));
        } else {
            throw new IllegalStateException("Unexpected business calendar manager " + manager);
        }
    }

    /** Camunda's cycle calendar with cron expressions evaluated in a zone. */
    public static class ZonedCycleCalendar extends CycleBusinessCalendar {

        private final ZoneId zone;
        private final Clock clock;

        public ZonedCycleCalendar(ZoneId zone) {
            this(zone, new EngineClock());
        }

        public ZonedCycleCalendar(ZoneId zone, Clock clock) {
            this.zone = zone;
            this.clock = clock;
        }

        @Override
        public Date resolveDuedate(String expression, Date startDate, long repeatOffset) {
            if (expression.startsWith("R")) {
                return super.resolveDuedate(expression, startDate, repeatOffset);
            }
            Date from = startDate == null ? Date.from(clock.instant()) : startDate;
            ZonedDateTime next = CronExpression.parse(expression.trim())
                    .next(ZonedDateTime.ofInstant(from.toInstant(), zone));
            if (next == null) {
                throw new IllegalArgumentException("Cron expression '" + expression + "' never fires again");
            }
            return Date.from(next.toInstant());
        }
    }
}
