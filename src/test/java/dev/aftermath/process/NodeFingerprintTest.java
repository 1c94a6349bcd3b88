package dev.aftermath.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import dev.aftermath.support.ProcessTestSupport;

/**
 * /actuator/info: what a node renders and runs with, hashed so that nodes can be compared; metrics users only.
 * Readiness and liveness are open and UP with the database.
 */
class NodeFingerprintTest extends ProcessTestSupport {

    @Autowired TestRestTemplate http;
    @Autowired NodeFingerprint fingerprint;
    @Autowired SystemCalls system;

    @Test
    void info_shows_hashes_of_templates_rules_and_deployed_diagrams_to_metrics_users_only() throws Exception {
        assertThat(http.getForEntity("/actuator/info", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(http.withBasicAuth("alex", "alex").getForEntity("/actuator/info", String.class).getStatusCode())
                .isIn(HttpStatus.FORBIDDEN, HttpStatus.NOT_FOUND);
        ResponseEntity<String> r = http.withBasicAuth("demo", "demo").getForEntity("/actuator/info", String.class);
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode info = objectMapper.readTree(r.getBody()).path("aftermath");
        assertThat(info.path("fingerprint").asText()).matches("[0-9a-f]{64}");
        // the tests render from the project's templates/ directory
        assertThat(info.path("templates").path("source").asText()).startsWith("directory ");
        assertThat(info.path("templates").path("files").asInt()).isGreaterThan(20);
        assertThat(info.path("qualityRules").path("sha256").asText()).matches("[0-9a-f]{64}");
        assertThat(info.path("diagrams").path("latest").path("postmortem").path("version").asInt()).isPositive();
        assertThat(info.path("diagrams").path("latest").path("postmortem-policy").path("sha256").asText())
                .matches("[0-9a-f]{64}");
    }

    @Test
    void a_changed_template_changes_the_fingerprint_and_the_same_files_give_the_same_one() throws Exception {
        Path dir = Files.createTempDirectory("templates");
        Files.writeString(dir.resolve("a.vm"), "Hello $name", StandardCharsets.UTF_8);
        NodeFingerprint one = new NodeFingerprint(processEngine.getRepositoryService(), system, dir.toString(),
                "processes/quality-rules.json", "processes/insights-targets.json", "n1");
        NodeFingerprint two = new NodeFingerprint(processEngine.getRepositoryService(), system, dir.toString(),
                "processes/quality-rules.json", "processes/insights-targets.json", "n2");
        String before = (String) one.fingerprint().get("fingerprint");
        assertThat(two.fingerprint().get("fingerprint")).isEqualTo(before);
        Files.writeString(dir.resolve("a.vm"), "Hello, $name", StandardCharsets.UTF_8);
        assertThat(one.fingerprint().get("fingerprint")).isNotEqualTo(before);
    }

    @Test
    void readiness_and_liveness_are_open_and_up_with_the_database() {
        ResponseEntity<String> readiness = http.getForEntity("/actuator/health/readiness", String.class);
        assertThat(readiness.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(readiness.getBody()).contains("UP");
        assertThat(http.getForEntity("/actuator/health/liveness", String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
    }
}
