package dev.aftermath.postmortem;

import java.time.Instant;

import dev.aftermath.document.PostmortemDocument;

/** A stored post-mortem: its status, the document (sections by variable name) and, once published, its renderings. */
public record PostmortemRecord(String incidentId, PostmortemStatus status, PostmortemDocument document,
                               int reviewRounds, String markdown, String html, Instant createdAt, Instant updatedAt,
                               Instant publishedAt) {
}
