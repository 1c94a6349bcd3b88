package dev.aftermath.template;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.aftermath.calendar.Deadlines;
import dev.aftermath.directory.UserDirectory;

/** The {@code $fmt} every mail, page and document gets: the calendar zone and people's display names. */
@Configuration(proxyBeanMethods = false)
public class FormatsConfiguration {

    @Bean
    public Formats formats(Deadlines deadlines, UserDirectory directory) {
        return new Formats(deadlines.zone(), directory::displayName);
    }
}
