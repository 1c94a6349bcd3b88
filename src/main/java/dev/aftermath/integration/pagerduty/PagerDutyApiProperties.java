package dev.aftermath.integration.pagerduty;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code aftermath.pagerduty.api.*}: the PagerDuty REST API for the note that links a PagerDuty incident to its
 * published post-mortem. Without {@code key} no note is added. Read at every call.
 */
@ConfigurationProperties("aftermath.pagerduty.api")
public class PagerDutyApiProperties {

    private String baseUrl = "https://api.pagerduty.com";
    /** A REST API key (account or user token). */
    private String key = "";
    /** The e-mail address of a PagerDuty user, sent as {@code From} (required for notes). */
    private String from = "";

    public boolean active() {
        return key != null && !key.isBlank() && baseUrl != null && !baseUrl.isBlank();
    }

    public String base() {
        return baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    public String getBaseUrl() {
        return baseUrl;
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl == null || baseUrl.isBlank() ? "https://api.pagerduty.com" : baseUrl.trim();
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key == null ? "" : key.trim();
    }

    public String getFrom() {
        return from;
    }

    public void setFrom(String from) {
        this.from = from == null ? "" : from.trim();
    }
}
