package dev.aftermath.architecture;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;

/** The clock rule can fail: it reports each wall-clock read of a fixture and accepts an injected clock. */
class ClockRuleSelfTest {

    private static final String FIXTURE = "dev.aftermath.architecture.fixture";

    @Test
    void the_clock_rule_reports_every_wall_clock_read() {
        JavaClasses classes = new ClassFileImporter().importPackages(FIXTURE + ".clock.bad");
        assertThatThrownBy(() -> ClockArchitectureTest.noWallClock(FIXTURE + ".clock.bad").check(classes))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Instant.now()")
                .hasMessageContaining("LocalDate.now(java.time.ZoneId)")
                .hasMessageContaining("System.currentTimeMillis()")
                .hasMessageContaining("Clock.systemUTC()")
                .hasMessageContaining("Date.<init>()");
    }

    @Test
    void the_clock_rule_accepts_an_injected_clock_and_elapsed_time() {
        JavaClasses classes = new ClassFileImporter().importPackages(FIXTURE + ".clock.good");
        assertThatCode(() -> ClockArchitectureTest.noWallClock(FIXTURE + ".clock.good").check(classes))
                .doesNotThrowAnyException();
    }
}
