package dev.aftermath.actionitem;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A stored action item with its history: the item JSON of the API. {@code ticket} is the URL of its issue in a tracker,
 * {@code ticketKey} the key (Jira) when the tracker integration created it.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ActionItem(String id, String incidentId, int number, String title, String owner, String priority,
                         LocalDate dueDate, ActionItemState state, int escalationLevel, String ticket,
                         String resolution, String rationale, List<HistoryEntry> history, String processInstanceId,
                         Instant createdAt, Instant updatedAt, Instant endedAt, String ticketKey) {

    /** One thing that happened to the item: when, who ({@code aftermath} for the ladder), what and why. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HistoryEntry(Instant at, String by, String action, String rationale) {

        /** The {@code by} of history entries the ladder writes by itself. */
        public static final String SYSTEM = "aftermath";

        /** An entry written now, by the one clock. */
        public static HistoryEntry now(Clock clock, String action, String by, String rationale) {
            return new HistoryEntry(clock.instant(), by, action, rationale);
        }
    }
}
