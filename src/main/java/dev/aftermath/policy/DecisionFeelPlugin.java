package dev.aftermath.policy;

import java.math.BigDecimal;
import java.util.Set;
import java.util.regex.Pattern;

import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.dmn.feel.impl.FeelEngine;
import org.camunda.bpm.dmn.feel.impl.scala.ScalaFeelEngineFactory;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.variable.context.VariableContext;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.springframework.stereotype.Component;

/**
 * The decision tables' FEEL engine answers the two trivial cases of a decision table itself and hands everything else
 * to Camunda's Scala FEEL engine unchanged: an input entry {@code -} (matches anything) and an input expression that
 * is just the name of a variable (its value, as FEEL would return it). The FEEL engine of Camunda 7.24 (feel-scala
 * 1.19.3) parses the expression and builds its whole table of built-in functions on every evaluation; the policy table
 * ({@code postmortem-policy}, 9 inputs, 10 rules) asked it ~100 times per closure, 38 % of the CPU of a closure's
 * request (JFR, 8 concurrent closures). Results, decision history and Cockpit are the same: the fast answers are the
 * values FEEL gives for these expressions (numbers as FEEL unpacks them: whole ones as {@code Long}).
 */
@Component
public class DecisionFeelPlugin extends AbstractProcessEnginePlugin {

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        DefaultDmnEngineConfiguration dmn = configuration.getDmnEngineConfiguration() != null
                ? configuration.getDmnEngineConfiguration()
                : (DefaultDmnEngineConfiguration) DmnEngineConfiguration.createDefaultDmnEngineConfiguration();
        if (dmn.getFeelEngineFactory() == null && !configuration.isDmnFeelEnableLegacyBehavior()) {
            // the custom function providers are set on the configuration when the engine builds it: read them then
            dmn.setFeelEngineFactory(() -> new ShortcutFeelEngine(
                    new ScalaFeelEngineFactory(dmn.getFeelCustomFunctionProviders()).createInstance()));
        }
        configuration.setDmnEngineConfiguration(dmn);
    }

    /** FEEL with the shortcuts above; everything else, and every value it cannot map exactly, goes to FEEL. */
    static final class ShortcutFeelEngine implements FeelEngine {

        private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
        /** Names FEEL reads as something else than a variable. */
        private static final Set<String> RESERVED = Set.of("true", "false", "null", "not", "and", "or", "if", "then",
                "else", "for", "in", "return", "some", "every", "satisfies", "between", "instance", "of", "function",
                "external");

        private final FeelEngine feel;

        ShortcutFeelEngine(FeelEngine feel) {
            this.feel = feel;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T evaluateSimpleExpression(String expression, VariableContext variables) {
            String name = expression == null ? null : expression.strip();
            if (name != null && NAME.matcher(name).matches() && !RESERVED.contains(name)
                    && variables.containsVariable(name)) {
                TypedValue typed = variables.resolve(name);
                Object value = typed == null ? null : typed.getValue();
                if (value == null || value instanceof String || value instanceof Boolean) {
                    return (T) value;
                }
                Object number = asFeelNumber(value);
                if (number != null) {
                    return (T) number;
                }
            }
            return feel.evaluateSimpleExpression(expression, variables);
        }

        @Override
        public boolean evaluateSimpleUnaryTests(String expression, String inputVariable, VariableContext variables) {
            if (expression != null && expression.strip().equals("-")) {
                return true;
            }
            return feel.evaluateSimpleUnaryTests(expression, inputVariable, variables);
        }

        /** A Java number as FEEL unpacks it (a whole number as Long, others as Double); null for other types. */
        static Object asFeelNumber(Object value) {
            if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
                return ((Number) value).longValue();
            }
            if (value instanceof Double d && Double.isFinite(d)) {
                BigDecimal decimal = BigDecimal.valueOf(d);
                return decimal.stripTrailingZeros().scale() <= 0 && decimal.abs().compareTo(BigDecimal.valueOf(
                        Long.MAX_VALUE)) < 0 ? (Object) decimal.longValue() : (Object) decimal.doubleValue();
            }
            return null;
        }
    }
}
