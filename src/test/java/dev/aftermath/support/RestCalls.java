package dev.aftermath.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON over HTTP with Basic authentication (password = user id, as for the demo users) against the test server. */
public final class RestCalls {

    public record Reply(int status, String contentType, String body, JsonNode json) {
        public List<String> fields() {
            List<String> fields = new ArrayList<>();
            JsonNode errors = json == null ? null : json.get("errors");
            if (errors != null) {
                errors.forEach(e -> fields.add(e.path("field").asText()));
            }
            return fields;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final int port;
    private final ObjectMapper json;

    public RestCalls(int port, ObjectMapper json) {
        this.port = port;
        this.json = json;
    }

    public Reply get(String path, String user) throws Exception {
        return send("GET", path, user, null);
    }

    public Reply post(String path, String user, Object body) throws Exception {
        return send("POST", path, user, body instanceof String s ? s : json.writeValueAsString(body));
    }

    public Reply send(String method, String path, String user, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(60)).header("Accept", "application/json, */*");
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8)));
        }
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        String type = r.headers().firstValue("Content-Type").orElse("");
        JsonNode node = type.contains("json") && !r.body().isBlank() ? json.readTree(r.body()) : null;
        return new Reply(r.statusCode(), type, r.body(), node);
    }
}
