package dev.aftermath.pagerduty;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code aftermath.pagerduty.*}: the webhook subscription's signing secret, who is recorded as commander of incidents
 * that arrive from PagerDuty, and how PagerDuty priorities (or, without a priority, urgencies) map to severities.
 */
@ConfigurationProperties("aftermath.pagerduty")
public record PagerDutyProperties(String secret, String commander, Map<String, String> priorities,
                                  Map<String, String> urgencies) {

    public PagerDutyProperties {
        priorities = priorities == null ? Map.of() : Map.copyOf(priorities);
        urgencies = urgencies == null ? Map.of() : Map.copyOf(urgencies);
    }
}
