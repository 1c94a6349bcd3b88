package dev.aftermath.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricDecisionInstance;
import org.camunda.bpm.engine.history.HistoricDecisionOutputInstance;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.instance.Rule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.aftermath.support.ProcessTestSupport;
import dev.aftermath.support.RestCalls;

/**
 * The policy table on its own, as Cockpit, Camunda Modeler or any client evaluates it: over the engine REST API as
 * {@code demo}, each rule hit with nothing but some of its declared inputs. No output may be null, every reason says
 * something, and each row is the one that matched.
 */
class PolicyTableRestTest extends ProcessTestSupport {

    @LocalServerPort int port;
    @Autowired HistoryService historyService;

    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of("Rule_SEV1", Map.of("severity", v("SEV1", "String")), "REQUIRED", "SEV1"),
                Arguments.of("Rule_SEV2", Map.of("severity", v("SEV2", "String")), "REQUIRED", "SEV2"),
                Arguments.of("Rule_UsersAffected", Map.of("usersAffectedPercent", v(4.5, "Double")), "REQUIRED",
                        "Unknown severity: 4.5 % of users affected"),
                Arguments.of("Rule_DataLoss", Map.of("dataLoss", v(true, "Boolean")), "REQUIRED", "data loss"),
                Arguments.of("Rule_Security", Map.of("securityIncident", v(true, "Boolean")), "REQUIRED",
                        "security incident"),
                Arguments.of("Rule_SlaBreached", Map.of("slaBreached", v(true, "Boolean")), "REQUIRED",
                        "SLA breached"),
                Arguments.of("Rule_Recurring", Map.of("severity", v("SEV4", "String"), "recurrence", v(3, "Integer"),
                        "symptom", v("db-pool-exhausted", "String"), "recurrenceWindowDays", v(90, "Long")),
                        "REQUIRED", "SEV4, 3rd occurrence of db-pool-exhausted in 90 days"),
                Arguments.of("Rule_Recurring", Map.of("severity", v("SEV3", "String"), "recurrence", v(21, "Integer")),
                        "REQUIRED", "SEV3, 21st occurrence of the same symptom in the recurrence window"),
                Arguments.of("Rule_NearMiss", Map.of("nearMiss", v(true, "Boolean")), "TEAM_DECISION", "near-miss"),
                Arguments.of("Rule_SEV3", Map.of("severity", v("SEV3", "String")), "TEAM_DECISION", "SEV3"),
                Arguments.of("Rule_Otherwise", Map.of("severity", v("SEV4", "String"), "recurrence", v(2, "Integer"),
                        "symptom", v("disk-full", "String")), "NOT_REQUIRED",
                        "SEV4: no post-mortem (occurrence 2 of disk-full in the recurrence window"),
                Arguments.of("Rule_Otherwise", Map.of(), "NOT_REQUIRED", "Unknown severity: no post-mortem"));
    }

    private static Map<String, Object> v(Object value, String type) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("value", value);
        m.put("type", type);
        return m;
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("rules")
    void every_rule_evaluated_over_rest_with_only_declared_inputs_gives_every_output(
            String rule, Map<String, Object> variables, String requirement, String reasonPart) throws Exception {
        RestCalls rest = new RestCalls(port, objectMapper);
        RestCalls.Reply reply = rest.post("/engine-rest/decision-definition/key/postmortem-policy/evaluate", "demo",
                Map.of("variables", variables));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json()).as(reply.body()).hasSize(1);
        JsonNode result = reply.json().get(0);
        List<String> nulls = new ArrayList<>();
        result.fields().forEachRemaining(e -> {
            if (e.getValue().path("value").isNull() || e.getValue().path("value").isMissingNode()) {
                nulls.add(e.getKey());
            }
        });
        assertThat(nulls).as("outputs without a value in " + result).isEmpty();
        assertThat(result.path("requirement").path("value").asText()).isEqualTo(requirement);
        assertThat(result.path("reason").path("value").asText()).isNotBlank().contains(reasonPart);
        if (!"NOT_REQUIRED".equals(requirement)) {
            assertThat(result.fieldNames()).toIterable().contains("publishWithinHours", "meetingWithinHours",
                    "meetingWithinBusinessDays", "format");
        }

        HistoricDecisionInstance evaluated = historyService.createHistoricDecisionInstanceQuery()
                .decisionDefinitionKey("postmortem-policy").includeOutputs().orderByEvaluationTime().desc()
                .listPage(0, 1).get(0);
        assertThat(evaluated.getOutputs()).extracting(HistoricDecisionOutputInstance::getRuleId).containsOnly(rule);
    }

    @Test
    void every_rule_of_the_table_is_exercised_above() {
        List<String> ruleIds = Dmn.readModelFromFile(new java.io.File("processes/postmortem-policy.dmn"))
                .getModelElementsByType(Rule.class).stream().map(Rule::getId).toList();
        assertThat(rules().map(a -> (String) a.get()[0]).distinct().toList()).containsExactlyInAnyOrderElementsOf(
                ruleIds);
    }
}
