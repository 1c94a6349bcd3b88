package dev.aftermath.actionitem;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The ladder's rules over plain values: no Spring, no engine. */
class ActionItemLadderRulesTest {

    private static final Instant DUE_AT = Instant.parse("2026-03-01T23:59:59.999Z");

    @Test
    void daysOverdueCountWholeDaysAfterTheEndOfTheDueDay() {
        assertThat(ActionItemLadder.daysOverdue(DUE_AT, DUE_AT.minusSeconds(3600))).isZero();
        assertThat(ActionItemLadder.daysOverdue(DUE_AT, DUE_AT.plusSeconds(3600))).isZero();
        assertThat(ActionItemLadder.daysOverdue(DUE_AT, Instant.parse("2026-03-15T12:00:00Z"))).isEqualTo(13);
    }

    @Test
    void theTrackerHearsOfRemindersOverdueAndEscalations() {
        assertThat(ActionItemLadder.trackerTemplate("REMINDED", null)).isEqualTo("reminder");
        assertThat(ActionItemLadder.trackerTemplate("OVERDUE", 1)).isEqualTo("overdue");
        assertThat(ActionItemLadder.trackerTemplate("ESCALATED", 3)).isEqualTo("escalated");
        assertThat(ActionItemLadder.trackerTemplate("ESCALATED", 4)).isEqualTo("decision-needed");
        assertThat(ActionItemLadder.trackerTemplate("ESCALATED", null)).isEqualTo("escalated");
        assertThat(ActionItemLadder.trackerTemplate("FOLLOWED_UP", 2)).isNull();
        assertThat(ActionItemLadder.trackerTemplate(null, 2)).isNull();
    }

    @Test
    void blankValuesReadAsNothingAndTextIsTrimmed() {
        assertThat(ActionItemLadder.string(null)).isNull();
        assertThat(ActionItemLadder.string("  ")).isNull();
        assertThat(ActionItemLadder.string(" Jira ")).isEqualTo("Jira");
        assertThat(ActionItemLadder.string(3)).isEqualTo("3");
    }
}
