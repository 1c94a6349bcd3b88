package dev.aftermath.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import dev.aftermath.support.ProcessTestSupport;

/**
 * The OpenAPI description at /v3/api-docs covers every /api endpoint Spring MVC serves (a new endpoint without a
 * description fails here), with problem details and authentication, behind the same login as the API.
 */
class OpenApiDocumentTest extends ProcessTestSupport {

    @Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mapping;
    @org.springframework.boot.test.web.server.LocalServerPort int port;

    private HttpResponse<String> get(String path, String user) throws Exception {
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://localhost:" + port + path));
        if (user != null) {
            b.header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + user)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        return java.net.http.HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void every_api_endpoint_is_described_with_problems_and_authentication() throws Exception {
        assertThat(get("/v3/api-docs", null).statusCode()).isEqualTo(401);
        assertThat(get("/swagger-ui/index.html", null).statusCode()).isEqualTo(401);
        HttpResponse<String> r = get("/v3/api-docs", "alex");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode doc = objectMapper.readTree(r.body());
        // the live document, for CI's linter (.ci/run: redocly lint) and for a reader
        java.nio.file.Files.createDirectories(java.nio.file.Path.of("target"));
        java.nio.file.Files.writeString(java.nio.file.Path.of("target/openapi.json"), r.body());
        assertThat(doc.path("openapi").asText()).startsWith("3.");

        List<String> expected = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, ?> e : mapping.getHandlerMethods().entrySet()) {
            RequestMappingInfo info = e.getKey();
            for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith("/api/") || pattern.startsWith("/api/test-only/")) {
                    continue;
                }
                var methods = info.getMethodsCondition().getMethods();
                for (RequestMethod m : methods.isEmpty() ? List.of(RequestMethod.GET) : methods) {
                    expected.add(m.name().toLowerCase(Locale.ROOT) + " " + pattern);
                }
            }
        }
        assertThat(expected).as("the /api endpoints Spring MVC serves").hasSizeGreaterThan(10)
                .contains("post /api/action-items/{incidentId}/AI-{number}/owner", "post /api/webhooks/jira");
        List<String> missing = new ArrayList<>();
        for (String endpoint : expected) {
            String[] mp = endpoint.split(" ", 2);
            JsonNode op = doc.path("paths").path(mp[1]).path(mp[0]);
            if (op.isMissingNode()) {
                missing.add(endpoint);
                continue;
            }
            JsonNode responses = op.path("responses");
            assertThat(responses.has("401")).as(endpoint + " describes 401").isTrue();
            assertThat(responses.path("400").path("content").has("application/problem+json"))
                    .as(endpoint + " describes its problem details").isTrue();
        }
        assertThat(missing).as("endpoints missing from /v3/api-docs").isEmpty();

        // authentication: HTTP Basic and the webapp session; webhooks only by their signature
        JsonNode schemes = doc.path("components").path("securitySchemes");
        assertThat(schemes.path("basic").path("scheme").asText()).isEqualTo("basic");
        assertThat(schemes.path("camundaSession").path("in").asText()).isEqualTo("cookie");
        assertThat(doc.path("security").toString()).contains("basic").contains("camundaSession");
        assertThat(doc.path("paths").path("/api/webhooks/jira").path("post").path("security").isEmpty()).isTrue();
        assertThat(doc.path("components").path("schemas").path("Problem").path("properties").has("errors")).isTrue();
        // requests and answers: the owner change names its path parameters and answers an item
        JsonNode owner = doc.path("paths").path("/api/action-items/{incidentId}/AI-{number}/owner").path("post");
        assertThat(owner.path("parameters").toString()).contains("incidentId").contains("number");
        assertThat(owner.path("requestBody").toString()).contains("OwnerChangeRequest");
        assertThat(doc.path("components").path("schemas").path("OwnerChangeRequest").path("required").toString())
                .contains("owner").contains("rationale");
        assertThat(owner.path("responses").path("200").path("content").toString()).contains("ActionItem");
        assertThat(owner.path("responses").has("403")).isTrue();
        assertThat(owner.path("responses").has("409")).isTrue();

        // for integrators: every operation says what it is, who may call it and what it changes, with typed bodies
        List<String> undescribed = new ArrayList<>();
        java.util.Set<String> operationIds = new java.util.HashSet<>();
        doc.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(m -> {
            String endpoint = m.getKey() + " " + path.getKey();
            JsonNode op = m.getValue();
            if (op.path("summary").asText().isBlank() || op.path("description").asText().length() < 40
                    || !op.path("description").asText().matches("(?s).*(Callers|Sender).*")
                    || !operationIds.add(op.path("operationId").asText()) || op.path("tags").isEmpty()) {
                undescribed.add(endpoint + " (summary, description naming the callers, unique operationId, tag)");
            }
            op.path("parameters").forEach(p -> {
                if (List.of("page", "size").contains(p.path("name").asText())
                        && !p.path("schema").path("type").asText().equals("integer")) {
                    undescribed.add(endpoint + " declares " + p.path("name").asText() + " as "
                            + p.path("schema").path("type").asText());
                }
            });
            JsonNode body = op.path("requestBody").path("content");
            if (!body.isMissingNode()) {
                String schema = body.elements().next().path("schema").toString();
                if (!schema.contains("#/components/schemas/") || schema.contains("JsonNode")) {
                    undescribed.add(endpoint + " has an untyped body: " + schema);
                }
                if (!op.path("responses").has("413")) {
                    undescribed.add(endpoint + " reads a body but does not describe 413");
                }
            }
            op.path("responses").fields().forEachRemaining(resp -> {
                if (resp.getKey().startsWith("2") && !resp.getValue().path("content").isMissingNode()
                        && resp.getValue().path("content").toString().contains("\"type\":\"object\"}")) {
                    undescribed.add(endpoint + " answers " + resp.getKey() + " a bare object");
                }
                if (resp.getKey().startsWith("4") && !resp.getValue().path("content").path("application/problem+json")
                        .path("schema").path("$ref").asText().endsWith("/Problem")) {
                    undescribed.add(endpoint + " answers " + resp.getKey() + " without problem details");
                }
            });
        }));
        assertThat(undescribed).as("operations an integrator cannot use from the document alone").isEmpty();
        assertThat(doc.path("paths").toString()).doesNotContain("JsonNode");
        assertThat(doc.path("components").path("schemas").has("JsonNode")).isFalse();
        JsonNode fieldError = doc.path("components").path("schemas").path("FieldError");
        assertThat(fieldError.path("required").toString()).contains("field").contains("message");
        assertThat(doc.path("components").path("schemas").path("Problem").path("properties").path("errors")
                .path("items").path("$ref").asText()).isEqualTo("#/components/schemas/FieldError");
        // limits from web.InputLimits, and required fields, on the closure
        JsonNode closure = doc.path("components").path("schemas").path("IncidentClosure");
        assertThat(closure.path("required").toString()).contains("id").contains("severity").contains("resolvedAt")
                .contains("commander");
        assertThat(closure.path("properties").path("title").path("maxLength").asInt())
                .isEqualTo(dev.aftermath.web.InputLimits.TITLE);
        assertThat(closure.path("properties").path("customerImpact").path("maxLength").asInt())
                .isEqualTo(dev.aftermath.web.InputLimits.CUSTOMER_IMPACT);
        assertThat(closure.path("properties").path("resolvedAt").path("format").asText()).isEqualTo("date-time");
        assertThat(closure.path("properties").path("id").has("example")).isTrue();
        // webhooks: the sender, the signature header and how it is computed, the answers
        for (String[] hook : new String[][] {{"/api/webhooks/pagerduty", "X-PagerDuty-Signature", "v1="},
                {"/api/webhooks/jira", "X-Hub-Signature", "sha256="}}) {
            JsonNode op = doc.path("paths").path(hook[0]).path("post");
            assertThat(op.path("description").asText()).contains("Sender:").contains(hook[1]).contains(hook[2])
                    .contains("HMAC-SHA256").contains("raw request body");
            assertThat(op.path("parameters").toString()).contains(hook[1]);
            assertThat(op.path("security").isArray() && op.path("security").isEmpty()).isTrue();
            assertThat(op.path("responses").has("202")).isTrue();
            assertThat(op.path("responses").path("401").path("description").asText()).contains(hook[1]);
        }
        // license, servers
        assertThat(doc.path("info").path("license").path("name").asText()).isNotBlank();
        assertThat(doc.path("info").path("license").path("identifier").asText()).isNotBlank();
        assertThat(doc.path("servers").path(0).path("url").asText()).isEqualTo("/");

        HttpResponse<String> ui = get("/swagger-ui/index.html", "alex");
        assertThat(ui.statusCode()).isEqualTo(200);
        assertThat(ui.body()).contains("swagger-ui");
    }
}
