package dev.aftermath.library;

import java.time.Instant;

/** One published post-mortem in the library list. */
public record LibraryEntry(String incidentId, String title, String service, String severity, String symptom,
                           String causeCategory, String summary, Instant startedAt, Instant resolvedAt,
                           Instant publishedAt, boolean restricted, String restrictedReason) {

    /** The incident's date: when it started, else when it was resolved. */
    public Instant date() {
        return startedAt != null ? startedAt : resolvedAt;
    }
}
