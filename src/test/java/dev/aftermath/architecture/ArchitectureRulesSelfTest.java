package dev.aftermath.architecture;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;

/** The architecture rules can fail: each is run against a small fixture that breaks it and one that keeps it. */
class ArchitectureRulesSelfTest {

    private static final String FIXTURE = "dev.aftermath.architecture.fixture";

    @Test
    void the_slices_rule_reports_a_cycle_between_two_packages() {
        JavaClasses classes = new ClassFileImporter().importPackages(FIXTURE + ".cycle");
        assertThatThrownBy(() -> ArchitectureTest.noPackageCycles(FIXTURE + ".cycle").check(classes))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Cycle detected")
                .hasMessageContaining("alpha")
                .hasMessageContaining("beta");
    }

    @Test
    void the_slices_rule_accepts_one_direction() {
        JavaClasses classes = new ClassFileImporter().importPackages(FIXTURE + ".acyclic");
        assertThatCode(() -> ArchitectureTest.noPackageCycles(FIXTURE + ".acyclic").check(classes))
                .doesNotThrowAnyException();
    }
}
