package dev.aftermath.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileInputStream;
import java.io.InputStream;
import java.util.Map;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionResultEntries;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The decision table processes/postmortem-policy.dmn, rule by rule and at its boundaries. */
class PolicyTableTest {

    private static DmnEngine engine;
    private static DmnDecision decision;

    @BeforeAll
    static void parse() throws Exception {
        engine = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();
        try (InputStream in = new FileInputStream("processes/postmortem-policy.dmn")) {
            decision = engine.parseDecision("postmortem-policy", in);
        }
    }

    private static VariableMap incident(String severity) {
        return Variables.createVariables().putValue("severity", severity).putValue("usersAffectedPercent", null)
                .putValue("dataLoss", false).putValue("securityIncident", false).putValue("slaBreached", false)
                .putValue("nearMiss", false).putValue("recurrence", 1).putValue("symptom", "db-pool-exhausted")
                .putValue("recurrenceWindowDays", 90L);
    }

    private static DmnDecisionResultEntries decide(VariableMap vars) {
        return engine.evaluateDecision(decision, vars).getSingleResult();
    }

    private static void assertDecision(DmnDecisionResultEntries r, String requirement, Integer publishHours,
                                       Integer meetingHours, String format, String reasonPart) {
        Map<String, Object> m = r.getEntryMap();
        assertThat(m.get("requirement")).isEqualTo(requirement);
        assertThat(m.get("publishWithinHours") == null ? null : ((Number) m.get("publishWithinHours")).intValue())
                .isEqualTo(publishHours);
        assertThat(m.get("meetingWithinHours") == null ? null : ((Number) m.get("meetingWithinHours")).intValue())
                .isEqualTo(meetingHours);
        assertThat(m.get("format")).isEqualTo(format);
        assertThat((String) m.get("reason")).contains(reasonPart);
        if (!"NOT_REQUIRED".equals(requirement)) {
            assertThat(((Number) m.get("meetingWithinBusinessDays")).intValue()).isEqualTo(5);
        }
    }

    @Test
    void sev1_is_always_required_within_48_hours() {
        assertDecision(decide(incident("SEV1")), "REQUIRED", 48, 48, "FULL", "SEV1");
    }

    @Test
    void sev2_is_always_required_within_72_hours() {
        assertDecision(decide(incident("SEV2")), "REQUIRED", 72, 72, "FULL", "SEV2");
    }

    @Test
    void more_than_one_percent_of_users_makes_any_severity_required() {
        assertDecision(decide(incident("SEV4").putValue("usersAffectedPercent", 1.01)), "REQUIRED", 72, 72, "FULL",
                "1.01 % of users affected");
    }

    @Test
    void exactly_one_percent_of_users_is_not_enough() {
        assertDecision(decide(incident("SEV4").putValue("usersAffectedPercent", 1.0)), "NOT_REQUIRED", null, null,
                null, "SEV4: no post-mortem");
    }

    @Test
    void data_loss_makes_any_severity_required() {
        assertDecision(decide(incident("SEV3").putValue("dataLoss", true)), "REQUIRED", 72, 72, "FULL", "data loss");
    }

    @Test
    void a_security_incident_is_required() {
        assertDecision(decide(incident("SEV4").putValue("securityIncident", true)), "REQUIRED", 72, 72, "FULL",
                "security incident");
    }

    @Test
    void a_breached_sla_is_required() {
        assertDecision(decide(incident("SEV4").putValue("slaBreached", true)), "REQUIRED", 72, 72, "FULL",
                "SLA breached");
    }

    @ParameterizedTest(name = "{0} occurrence {1} -> {2}")
    @CsvSource({"SEV4, 2, NOT_REQUIRED", "SEV4, 3, REQUIRED", "SEV4, 4, REQUIRED", "SEV3, 3, REQUIRED",
            "SEV3, 2, TEAM_DECISION"})
    void the_third_occurrence_of_a_symptom_makes_sev3_and_sev4_required(String severity, int recurrence,
                                                                        String requirement) {
        DmnDecisionResultEntries r = decide(incident(severity).putValue("recurrence", recurrence));
        assertThat(r.getEntryMap().get("requirement")).isEqualTo(requirement);
        if (recurrence >= 3) {
            assertThat((String) r.getEntryMap().get("reason")).isEqualTo(severity + ", "
                    + (recurrence == 3 ? "3rd" : recurrence + "th") + " occurrence of db-pool-exhausted in 90 days");
        }
    }

    @Test
    void a_near_miss_is_a_team_decision_in_the_lightweight_format() {
        assertDecision(decide(incident("SEV4").putValue("nearMiss", true)), "TEAM_DECISION", 120, 120, "LIGHTWEIGHT",
                "near-miss");
    }

    @Test
    void sev3_is_a_team_decision() {
        assertDecision(decide(incident("SEV3")), "TEAM_DECISION", 120, 120, "FULL", "SEV3");
    }

    @Test
    void a_single_sev4_is_not_required_and_says_how_often_it_was_seen() {
        assertDecision(decide(incident("SEV4")), "NOT_REQUIRED", null, null, null,
                "SEV4: no post-mortem (occurrence 1 of db-pool-exhausted in 90 days");
    }

    @Test
    void a_sev4_without_a_symptom_still_gets_a_reason() {
        assertDecision(decide(incident("SEV4").putValue("symptom", null)), "NOT_REQUIRED", null, null, null,
                "SEV4: no post-mortem");
    }

    @Test
    void sev1_wins_over_every_other_rule() {
        assertDecision(decide(incident("SEV1").putValue("nearMiss", true).putValue("recurrence", 5)), "REQUIRED", 48, 48,
                "FULL", "SEV1");
    }

    @ParameterizedTest(name = "occurrence {0} -> {1}")
    @CsvSource({"3, 3rd", "4, 4th", "11, 11th", "12, 12th", "13, 13th", "21, 21st", "22, 22nd", "23, 23rd",
            "101, 101st", "111, 111th", "112, 112th"})
    void ordinals_are_english(int recurrence, String ordinal) {
        DmnDecisionResultEntries r = decide(incident("SEV4").putValue("recurrence", recurrence));
        assertThat((String) r.getEntryMap().get("reason"))
                .isEqualTo("SEV4, " + ordinal + " occurrence of db-pool-exhausted in 90 days");
    }

    @Test
    void every_reason_is_given_with_the_inputs_missing() {
        VariableMap none = Variables.createVariables().putValue("severity", null).putValue("usersAffectedPercent", 5.0)
                .putValue("dataLoss", null).putValue("securityIncident", null).putValue("slaBreached", null)
                .putValue("recurrence", null).putValue("nearMiss", null).putValue("symptom", null)
                .putValue("recurrenceWindowDays", null);
        assertThat((String) decide(none).getEntryMap().get("reason")).isEqualTo(
                "Unknown severity: 5.0 % of users affected (more than 1 %)");
        VariableMap recurring = Variables.createVariables().putValue("severity", "SEV3").putValue("recurrence", 22);
        assertThat((String) decide(recurring).getEntryMap().get("reason"))
                .isEqualTo("SEV3, 22nd occurrence of the same symptom in the recurrence window");
    }
}
