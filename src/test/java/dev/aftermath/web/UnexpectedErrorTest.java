package dev.aftermath.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.aftermath.support.ProcessTestSupport;

/**
 * An unexpected failure is answered 500 problem details with an error id that the log has too, with the exception;
 * the answer carries neither the SQL nor the exception. Also the container's error page and the engine REST API.
 */
@ExtendWith(OutputCaptureExtension.class)
class UnexpectedErrorTest extends ProcessTestSupport {

    @LocalServerPort int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString("demo:demo".getBytes(StandardCharsets.UTF_8)))
                .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void an_unexpected_error_is_a_500_problem_with_an_error_id_that_is_logged(CapturedOutput output)
            throws Exception {
        HttpResponse<String> r = get(FailingTestController.PATH);

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = objectMapper.readTree(r.body());
        String errorId = problem.path("errorId").asText();
        assertThat(errorId).matches("[0-9a-f-]{36}");
        assertThat(problem.path("detail").asText()).contains(errorId);
        assertThat(HostileInputTest.LEAK.matcher(r.body()).find()).as(r.body()).isFalse();
        assertThat(r.body()).doesNotContain("am_incident").doesNotContain("grammar");
        // the log has the id and the exception
        assertThat(output.getAll()).contains("Unexpected error " + errorId)
                .contains("java.lang.IllegalStateException: PreparedStatementCallback");
    }

    @Test
    void an_unknown_path_is_a_404_problem_and_spring_s_error_page_never_shows_a_message() throws Exception {
        HttpResponse<String> r = get("/no-such-page");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(HostileInputTest.LEAK.matcher(r.body()).find()).as(r.body()).isFalse();

        HttpResponse<String> engine = get("/engine-rest/no-such-resource");
        assertThat(engine.statusCode()).isEqualTo(404);
        assertThat(HostileInputTest.LEAK.matcher(engine.body()).find()).as(engine.body()).isFalse();
    }
}
