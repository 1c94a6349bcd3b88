package dev.aftermath.actionitem;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.aftermath.calendar.BusinessCalendar;
import dev.aftermath.calendar.Deadlines;
import dev.aftermath.processapi.ActionItemProcess.Elements;
import dev.aftermath.processapi.PostmortemProcess;
import dev.aftermath.web.FieldError;

/** The action item forms' rules over plain form values: no Spring, no engine. */
class ActionItemTaskRulesTest {

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private static final String SENTENCE = "The team has more urgent work this quarter";

    private final ActionItemTaskRules rules = rulesAt(NOW);

    private ActionItemTaskRules rulesAt(Instant now) {
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        return new ActionItemTaskRules(new Deadlines(new BusinessCalendar("UTC", List.of()), clock), clock,
                Set.of("alex", "priya")::contains);
    }

    private static Map<String, Object> form(Object... pairs) {
        Map<String, Object> form = new HashMap<>();
        form.put("owner", "priya");
        for (int i = 0; i < pairs.length; i += 2) {
            form.put((String) pairs[i], pairs[i + 1]);
        }
        return form;
    }

    private static List<String> fields(ActionItemTaskRules.Checked checked) {
        return checked.errors().stream().map(FieldError::field).toList();
    }

    @Test
    void completionNeedsAResolution() {
        assertThat(fields(rules.check(Elements.TASK_COMPLETE, form("resolution", "  ")))).containsExactly("resolution");
        ActionItemTaskRules.Checked ok = rules.check(Elements.TASK_COMPLETE, form("resolution", "Added the alert"));
        assertThat(ok.ok()).isTrue();
        assertThat(ok.values()).isEmpty();
    }

    @Test
    void theFollowUpReviewNeedsNotes() {
        assertThat(fields(rules.check(PostmortemProcess.Elements.TASK_FOLLOW_UP_REVIEW, form())))
                .containsExactly("followUpNotes");
    }

    @Test
    void aTextOverItsLimitIsRejectedBeforeAnyOtherRule() {
        ActionItemTaskRules.Checked checked = rules.check(Elements.TASK_COMPLETE, form("resolution", "x".repeat(100_000)));
        assertThat(fields(checked)).containsExactly("resolution");
        assertThat(checked.values()).isEmpty();
    }

    @Test
    void aFollowUpWithoutNewDateOrOwnerStoresEmptyValues() {
        ActionItemTaskRules.Checked checked = rules.check(Elements.TASK_FOLLOW_UP,
                form("followUpNotes", "Spoke to the owner", "newOwner", " ", "newDueDate", ""));
        assertThat(checked.ok()).isTrue();
        assertThat(checked.values()).containsEntry("newOwner", null).containsEntry("newDueDate", null)
                .containsEntry("dueDateChanged", false);
    }

    @Test
    void aFollowUpWithAFutureDateAndAKnownOwnerIsNormalised() {
        ActionItemTaskRules.Checked checked = rules.check(Elements.TASK_FOLLOW_UP,
                form("followUpNotes", "Handing over", "newOwner", " alex ", "newDueDate", "2026-03-20T00:00:00Z"));
        assertThat(checked.ok()).isTrue();
        assertThat(checked.values()).containsEntry("newOwner", "alex").containsEntry("newDueDate", "2026-03-20")
                .containsEntry("dueDateChanged", true);
    }

    @Test
    void theNewDueDateIsJudgedByTheInjectedClock() {
        Map<String, Object> form = form("followUpNotes", "Later", "newDueDate", "2026-03-20");
        assertThat(rulesAt(NOW).check(Elements.TASK_FOLLOW_UP, form).ok()).isTrue();
        ActionItemTaskRules.Checked later = rulesAt(Instant.parse("2026-03-21T00:00:00Z"))
                .check(Elements.TASK_FOLLOW_UP, form);
        assertThat(later.errors()).containsExactly(new FieldError("newDueDate", "must be in the future"));
        assertThat(fields(rules.check(Elements.TASK_FOLLOW_UP, form("followUpNotes", "x", "newDueDate", "soon"))))
                .containsExactly("newDueDate");
    }

    @Test
    void theNewOwnerIsASingleKnownUserOtherThanTheOwner() {
        assertThat(rules.check(Elements.TASK_FOLLOW_UP, form("followUpNotes", "x", "newOwner", "alex, priya")).errors())
                .containsExactly(new FieldError("newOwner", "must be a single user"));
        assertThat(rules.check(Elements.TASK_FOLLOW_UP, form("followUpNotes", "x", "newOwner", "nobody")).errors())
                .containsExactly(new FieldError("newOwner", "'nobody' is not a known user"));
        assertThat(rules.check(Elements.TASK_FOLLOW_UP, form("followUpNotes", "x", "newOwner", "priya")).errors())
                .containsExactly(new FieldError("newOwner", "'priya' already owns the item"));
    }

    @Test
    void aDecisionIsRequired() {
        assertThat(fields(rules.check(Elements.TASK_DECIDE, form("decision", "maybe")))).containsExactly("decision");
    }

    @Test
    void reprioritisingNeedsAFutureDateAndASentence() {
        assertThat(fields(rules.check(Elements.TASK_DECIDE, form("decision", "REPRIORITIZE", "rationale", "because"))))
                .containsExactly("newDueDate", "rationale");
        ActionItemTaskRules.Checked checked = rules.check(Elements.TASK_DECIDE, form("decision", "reprioritize",
                "newDueDate", "2026-04-01", "rationale", "  " + SENTENCE + " ", "newOwner", "alex"));
        assertThat(checked.ok()).isTrue();
        assertThat(checked.values()).containsEntry("decision", "REPRIORITIZE").containsEntry("newDueDate", "2026-04-01")
                .containsEntry("rationale", SENTENCE).containsEntry("newOwner", "alex");
    }

    @Test
    void droppingNeedsASentenceAndCompletingKeepsTheOwner() {
        assertThat(rules.check(Elements.TASK_DECIDE, form("decision", "DROP")).errors()).extracting(FieldError::message)
                .containsExactly("is required to drop an item: say why, in at least a sentence");
        assertThat(fields(rules.check(Elements.TASK_DECIDE, form("decision", "COMPLETE", "newOwner", "alex"))))
                .containsExactly("newOwner");
        ActionItemTaskRules.Checked complete = rules.check(Elements.TASK_DECIDE, form("decision", "COMPLETE"));
        assertThat(complete.values()).containsEntry("decision", "COMPLETE").containsEntry("rationale", null)
                .containsEntry("newDueDate", null);
    }

    @Test
    void theRulesReadOnlyTheFieldsTheyDeclare() {
        assertThat(ActionItemTaskRules.FIELDS).contains("resolution", "followUpNotes", "newOwner", "owner",
                "newDueDate", "decision", "rationale");
    }
}
