package dev.aftermath.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.aftermath.support.PostgresSuiteDatabase;
import dev.aftermath.support.ProcessTestSupport;

/**
 * The shared context runs on the database the build asked for: H2 in memory by default, a fresh PostgreSQL database
 * {@code aftermath_suite_*} with the Maven profile {@code postgres}, so that a run meant for PostgreSQL can never pass on
 * H2 unnoticed.
 */
class SuiteDatabaseTest extends ProcessTestSupport {

    @Autowired DataSource dataSource;
    @Autowired JdbcClient jdbc;

    @Test
    void the_suite_runs_on_the_database_the_build_asked_for() throws Exception {
        boolean postgres = Boolean.parseBoolean(System.getProperty(PostgresSuiteDatabase.SWITCH));
        try (Connection connection = dataSource.getConnection()) {
            String product = connection.getMetaData().getDatabaseProductName();
            if (postgres) {
                assertThat(product).isEqualTo("PostgreSQL");
                assertThat(connection.getCatalog()).startsWith("aftermath_suite_");
                // Flyway's migrations and Camunda's schema are there
                assertThat(jdbc.sql("select count(*) from aftermath_schema_history where success").query(Long.class)
                        .single()).isPositive();
                assertThat(jdbc.sql("select count(*) from act_ge_property").query(Long.class).single()).isPositive();
            } else {
                assertThat(product).isEqualTo("H2");
            }
        }
    }
}
