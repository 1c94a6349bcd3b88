package dev.aftermath.incident;

import java.time.Instant;

/** One line of the incident timeline. */
public record TimelineEntry(Instant at, String event, String source, String actor) {
}
