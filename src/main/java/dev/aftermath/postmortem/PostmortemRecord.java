package dev.aftermath.postmortem;

import java.time.Instant;
import java.util.Map;

/** A stored post-mortem: its status, the document (sections by variable name) and, once published, its renderings. */
public record PostmortemRecord(String incidentId, PostmortemStatus status, Map<String, Object> document,
                               int reviewRounds, String markdown, String html, Instant createdAt, Instant updatedAt,
                               Instant publishedAt) {
}
