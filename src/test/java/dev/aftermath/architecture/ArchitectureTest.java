package dev.aftermath.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

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
 * The direction of {@code shared/design/house.md}, so that the next change learns it from a red test:
 * <ul>
 *   <li>no import cycle between the top-level packages of {@code dev.aftermath} (slices);</li>
 *   <li>leaves (the process API, calendar, directory, redaction, template, web, security, quality, notification)
 *       import no feature;</li>
 *   <li>features import no read model (library, insights), adapter (integration) or edge (migration);</li>
 *   <li>time is read from the injected {@code Clock} only: no wall-clock read outside {@code calendar.EngineClock}.</li>
 * </ul>
 * {@link ArchitectureRulesSelfTest} shows that each rule can fail.
 */
@AnalyzeClasses(packages = "dev.aftermath", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** The features: they hold the post-mortem lifecycle's rules and tables. */
    static final String[] FEATURES = {"dev.aftermath.incident..", "dev.aftermath.policy..",
            "dev.aftermath.postmortem..", "dev.aftermath.actionitem.."};

    /**
     * Below the features: services that know no post-mortem. {@code quality} checks a document it is handed;
     * {@code notification} renders and delivers what a feature asks it to; {@code processapi} names the diagrams.
     */
    static final String[] LEAVES = {"dev.aftermath.processapi..", "dev.aftermath.calendar..",
            "dev.aftermath.directory..", "dev.aftermath.redaction..", "dev.aftermath.template..",
            "dev.aftermath.web..", "dev.aftermath.security..", "dev.aftermath.quality..",
            "dev.aftermath.notification..", "dev.aftermath.process.."};

    /** Read models and adapters: above the features, nobody among the features imports them. */
    static final String[] ABOVE_FEATURES = {"dev.aftermath.library..", "dev.aftermath.insights..",
            "dev.aftermath.integration..", "dev.aftermath.pagerduty..", "dev.aftermath.migration..",
            "dev.aftermath.tasklist.."};

    /** No top-level package imports another that imports it back, directly or around a loop. */
    static ArchRule noPackageCycles(String root) {
        return slices().matching(root + ".(*)..").should().beFreeOfCycles();
    }

    @ArchTest
    static final ArchRule no_cycles_between_top_level_packages = noPackageCycles("dev.aftermath");

    /** The process API sits below every feature: using a process name creates no cycle. */
    @ArchTest
    static final ArchRule the_process_api_imports_nothing_of_the_application = noClasses()
            .that().resideInAPackage("dev.aftermath.processapi..")
            .should().dependOnClassesThat().resideInAnyPackage(FEATURES)
            .orShould().dependOnClassesThat().resideInAnyPackage(ABOVE_FEATURES);

    /** insights reads the features' tables; nothing imports it. */
    @ArchTest
    static final ArchRule nobody_imports_the_insights_read_model = noClasses()
            .that().resideOutsideOfPackage("dev.aftermath.insights..")
            .should().dependOnClassesThat().resideInAPackage("dev.aftermath.insights..");

    /** Features import no read model, adapter or edge: those implement ports the features declare, or read them. */
    @ArchTest
    static final ArchRule features_import_no_read_model_adapter_or_edge = noClasses()
            .that().resideInAnyPackage(FEATURES)
            .should().dependOnClassesThat().resideInAnyPackage(ABOVE_FEATURES);

    /** The admin migration endpoint is an edge: no feature or leaf depends on it. */
    @ArchTest
    static final ArchRule nobody_imports_the_migration_edge = noClasses()
            .that().resideOutsideOfPackage("dev.aftermath.migration..")
            .should().dependOnClassesThat().resideInAPackage("dev.aftermath.migration..");

    /** Leaves import no feature, read model or adapter. */
    @ArchTest
    static final ArchRule leaves_import_no_feature = noClasses()
            .that().resideInAnyPackage(LEAVES)
            .should().dependOnClassesThat().resideInAnyPackage(FEATURES)
            .orShould().dependOnClassesThat().resideInAnyPackage(ABOVE_FEATURES);

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
