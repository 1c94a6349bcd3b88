package dev.aftermath.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.aftermath.calendar.BusinessCalendar;
import dev.aftermath.incident.IncidentState;

/** How the policy table's outcome is recorded: plain rules, no engine. */
class PolicyRulesTest {

    /** A Friday afternoon. */
    private static final Instant RESOLVED = Instant.parse("2026-11-20T15:00:00Z");

    private final PolicyRules rules = new PolicyRules(new BusinessCalendar("UTC", List.of("2026-11-23")));

    @Test
    void deadlines_count_from_the_resolution_and_roll_past_weekends_and_holidays() {
        PolicyRules.Decision d = rules.decide("INC-1", Map.of("requirement", "REQUIRED", "reason", "SEV1",
                "publishWithinHours", 24, "meetingWithinHours", 12.5), RESOLVED);
        assertThat(d.requirement()).isEqualTo("REQUIRED");
        assertThat(d.format()).isEqualTo(PolicyService.FULL);
        assertThat(d.state()).isEqualTo(IncidentState.POSTMORTEM_IN_PROGRESS);
        // Saturday 15:00 and Saturday 03:30 roll to the next business day (Monday is a holiday)
        assertThat(d.publishDeadline()).isAfter(Instant.parse("2026-11-24T00:00:00Z"));
        assertThat(d.meetingDeadline()).isAfter(Instant.parse("2026-11-24T00:00:00Z"));
    }

    @Test
    void the_business_days_rule_wins_when_it_is_earlier() {
        PolicyRules.Decision byHours = rules.decide("INC-1", Map.of("requirement", "REQUIRED",
                "publishWithinHours", 240, "meetingWithinHours", 240), RESOLVED);
        PolicyRules.Decision withDays = rules.decide("INC-1", Map.of("requirement", "REQUIRED",
                "publishWithinHours", 240, "meetingWithinHours", 240, "meetingWithinBusinessDays", 2), RESOLVED);
        assertThat(withDays.meetingDeadline()).isBefore(byHours.meetingDeadline());
        assertThat(withDays.publishDeadline()).isEqualTo(byHours.publishDeadline());
    }

    @Test
    void no_deadlines_when_no_postmortem_is_due() {
        PolicyRules.Decision d = rules.decide("INC-1", Map.of("requirement", "NOT_REQUIRED", "format", "LIGHTWEIGHT"),
                RESOLVED);
        assertThat(d.publishDeadline()).isNull();
        assertThat(d.meetingDeadline()).isNull();
        assertThat(d.reason()).isEqualTo("NOT_REQUIRED");
        assertThat(d.format()).isEqualTo("LIGHTWEIGHT");
        assertThat(d.state()).isEqualTo(IncidentState.NO_POSTMORTEM);
        assertThat(rules.decide("INC-1", Map.of("requirement", "TEAM_DECISION", "publishWithinHours", 1,
                "meetingWithinHours", 1), RESOLVED).state()).isEqualTo(IncidentState.AWAITING_TEAM_DECISION);
    }

    @Test
    void a_table_without_requirement_or_hours_is_an_error_naming_the_incident() {
        assertThatThrownBy(() -> rules.decide("INC-9", Map.of(), RESOLVED)).hasMessageContaining("INC-9");
        assertThatThrownBy(() -> rules.decide("INC-9", Map.of("requirement", "REQUIRED"), RESOLVED))
                .hasMessageContaining("publishWithinHours").hasMessageContaining("INC-9");
    }

    @Test
    void the_team_decision_extends_the_reason() {
        assertThat(PolicyRules.teamDecisionReason("SEV3", true, "customer-facing"))
                .isEqualTo("SEV3 — team decision: post-mortem (customer-facing)");
        assertThat(PolicyRules.teamDecisionReason("SEV3", false, "known cause"))
                .isEqualTo("SEV3 — team decision: no post-mortem (known cause)");
    }
}
