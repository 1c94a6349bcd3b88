package dev.aftermath.insights;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The answer of {@code GET /api/insights}: every field is always present (a mean over nothing is {@code null}). Means,
 * medians and percentages carry one decimal. See README "Insights" for the exact definitions.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record InsightsReport(Period period, Incidents incidents, Postmortems postmortems, ActionItems actionItems,
                             List<CauseCount> causeCategories, List<Recurrence> recurrences, List<Month> trend,
                             List<TargetResult> targets) {

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Period(String from, String to, String service, String severity, String zone) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Incidents(long count, Map<String, Long> bySeverity, Double mttdMinutes, Double mtteMinutes,
                            Double mttrMinutes, List<ServiceCount> byService) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ServiceCount(String service, long count, Double mttrMinutes) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Postmortems(long required, long published, long publishedOnTime, Double onTimePercent,
                              Double medianHoursToPublish, Double medianHoursToMeeting, Double meanReviewRounds,
                              Double meanQualityRounds, Double rootCauseIdentifiedPercent, Double meanActionItems) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ActionItems(long total, long open, Map<String, Long> overdueByLevel, long done, long doneOnTime,
                              Double completionRatePercent, Double highCompletionPercent, long dropped,
                              Double meanDaysToComplete, List<OwnerCount> byOwner) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record OwnerCount(String owner, long open, long overdue, long done) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record CauseCount(String quarter, String category, long count) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Recurrence(String service, String symptom, String postmortemId, String publishedAt,
                             long occurrencesAfter) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Month(String month, long incidents, Double mttrMinutes, long published, Double onTimePercent,
                        Double completionRatePercent) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record TargetResult(String name, String metric, String target, Double actual, Boolean met) {
    }
}
