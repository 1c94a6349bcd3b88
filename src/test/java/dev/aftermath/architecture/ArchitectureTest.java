package dev.aftermath.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

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
 *   <li>features import no read model (library, insights), adapter (integration) or edge (migration).</li>
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
            "dev.aftermath.web..", "dev.aftermath.security..", "dev.aftermath.identity..", "dev.aftermath.quality..",
            "dev.aftermath.notification..", "dev.aftermath.chat..", "dev.aftermath.process.."};

    /** Read models and adapters: above the features, nobody among the features imports them. */
    static final String[] ABOVE_FEATURES = {"dev.aftermath.library..", "dev.aftermath.insights..",
            "dev.aftermath.integration..", "dev.aftermath.pagerduty..", "dev.aftermath.migration..",
            "dev.aftermath.tasklist..", "dev.aftermath.slack.."};

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

    /** Engine types only at the edge: see {@link EngineEdgeRules}. */
    @ArchTest
    static final ArchRule delegate_types_only_at_the_edge = EngineEdgeRules.DELEGATE_TYPES_ONLY_AT_THE_EDGE;

    @ArchTest
    static final ArchRule process_variables_only_at_the_edge = EngineEdgeRules.VARIABLES_ONLY_AT_THE_EDGE;
}
