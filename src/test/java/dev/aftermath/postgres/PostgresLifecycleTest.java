package dev.aftermath.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.aftermath.actionitem.ActionItem;
import dev.aftermath.actionitem.ActionItemRepository;
import dev.aftermath.incident.IncidentRepository;
import dev.aftermath.library.LibraryService;
import dev.aftermath.processapi.PostmortemProcess.Elements;
import dev.aftermath.postmortem.PostmortemRepository;
import dev.aftermath.postmortem.PostmortemStatus;
import dev.aftermath.support.Drafts;
import dev.aftermath.support.Lifecycle;

/**
 * The whole lifecycle on PostgreSQL (the cluster database): Camunda's schema, Aftermath's Flyway migrations, the
 * incident, post-mortem, quality-round and action-item tables, the library search. Runs when
 * {@code AFTERMATH_TEST_POSTGRES_URL} names a database ({@code .ci/run} starts one); skipped otherwise, failed in CI.
 */
@Tag("own-context")
@EnabledIf(value = "enabled", disabledReason = "AFTERMATH_TEST_POSTGRES_URL not set: PostgreSQL test skipped")
class PostgresLifecycleTest extends Lifecycle {

    /** Runs with a database named, and always in CI ({@code CI=true}), where a missing database fails the test. */
    static boolean enabled() {
        return url() != null || "true".equalsIgnoreCase(System.getenv("CI"));
    }

    private static String url() {
        String url = System.getenv("AFTERMATH_TEST_POSTGRES_URL");
        return url != null && url.matches("jdbc:postgresql:.+") ? url : null;
    }

    @BeforeAll
    static void databaseNamed() {
        if (url() == null) {
            throw new IllegalStateException("CI=true but AFTERMATH_TEST_POSTGRES_URL does not name a PostgreSQL "
                    + "database (jdbc:postgresql:...): the PostgreSQL test cannot run");
        }
    }

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> System.getenv("AFTERMATH_TEST_POSTGRES_URL"));
        registry.add("spring.datasource.username", () -> env("AFTERMATH_TEST_POSTGRES_USER", "postgres"));
        registry.add("spring.datasource.password", () -> env("AFTERMATH_TEST_POSTGRES_PASSWORD", ""));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    @Autowired DataSource dataSource;
    @Autowired IncidentRepository incidents;
    @Autowired PostmortemRepository postmortems;
    @Autowired ActionItemRepository actionItems;
    @Autowired LibraryService library;

    @Test
    void a_sev1_is_published_and_its_action_items_tracked_on_postgresql() throws Exception {
        try (var connection = dataSource.getConnection()) {
            assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
        }
        String id = newIncidentId("INC-PG");
        ProcessInstance pi = publish(incident(id, "SEV1", Duration.ofHours(2)), Drafts.goodDraft(), Map.of(),
                Drafts.goodMeeting(), Map.of());
        assertThat(pi).hasPassed(Elements.PUBLISH);
        assertThat(postmortems.find(id).orElseThrow().status()).isEqualTo(PostmortemStatus.PUBLISHED);
        assertThat(incidents.find(id).orElseThrow().requirement()).isEqualTo("REQUIRED");
        runAsyncJobs();
        List<ActionItem> items = actionItems.ofIncident(id);
        assertThat(items).extracting(ActionItem::id).containsExactlyInAnyOrder(id + "/AI-1", id + "/AI-2");
        assertThat(library.search(library.query("pool", "SEV1", null, null, null, null, "0", "20"),
                new dev.aftermath.security.CurrentUser("demo", java.util.List.of("camunda-admin"))).items())
                .extracting(item -> item.get("incidentId")).contains(id);
        assertThat(incidents.search("payments", null, null, null, 0, 10)).extracting(i -> i.id()).contains(id);
    }
}
