package dev.aftermath.calendar;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@link Clock} bean every service reads time from: the engine's clock ({@link EngineClock}). */
@Configuration(proxyBeanMethods = false)
public class ClockConfiguration {

    @Bean
    public Clock clock() {
        return new EngineClock();
    }
}
