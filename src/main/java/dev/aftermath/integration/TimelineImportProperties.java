package dev.aftermath.integration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code aftermath.timeline-import.*}: which sources give timeline candidates when a draft is generated, and how.
 * Read at every import.
 */
@ConfigurationProperties("aftermath.timeline-import")
public class TimelineImportProperties {

    private final Slack slack = new Slack();
    private final PagerDuty pagerduty = new PagerDuty();

    public Slack getSlack() {
        return slack;
    }

    public PagerDuty getPagerduty() {
        return pagerduty;
    }

    /** Which messages of the incident's channel. */
    public enum Mode {
        /** The channel's pinned messages (pins.list) first, then every message in the incident window. */
        PINNED_FIRST,
        /** Only the pinned messages. */
        PINNED_ONLY,
        /** Every message in the incident window, none marked pinned. */
        ALL
    }

    /** The incident's Slack channel ({@code conversations.history}, {@code pins.list}, {@code users.info}). */
    public static class Slack {
        private boolean enabled = true;
        private Mode mode = Mode.PINNED_FIRST;
        private int pageSize = 200;
        /** Messages this long before the incident started and after it was resolved still count. */
        private Duration margin = Duration.ofMinutes(30);
        /** Message subtypes that are not timeline material (joins, topic changes, …). */
        private List<String> skipSubtypes = new ArrayList<>();

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Mode getMode() {
            return mode;
        }

        public void setMode(Mode mode) {
            this.mode = mode == null ? Mode.PINNED_FIRST : mode;
        }

        public int getPageSize() {
            return pageSize;
        }

        public void setPageSize(int pageSize) {
            this.pageSize = Math.max(1, Math.min(pageSize, 999));
        }

        public Duration getMargin() {
            return margin;
        }

        public void setMargin(Duration margin) {
            this.margin = margin == null ? Duration.ZERO : margin;
        }

        public List<String> getSkipSubtypes() {
            return skipSubtypes;
        }

        public void setSkipSubtypes(List<String> skipSubtypes) {
            this.skipSubtypes = skipSubtypes == null ? new ArrayList<>() : new ArrayList<>(skipSubtypes);
        }
    }

    /** The PagerDuty incident's log entries ({@code GET /incidents/{id}/log_entries}). */
    public static class PagerDuty {
        private boolean enabled = true;
        private int pageSize = 100;
        /** Only PagerDuty's overview entries (trigger, acknowledge, resolve, notes, …), not every notification. */
        private boolean overview = false;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public int getPageSize() {
            return pageSize;
        }

        public void setPageSize(int pageSize) {
            this.pageSize = Math.max(1, Math.min(pageSize, 100));
        }

        public boolean isOverview() {
            return overview;
        }

        public void setOverview(boolean overview) {
            this.overview = overview;
        }
    }
}
