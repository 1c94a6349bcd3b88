package dev.aftermath.quality;

/** Where the gate runs: after the draft is written, or after the document is finalised. */
public enum QualityStage {
    DRAFT,
    FINAL
}
