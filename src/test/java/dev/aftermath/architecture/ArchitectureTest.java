package dev.aftermath.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The direction of {@code shared/design/house.md} that holds today, so that the next change learns it from a red test:
 * no feature imports the insights read model, the migration edge or an integration adapter, and leaves import no
 * feature. The four older cycles around {@code postmortem} (incident, notification, policy, quality) are not
 * yet a rule: they go once the shared process names move below the features.
 */
@AnalyzeClasses(packages = "dev.aftermath", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] FEATURES = {"dev.aftermath.incident..", "dev.aftermath.policy..",
            "dev.aftermath.postmortem..", "dev.aftermath.actionitem..", "dev.aftermath.quality..",
            "dev.aftermath.notification..", "dev.aftermath.library.."};

    private static final String[] LEAVES = {"dev.aftermath.calendar..", "dev.aftermath.directory..",
            "dev.aftermath.redaction..", "dev.aftermath.template..", "dev.aftermath.web..",
            "dev.aftermath.security.."};

    /** insights reads the features' tables; nothing imports it. */
    @ArchTest
    static final ArchRule nobody_imports_the_insights_read_model = noClasses()
            .that().resideOutsideOfPackage("dev.aftermath.insights..")
            .should().dependOnClassesThat().resideInAPackage("dev.aftermath.insights..");

    /** Jira, Confluence and PagerDuty implement ports the features declare; features never name them. */
    @ArchTest
    static final ArchRule features_do_not_import_integration_adapters = noClasses()
            .that().resideInAnyPackage(FEATURES)
            .should().dependOnClassesThat().resideInAPackage("dev.aftermath.integration..");

    /** The admin migration endpoint is an edge: no feature or leaf depends on it. */
    @ArchTest
    static final ArchRule nobody_imports_the_migration_edge = noClasses()
            .that().resideOutsideOfPackage("dev.aftermath.migration..")
            .should().dependOnClassesThat().resideInAPackage("dev.aftermath.migration..");

    /** Leaves (calendar, directory, redaction, template, web, security) import no feature, read model or adapter. */
    @ArchTest
    static final ArchRule leaves_import_no_feature = noClasses()
            .that().resideInAnyPackage(LEAVES)
            .should().dependOnClassesThat().resideInAnyPackage(FEATURES)
            .orShould().dependOnClassesThat().resideInAnyPackage("dev.aftermath.insights..",
                    "dev.aftermath.integration..", "dev.aftermath.migration..");
}
