package dev.aftermath.document;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The post-mortem document: its sections by variable name, the timeline, the five whys, contributing factors, action
 * items, the people, the review meeting, who contributed to the timeline and the incident's metrics. It is stored as
 * JSON (in this component order, nulls left out), served by the API, checked by the quality gate and read by the
 * templates as {@code $doc}. {@code status} and {@code publishedAt} are not stored: the templates get them from the
 * stored post-mortem.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PostmortemDocument(String summary, String impact, String rootCause, String whatWentWell,
                                 String whatWentWrong, String lessonsLearned, String causeCategory, String meetingNotes,
                                 String reviewComments, List<TimelineEntry> timeline, List<String> whys,
                                 List<String> contributingFactors, List<ActionItem> actionItems, String author,
                                 String authorName, String facilitator, String facilitatorName, List<String> reviewers,
                                 Integer reviewRounds, Meeting meeting, List<TimelineContribution> timelineContributions,
                                 Metrics metrics, String status, String publishedAt) {

    /** A document with nothing in it. */
    public static final PostmortemDocument EMPTY = new PostmortemDocument(null, null, null, null, null, null, null,
            null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    /** A timeline entry: when (ISO-8601 as given), what, from where and who. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TimelineEntry(String at, String event, String source, String actor) {
    }

    /** An action item as the author wrote it; {@code ownerName} is the owner's display name. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ActionItem(String title, String owner, String ownerName, String dueDate, String priority) {
    }

    /** The review meeting: start and end (ISO-8601), its length, where, who, and why it is late (if it is). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Meeting(String start, Long durationMinutes, String end, String location, List<String> attendees,
                          String lateReason) {
    }

    /** Who added to the timeline before the meeting: how many entries, their notes, through which channels. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TimelineContribution(String contributor, String name, Integer entries, String notes, String via) {
    }

    /** Time to detect / engage / resolve and the duration, formatted ("1 h 47 min"), and the first three in minutes. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Metrics(String timeToDetect, String timeToEngage, String timeToResolve, String duration,
                          Long timeToDetectMinutes, Long timeToEngageMinutes, Long timeToResolveMinutes) {

        /** No incident known: no metrics. */
        public static final Metrics NONE = new Metrics(null, null, null, null, null, null, null);
    }

    /** This document with the given timeline (the gate checks the timeline in the author's order). */
    public PostmortemDocument withTimeline(List<TimelineEntry> entries) {
        return new PostmortemDocument(summary, impact, rootCause, whatWentWell, whatWentWrong, lessonsLearned,
                causeCategory, meetingNotes, reviewComments, entries, whys, contributingFactors, actionItems, author,
                authorName, facilitator, facilitatorName, reviewers, reviewRounds, meeting, timelineContributions,
                metrics, status, publishedAt);
    }

    /** This document with the given metrics ({@code null}: none). */
    public PostmortemDocument withMetrics(Metrics newMetrics) {
        return new PostmortemDocument(summary, impact, rootCause, whatWentWell, whatWentWrong, lessonsLearned,
                causeCategory, meetingNotes, reviewComments, timeline, whys, contributingFactors, actionItems, author,
                authorName, facilitator, facilitatorName, reviewers, reviewRounds, meeting, timelineContributions,
                newMetrics, status, publishedAt);
    }

    /** This document without its meeting (the draft as the attendees read it). */
    public PostmortemDocument withMeeting(Meeting newMeeting) {
        return new PostmortemDocument(summary, impact, rootCause, whatWentWell, whatWentWrong, lessonsLearned,
                causeCategory, meetingNotes, reviewComments, timeline, whys, contributingFactors, actionItems, author,
                authorName, facilitator, facilitatorName, reviewers, reviewRounds, newMeeting, timelineContributions,
                metrics, status, publishedAt);
    }

    /** This document with the stored post-mortem's status and publication time ({@code null}: not published). */
    public PostmortemDocument withPublication(String newStatus, String newPublishedAt) {
        return new PostmortemDocument(summary, impact, rootCause, whatWentWell, whatWentWrong, lessonsLearned,
                causeCategory, meetingNotes, reviewComments, timeline, whys, contributingFactors, actionItems, author,
                authorName, facilitator, facilitatorName, reviewers, reviewRounds, meeting, timelineContributions,
                metrics, newStatus, newPublishedAt);
    }

    /**
     * This document's people, meeting, review rounds, metrics and status with the written content of {@code content}:
     * the sections, timeline, whys, contributing factors, action items and who contributed (the version that passed
     * the quality gate, with the meeting as it stands now).
     */
    public PostmortemDocument withContentOf(PostmortemDocument content) {
        return new PostmortemDocument(content.summary, content.impact, content.rootCause, content.whatWentWell,
                content.whatWentWrong, content.lessonsLearned, content.causeCategory, content.meetingNotes,
                content.reviewComments, content.timeline, content.whys, content.contributingFactors,
                content.actionItems, author, authorName, facilitator, facilitatorName, reviewers, reviewRounds, meeting,
                content.timelineContributions, metrics, status, publishedAt);
    }

    /**
     * This (stored) document over {@code base}: each part that this document has wins, the others come from
     * {@code base} (a document stored before a part existed still renders it).
     */
    public PostmortemDocument over(PostmortemDocument base) {
        return new PostmortemDocument(or(summary, base.summary), or(impact, base.impact), or(rootCause, base.rootCause),
                or(whatWentWell, base.whatWentWell), or(whatWentWrong, base.whatWentWrong),
                or(lessonsLearned, base.lessonsLearned), or(causeCategory, base.causeCategory),
                or(meetingNotes, base.meetingNotes), or(reviewComments, base.reviewComments),
                or(timeline, base.timeline), or(whys, base.whys), or(contributingFactors, base.contributingFactors),
                or(actionItems, base.actionItems), or(author, base.author), or(authorName, base.authorName),
                or(facilitator, base.facilitator), or(facilitatorName, base.facilitatorName),
                or(reviewers, base.reviewers), or(reviewRounds, base.reviewRounds), or(meeting, base.meeting),
                or(timelineContributions, base.timelineContributions), or(metrics, base.metrics),
                or(status, base.status), or(publishedAt, base.publishedAt));
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    /** The action items, never {@code null}. */
    public List<ActionItem> actionItemList() {
        return actionItems == null ? List.of() : actionItems;
    }
}
