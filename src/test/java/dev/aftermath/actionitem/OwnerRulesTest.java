package dev.aftermath.actionitem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import dev.aftermath.security.CurrentUser;
import dev.aftermath.web.FieldError;

/** The rules of an owner change over plain values: no Spring, no engine. */
class OwnerRulesTest {

    private final Predicate<String> known = Set.of("alex", "priya")::contains;

    private static ActionItem ownedBy(String owner) {
        return new ActionItem("INC-1/AI-1", "INC-1", 1, "Add an alert", owner, null, null, ActionItemState.OPEN, 0,
                null, null, null, List.of(), "pi", null, null, null, null);
    }

    @Test
    void theNewOwnerIsStrippedWhenValid() {
        List<FieldError> errors = new ArrayList<>();
        assertThat(OwnerRules.newOwner(" alex ", "priya", "owner", known, errors)).isEqualTo("alex");
        assertThat(errors).isEmpty();
    }

    @Test
    void eachBadOwnerIsNamed() {
        assertThat(error(null)).isEqualTo(new FieldError("owner", "is required: the user id of the new owner"));
        assertThat(error("alex;priya")).isEqualTo(new FieldError("owner", "must be a single user"));
        assertThat(error("sam")).isEqualTo(new FieldError("owner", "'sam' is not a known user"));
        assertThat(error("priya")).isEqualTo(new FieldError("owner", "'priya' already owns the item"));
    }

    private FieldError error(String value) {
        List<FieldError> errors = new ArrayList<>();
        assertThat(OwnerRules.newOwner(value, "priya", "owner", known, errors)).isNull();
        assertThat(errors).hasSize(1);
        return errors.get(0);
    }

    @Test
    void aRationaleIsRequiredAndBounded() {
        List<FieldError> errors = new ArrayList<>();
        OwnerRules.rationale(" ", errors);
        OwnerRules.rationale("x".repeat(OwnerRules.MAX_RATIONALE + 1), errors);
        OwnerRules.rationale("x".repeat(OwnerRules.MAX_RATIONALE), errors);
        assertThat(errors).extracting(FieldError::message).containsExactly(
                "is required: why the item changes hands", "must be at most 2000 characters");
    }

    @Test
    void theOwnerLeadsManagersAndAdminsMayHandAnItemOver() {
        ActionItem item = ownedBy("priya");
        assertThat(OwnerRules.mayChangeOwner(new CurrentUser("priya", List.of()), item)).isTrue();
        assertThat(OwnerRules.mayChangeOwner(new CurrentUser("sam", List.of("tech-leads")), item)).isTrue();
        assertThat(OwnerRules.mayChangeOwner(new CurrentUser("sam", List.of("engineering-managers")), item)).isTrue();
        assertThat(OwnerRules.mayChangeOwner(new CurrentUser("sam", List.of("camunda-admin")), item)).isTrue();
        assertThat(OwnerRules.mayChangeOwner(new CurrentUser("sam", List.of("engineering")), item)).isFalse();
    }
}
