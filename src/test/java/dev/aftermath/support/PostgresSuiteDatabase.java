package dev.aftermath.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Points the shared test context at a fresh, empty PostgreSQL database when the suite runs with the Maven profile
 * {@code postgres} (which sets the system property {@value #SWITCH}=true for the shared-context Surefire run only).
 * <p>
 * The database named by {@code AFTERMATH_TEST_POSTGRES_URL} ({@code jdbc:postgresql://host:port/db}, with
 * {@code AFTERMATH_TEST_POSTGRES_USER}, default {@code postgres}, and {@code AFTERMATH_TEST_POSTGRES_PASSWORD}) is only
 * used to connect: for each context the suite starts (normally one) a database {@code aftermath_suite_<random>} is
 * created next to it, the context runs on it, and it is dropped when the JVM ends. Without the profile nothing changes (H2 in memory). With the profile but no URL
 * the context cannot start, so every Spring test fails: the run fails rather than skipping PostgreSQL.
 */
public class PostgresSuiteDatabase implements EnvironmentPostProcessor, Ordered {

    /** System property set by the Maven profile {@code postgres}. */
    public static final String SWITCH = "aftermath.test.postgres";

    private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/?]+/)([^?]*)(\\?.*)?");

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!Boolean.parseBoolean(System.getProperty(SWITCH))) {
            return;
        }
        environment.getPropertySources().addFirst(new MapPropertySource("postgres-suite-database", create()));
    }

    /** A new database for every context the suite starts, as the H2 URL of the test configuration gives. */
    private static Map<String, Object> create() {
        String url = System.getenv("AFTERMATH_TEST_POSTGRES_URL");
        Matcher m = url == null ? null : URL.matcher(url.trim());
        if (m == null || !m.matches()) {
            throw new IllegalStateException("The Maven profile postgres runs the tests on PostgreSQL, but "
                    + "AFTERMATH_TEST_POSTGRES_URL does not name a database (jdbc:postgresql://host:port/database): "
                    + "the PostgreSQL suite cannot run");
        }
        String user = env("AFTERMATH_TEST_POSTGRES_USER", "postgres");
        String password = env("AFTERMATH_TEST_POSTGRES_PASSWORD", "");
        String name = "aftermath_suite_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the suite database " + name + " on " + url, e);
        }
        // after the contexts are closed (a JVM shutdown hook of its own would race the engine's last writes)
        SpringApplication.getShutdownHandlers().add(() -> drop(url, user, password, name));
        String suiteUrl = m.group(1) + name + (m.group(3) == null ? "" : m.group(3));
        System.out.println("PostgreSQL suite database: " + suiteUrl);
        return Map.of("spring.datasource.url", suiteUrl,
                "spring.datasource.username", user,
                "spring.datasource.password", password);
    }

    /** Best effort: a throwaway cluster is removed anyway; FORCE ends the connections the closing context still has. */
    private static void drop(String url, String user, String password, String name) {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("Could not drop the suite database " + name + ": " + e.getMessage());
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }
}
