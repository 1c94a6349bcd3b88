package dev.aftermath.integration;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * JSON over HTTP for the integration adapters ({@code java.net.http}, connect timeout 5 s, request timeout 20 s). An
 * answer outside 2xx (and not expected by the caller) or no answer at all is an {@link IntegrationException}: the
 * asynchronous step that called fails and is retried.
 */
public final class HttpJson {

    /** Made on first use: a client sets up TLS and reads the trust store (~300 classes), which start-up need not do. */
    private static final class Http {
        static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final ObjectMapper mapper;
    private final String system;
    private final Map<String, String> headers;

    public HttpJson(ObjectMapper mapper, String system, Map<String, String> headers) {
        this.mapper = mapper;
        this.system = system;
        this.headers = headers;
    }

    public static String basic(String user, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    /** An answer: status and body (JSON, or null when empty or not JSON). */
    public record Answer(int status, JsonNode body, String raw) {
        public boolean ok() {
            return status / 100 == 2;
        }
    }

    public Answer get(String url) {
        return send("GET", url, null);
    }

    public Answer send(String method, String url, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT);
        if (!headers.containsKey("Accept")) {
            request.header("Accept", "application/json");
        }
        headers.forEach(request::header);
        try {
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json");
                request.method(method, HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body),
                        StandardCharsets.UTF_8));
            }
            HttpResponse<String> response = Http.CLIENT.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            JsonNode json = null;
            String raw = response.body();
            if (raw != null && !raw.isBlank()) {
                try {
                    json = mapper.readTree(raw);
                } catch (IOException notJson) {
                    json = null;
                }
            }
            return new Answer(response.statusCode(), json, raw);
        } catch (IOException e) {
            throw new IntegrationException(system + " did not answer " + method + " " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IntegrationException(system + " call interrupted: " + method + " " + url, e);
        }
    }

    /** The answer, which must be 2xx. */
    public Answer expectOk(String method, String url, Object body) {
        Answer answer = send(method, url, body);
        if (!answer.ok()) {
            throw failed(method, url, answer);
        }
        return answer;
    }

    public IntegrationException failed(String method, String url, Answer answer) {
        String raw = answer.raw() == null ? "" : answer.raw();
        return new IntegrationException(system + " answered " + answer.status() + " to " + method + " " + url + ": "
                + (raw.length() > 300 ? raw.substring(0, 300) + "…" : raw), null);
    }

    /** A failed call to an external system (the async step retries, then shows an incident in Cockpit). */
    public static class IntegrationException extends RuntimeException {
        public IntegrationException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
