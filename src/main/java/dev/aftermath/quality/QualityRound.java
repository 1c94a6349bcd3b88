package dev.aftermath.quality;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One run of the quality gate on a post-mortem: its stage, verdict and findings. */
public record QualityRound(int round, QualityStage stage, Verdict verdict, int blocking, int warnings,
                           boolean acknowledged, List<Map<String, Object>> findings, Instant checkedAt) {

    public enum Verdict {
        PASSED,
        SENT_BACK
    }
}
