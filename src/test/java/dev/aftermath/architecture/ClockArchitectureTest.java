package dev.aftermath.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.util.List;
import java.util.Set;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * One clock: time is read from the injected {@code java.time.Clock} (the engine's, {@code calendar.EngineClock}), so
 * that deadlines, "days overdue" and {@code publishedAt} follow the engine's timers when engine time moves.
 * {@link ClockRuleSelfTest} shows that the rule can fail.
 */
@AnalyzeClasses(packages = "dev.aftermath", importOptions = ImportOption.DoNotIncludeTests.class)
class ClockArchitectureTest {

    /** The one clock: it follows the engine's {@code ClockUtil}; everything else injects {@code java.time.Clock}. */
    static final String ENGINE_CLOCK = "dev.aftermath.calendar.EngineClock";

    private static final Set<String> NOW_OWNERS = Set.of("java.time.Instant", "java.time.LocalDate",
            "java.time.LocalDateTime", "java.time.LocalTime", "java.time.OffsetDateTime", "java.time.OffsetTime",
            "java.time.ZonedDateTime", "java.time.Year", "java.time.YearMonth", "java.time.MonthDay");

    /**
     * A read of the wall clock: {@code X.now()} and {@code X.now(ZoneId)} of the java.time types,
     * {@code System.currentTimeMillis()}, {@code Clock.systemUTC()/systemDefaultZone()} and the no-argument
     * {@code new Date()}. {@code X.now(Clock)} and {@code System.nanoTime()} (elapsed time) are fine.
     */
    static final DescribedPredicate<JavaCall<?>> READS_THE_WALL_CLOCK =
            new DescribedPredicate<>("reads the wall clock (now(), currentTimeMillis(), Clock.system*(), new Date())") {
                @Override
                public boolean test(JavaCall<?> call) {
                    String owner = call.getTarget().getOwner().getName();
                    String name = call.getTarget().getName();
                    List<String> parameters = call.getTarget().getRawParameterTypes().stream()
                            .map(JavaClass::getName).toList();
                    return name.equals("now") && NOW_OWNERS.contains(owner)
                            && (parameters.isEmpty() || parameters.equals(List.of("java.time.ZoneId")))
                            || owner.equals("java.lang.System") && name.equals("currentTimeMillis")
                            || owner.equals("java.time.Clock")
                                    && (name.equals("systemUTC") || name.equals("systemDefaultZone"))
                            || owner.equals("java.util.Date") && name.equals("<init>") && parameters.isEmpty();
                }
            };

    /** No class under {@code root} but the engine clock reads the wall clock or uses Camunda's {@code ClockUtil}. */
    static ArchRule noWallClock(String root) {
        return noClasses()
                .that().resideInAPackage(root + "..").and().doNotHaveFullyQualifiedName(ENGINE_CLOCK)
                .should().callCodeUnitWhere(READS_THE_WALL_CLOCK)
                .orShould().dependOnClassesThat()
                .haveFullyQualifiedName("org.camunda.bpm.engine.impl.util.ClockUtil")
                .because("engine timers follow the engine clock: inject java.time.Clock (calendar.EngineClock)");
    }

    @ArchTest
    static final ArchRule no_wall_clock_outside_the_engine_clock = noWallClock("dev.aftermath");
}
