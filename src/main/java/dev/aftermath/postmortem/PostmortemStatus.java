package dev.aftermath.postmortem;

public enum PostmortemStatus {
    /** Generated from the incident; the author is writing it. */
    DRAFT,
    /** Written; in the review meeting, finalisation or approval. */
    IN_REVIEW,
    /** Approved and published. */
    PUBLISHED
}
