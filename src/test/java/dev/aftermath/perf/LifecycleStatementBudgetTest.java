package dev.aftermath.perf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.aftermath.support.Sev1Lifecycle;

/**
 * A statement budget per step of the SEV1 lifecycle (counted, not timed): Aftermath's SQL statements in each step
 * (its own tables and what its delegates and listeners ask of the engine, see {@link StatementCounter}) must not
 * exceed the budget. The budgets are the counts of the commit that set them; a change that adds queries to a step
 * fails here and either removes them or raises the budget on purpose, with the reason in its commit.
 */
@Tag("own-context") // a fresh database: the counts must not depend on the users and groups earlier tests added
class LifecycleStatementBudgetTest extends Sev1Lifecycle {

    /**
     * Aftermath's statements per step (own tables + engine calls of its code), without the ticket worker (a poller of
     * its own, see {@link StatementCounter}). Set on 7 Dec 2026 after the reductions of issue 24 and the features
     * merged beside them (chat, timeline candidates, due-day texts). Before issue 24, counted the same way with the
     * ticket worker included: 69, 160, 41, 75, 212, 13.
     */
    static final Map<String, Integer> BUDGET = new LinkedHashMap<>();

    static {
        BUDGET.put(CLOSURE, 69); // with the recurrence count's row lock (concurrent closures count one by one)
        BUDGET.put(INVITATIONS, 148);
        BUDGET.put(PRE_READ, 39);
        BUDGET.put(MEETING, 73);
        BUDGET.put(PUBLISHED, 140);
        BUDGET.put(ITEMS_DONE, 12);
    }

    @Test
    void every_step_of_a_sev1_lifecycle_stays_within_its_statement_budget() {
        sev1Lifecycle(false); // warm-up: first-use caches (deployments, templates) are not a step's cost
        Map<String, Step> steps = sev1Lifecycle(true);
        System.out.println(table(steps));
        assertThat(steps.keySet()).containsExactlyElementsOf(BUDGET.keySet());
        SoftAssertions soft = new SoftAssertions();
        steps.forEach((name, step) -> soft.assertThat(step.statements().aftermath())
                .as("Aftermath's statements in step '%s' (%s); its own-table statements: %s", name,
                        step.statements(), step.statements().appStatements)
                .isLessThanOrEqualTo(BUDGET.get(name)));
        soft.assertAll();
    }

    static String table(Map<String, Step> steps) {
        StringBuilder b = new StringBuilder("\nSTATEMENTS per step of one SEV1 lifecycle\n");
        b.append(String.format(Locale.ROOT, "| %-48s | %9s | %10s | %12s | %6s | %6s |%n", "step", "Aftermath",
                "own tables", "engine calls", "engine", "budget"));
        int[] sum = new int[4];
        steps.forEach((name, s) -> {
            StatementCounter.Counts c = s.statements();
            b.append(String.format(Locale.ROOT, "| %-48s | %9d | %10d | %12d | %6d | %6d |%n", name, c.aftermath(),
                    c.app, c.engineForApp, c.engine, BUDGET.getOrDefault(name, 0)));
            sum[0] += c.aftermath();
            sum[1] += c.app;
            sum[2] += c.engineForApp;
            sum[3] += c.engine;
        });
        b.append(String.format(Locale.ROOT, "| %-48s | %9d | %10d | %12d | %6d | %6s |%n", "lifecycle", sum[0], sum[1],
                sum[2], sum[3], ""));
        steps.forEach((name, s) -> b.append("  ").append(name).append(": own ").append(s.statements().appStatements)
                .append("; engine calls by ").append(s.statements().engineCallers).append('\n'));
        return b.toString();
    }
}
