package dev.aftermath.postmortem;

import java.time.Instant;
import java.util.List;

import dev.aftermath.incident.Incident;

/**
 * A source of timeline candidates, imported when the draft is generated (port; adapters: the incident's Slack channel
 * in {@code integration.slack}, the PagerDuty incident's log entries in {@code integration.pagerduty}). A source
 * answers what it has; a failure is an exception, and the import step retries it.
 */
public interface TimelineCandidateSource {

    /** The source's name, stored with each candidate ({@code slack}, {@code pagerduty}). */
    String name();

    /** True when the source is configured and has something for this incident (a channel, a PagerDuty link). */
    boolean appliesTo(Incident incident);

    /** The source's entries for the incident; {@code sourceId} is unique within the source. */
    List<Candidate> candidates(Incident incident);

    /**
     * One entry: {@code actor} is a directory user id when the source's person is known by e-mail, else the raw
     * name; {@code link} the message permalink or the log entry's URL; {@code pinned} listed first.
     */
    record Candidate(String sourceId, Instant at, String actor, String text, String link, boolean pinned) {
    }
}
