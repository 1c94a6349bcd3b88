package dev.aftermath.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.dmn.feel.impl.FeelEngine;
import org.camunda.bpm.dmn.feel.impl.scala.ScalaFeelEngineFactory;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.context.VariableContext;
import org.junit.jupiter.api.Test;

/** The shortcuts of {@link DecisionFeelPlugin} answer exactly what Camunda's FEEL engine answers. */
class DecisionFeelShortcutTest {

    private final FeelEngine feel = new ScalaFeelEngineFactory().createInstance();
    private final FeelEngine shortcut = new DecisionFeelPlugin.ShortcutFeelEngine(feel);

    @Test
    void aVariableNameIsItsValueAsFeelGivesIt() {
        Map<String, Object> values = new HashMap<>();
        values.put("severity", "SEV4");
        values.put("dataLoss", true);
        values.put("nearMiss", false);
        values.put("recurrence", 3);
        values.put("recurrenceWindowDays", 90L);
        values.put("usersAffectedPercent", 0.8);
        values.put("wholePercent", 2.0);
        values.put("tiny", 1e-9);
        values.put("symptom", null);
        values.put("resolvedAt", new Date(0));
        VariableContext context = Variables.fromMap(values).asVariableContext();
        for (String name : values.keySet()) {
            Object expected = feel.evaluateSimpleExpression(name, context);
            Object actual = shortcut.evaluateSimpleExpression(name, context);
            assertThat(actual).as(name).isEqualTo(expected);
            assertThat(actual == null ? null : actual.getClass()).as(name + " type")
                    .isEqualTo(expected == null ? null : expected.getClass());
        }
        // not a plain name, or no such variable: FEEL answers
        for (String expression : List.of("recurrence + 1", "missing", "true", "null")) {
            assertThat((Object) shortcut.evaluateSimpleExpression(expression, context)).as(expression)
                    .isEqualTo(feel.evaluateSimpleExpression(expression, context));
        }
    }

    @Test
    void aDashMatchesEveryInputAndOtherTestsAreFeels() {
        for (Object input : Arrays.asList("SEV4", null, 3L, true)) {
            VariableContext context = Variables.createVariables().putValue("cellInput", input)
                    .putValue("inputVariableName", "cellInput").asVariableContext();
            assertThat(shortcut.evaluateSimpleUnaryTests(" - ", "cellInput", context)).isTrue();
            assertThat(feel.evaluateSimpleUnaryTests("-", "cellInput", context)).isTrue();
            for (String test : List.of("\"SEV4\"", ">= 3", "true", "not(\"SEV4\")")) {
                boolean expected;
                try {
                    expected = feel.evaluateSimpleUnaryTests(test, "cellInput", context);
                } catch (RuntimeException e) {
                    continue;
                }
                assertThat(shortcut.evaluateSimpleUnaryTests(test, "cellInput", context)).as(test + " on " + input)
                        .isEqualTo(expected);
            }
        }
    }
}
