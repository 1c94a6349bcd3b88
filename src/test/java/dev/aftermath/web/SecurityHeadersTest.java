package dev.aftermath.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.aftermath.support.Lifecycle;

/**
 * What a browser and a client see besides the body (issue 22, item 6): security headers on every page and API
 * answer, no cache of anything behind a login, the OpenAPI description and the engine's metrics behind the right
 * login, the webapps' APIs without Java class names, engine REST calls that used to answer 500, and a refused form
 * logged as one INFO line.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecurityHeadersTest extends Lifecycle {

    @LocalServerPort int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private HttpResponse<String> send(String method, String path, String user, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(60)).header("Accept", "application/json, text/html, */*");
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8)));
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    @Test
    void every_page_and_api_answer_carries_the_security_headers_and_nothing_behind_a_login_is_cached()
            throws Exception {
        String id = newIncidentId("INC-HEADERS");
        Map<String, Object> payload = incident(id, "SEV1", Duration.ofHours(1));
        payload.put("author", "priya");
        payload.put("facilitator", "carlos");
        start(payload);
        runAsyncJobs();

        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("/inbox", "demo");
        pages.put("/library", "sam");
        pages.put("/insights", "sam");
        pages.put("/api/postmortems/" + id + "/document.html", "priya");
        List<String> checked = new ArrayList<>();
        for (Map.Entry<String, String> page : pages.entrySet()) {
            HttpResponse<String> r = send("GET", page.getKey(), page.getValue(), null);
            assertThat(r.statusCode()).as(page.getKey() + " " + r.body()).isEqualTo(200);
            assertThat(header(r, "Content-Type")).as(page.getKey()).startsWith("text/html");
            assertThat(header(r, "X-Content-Type-Options")).as(page.getKey()).isEqualTo("nosniff");
            assertThat(header(r, "Referrer-Policy")).as(page.getKey()).isEqualTo("same-origin");
            assertThat(header(r, "X-Frame-Options")).as(page.getKey()).isEqualTo("SAMEORIGIN");
            assertThat(r.headers().allValues("Content-Security-Policy")).as(page.getKey()).hasSize(1);
            assertThat(header(r, "Content-Security-Policy")).as(page.getKey()).contains("frame-ancestors 'self'");
            assertThat(header(r, "Cache-Control")).as(page.getKey()).isEqualTo("no-store");
            checked.add(page.getKey());
        }
        // the inbox has a policy of its own: no script at all
        HttpResponse<String> inbox = send("GET", "/inbox", "demo", null);
        assertThat(header(inbox, "Content-Security-Policy")).startsWith("default-src 'none'")
                .doesNotContain("script-src");

        // APIs: the same, and never stored by a cache; refusals too
        for (String[] api : new String[][] {{"/api/incidents/" + id, "sam", "200"}, {"/v3/api-docs", "sam", "200"},
                {"/engine-rest/task?maxResults=1", "sam", "200"}, {"/api/incidents/" + id, null, "401"},
                {"/engine-rest/task", null, "401"}, {"/api/incidents/NO-SUCH-INCIDENT", "sam", "404"}}) {
            HttpResponse<String> r = send("GET", api[0], api[1], null);
            assertThat(r.statusCode()).as(api[0] + " as " + api[1]).isEqualTo(Integer.parseInt(api[2]));
            assertThat(header(r, "X-Content-Type-Options")).as(api[0]).isEqualTo("nosniff");
            assertThat(header(r, "Referrer-Policy")).as(api[0]).isEqualTo("same-origin");
            assertThat(header(r, "Cache-Control")).as(api[0]).isEqualTo("no-store");
            checked.add(api[0]);
        }
        // the webapps keep their own headers and get these besides
        HttpResponse<String> tasklist = send("GET", "/camunda/app/tasklist/default/", null, null);
        assertThat(tasklist.statusCode()).isEqualTo(200);
        assertThat(header(tasklist, "X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(header(tasklist, "Referrer-Policy")).isEqualTo("same-origin");
        assertThat(header(tasklist, "X-Frame-Options")).isEqualTo("SAMEORIGIN");
        assertThat(checked).hasSize(10);
    }

    @Test
    void the_api_description_in_yaml_needs_a_login_like_the_json_one() throws Exception {
        for (String path : List.of("/v3/api-docs", "/v3/api-docs.yaml")) {
            HttpResponse<String> anonymous = send("GET", path, null, null);
            assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
            assertThat(anonymous.body()).as(path).doesNotContain("/api/incidents");
            HttpResponse<String> loggedIn = send("GET", path, "alex", null);
            assertThat(loggedIn.statusCode()).as(path).isEqualTo(200);
            assertThat(loggedIn.body()).as(path).contains("/api/incidents");
            assertThat(header(loggedIn, "Cache-Control")).as(path).isEqualTo("no-store");
        }
    }

    @Test
    void the_engines_metrics_are_for_administrators() throws Exception {
        for (String user : List.of("alex", "jordan", "mia")) {
            HttpResponse<String> r = send("GET", "/engine-rest/metrics/activity-instance/sum", user, null);
            assertThat(r.statusCode()).as(user + " " + r.body()).isEqualTo(403);
            assertThat(header(r, "Content-Type")).startsWith("application/problem+json");
            assertThat(r.body()).doesNotContain("\"result\"");
            assertThat(send("GET", "/engine-rest/metrics?interval=900", user, null).statusCode()).as(user)
                    .isEqualTo(403);
        }
        assertThat(send("GET", "/engine-rest/metrics/activity-instance/sum", null, null).statusCode())
                .isEqualTo(401);
        HttpResponse<String> admin = send("GET", "/engine-rest/metrics/activity-instance/sum", "demo", null);
        assertThat(admin.statusCode()).as(admin.body()).isEqualTo(200);
        assertThat(admin.body()).contains("\"result\"");
    }

    @Test
    void engine_rest_calls_that_answered_500_are_client_errors_without_java_names() throws Exception {
        String id = newIncidentId("INC-ENGINE-4XX");
        ProcessInstance pi = start(incident(id, "SEV3", Duration.ofHours(1)));
        runAsyncJobs();
        Task task = taskService.createTaskQuery().processInstanceId(pi.getId()).list().get(0);

        List<HttpResponse<String>> answers = new ArrayList<>();
        HttpResponse<String> delete = send("DELETE", "/engine-rest/task/" + task.getId(), "demo", null);
        answers.add(delete);
        assertThat(delete.statusCode()).as(delete.body()).isEqualTo(409);
        assertThat(delete.body()).contains("running process");
        assertThat(taskService.createTaskQuery().taskId(task.getId()).count()).isEqualTo(1);
        answers.add(send("POST", "/engine-rest/condition", "demo", "{}"));
        answers.add(send("POST", "/engine-rest/condition", "demo", "{\"variables\":{\"x\":{\"value\":1}}}"));
        answers.add(send("GET", "/engine-rest/error", "demo", null));
        answers.add(send("GET", "/engine-rest/error", "alex", null));
        for (HttpResponse<String> r : answers) {
            assertThat(r.statusCode()).as(r.request().method() + " " + r.uri() + " " + r.body()).isBetween(400, 499);
            assertThat(Problems.LEAK.matcher(r.body()).find()).as(r.body()).isFalse();
        }
    }

    @Test
    void the_webapps_plugin_apis_answer_without_java_class_names() throws Exception {
        CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies).build();
        browser.send(HttpRequest.newBuilder(uri("/camunda/app/cockpit/default/")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> login = browser.send(withCsrf(cookies, HttpRequest.newBuilder(
                        uri("/camunda/api/admin/auth/user/default/login/cockpit")))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("username=demo&password="
                        + URLEncoder.encode("demo", StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        browser.send(HttpRequest.newBuilder(uri("/camunda/api/admin/auth/user/default"))
                .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());

        List<HttpResponse<String>> answers = new ArrayList<>();
        for (String body : List.of("{\"sortBy\":\"nonsense\",\"sortOrder\":\"asc\"}", "{\"variables\":[{\"name\":"
                + "\"x\",\"operator\":\"nonsense\",\"value\":1}]}", "{\"processDefinitionId\":5,\"maxResults\":\"x\"}",
                "{not json")) {
            answers.add(browser.send(withCsrf(cookies, HttpRequest.newBuilder(
                            uri("/camunda/api/cockpit/plugin/base/default/process-instance")))
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        answers.add(browser.send(HttpRequest.newBuilder(
                        uri("/camunda/api/cockpit/plugin/base/default/process-instance/count?sortBy=nonsense"))
                .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString()));
        answers.add(browser.send(HttpRequest.newBuilder(
                        uri("/camunda/api/engine/engine/default/process-instance?sortBy=nonsense&sortOrder=asc"))
                .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString()));
        // an invalid sort key is the client's error; every answer is free of Java names, none is a server error
        assertThat(answers.get(0).statusCode()).as(answers.get(0).body()).isEqualTo(400);
        assertThat(answers.get(0).body()).contains("urn:aftermath:problem");
        for (HttpResponse<String> r : answers) {
            assertThat(r.statusCode()).as(r.uri() + " " + r.body()).isLessThan(500);
            assertThat(r.body()).as(r.uri().toString()).doesNotContain("Dto", "Exception", "org.camunda", "java.");
        }
    }

    @Test
    void a_refused_form_is_logged_as_one_info_line_not_an_error_with_a_stack(CapturedOutput output) throws Exception {
        String id = newIncidentId("INC-FORM-LOG");
        ProcessInstance pi = start(incident(id, "SEV3", Duration.ofHours(1)));
        runAsyncJobs();
        Task decide = taskService.createTaskQuery().processInstanceId(pi.getId()).list().get(0);
        int before = output.getAll().length();

        HttpResponse<String> r = send("POST", "/engine-rest/task/" + decide.getId() + "/complete", "mia",
                "{\"variables\":{\"postmortemNeeded\":{\"value\":false},\"decisionReason\":{\"value\":\""
                        + "d".repeat(1001) + "\"}}}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);

        String log = output.getAll().substring(before);
        List<String> refused = log.lines().filter(l -> l.contains("Form input refused")).toList();
        assertThat(refused).hasSize(1);
        assertThat(refused.get(0)).contains("INFO").contains("decisionReason");
        assertThat(log).doesNotContain("ERROR").doesNotContain("RejectedInputException")
                .doesNotContain("\tat ");
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static HttpRequest.Builder withCsrf(CookieManager cookies, HttpRequest.Builder request) {
        cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                .map(HttpCookie::getValue).reduce((a, b) -> b)
                .ifPresent(token -> request.header("X-XSRF-TOKEN", token));
        return request;
    }
}
