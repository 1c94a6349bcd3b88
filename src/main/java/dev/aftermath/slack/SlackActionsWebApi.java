package dev.aftermath.slack;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.aftermath.chat.SlackApp;
import dev.aftermath.chat.SlackSettings;

/**
 * The few Slack Web API methods the actions need, with the bot token ({@code users.info}, {@code chat.getPermalink},
 * {@code views.open}), and ephemeral answers through a request's {@code response_url}. Plain HTTP (connect timeout
 * 3 s, request 5 s: Slack waits 3 s for an answer); an answer without {@code "ok": true} is a {@link SlackException}.
 */
@Component
public class SlackActionsWebApi {

    private static final Logger LOG = LoggerFactory.getLogger(SlackActionsWebApi.class);
    /** Made on first use: a client sets up TLS and reads the trust store (~300 classes), which start-up need not do. */
    private static final class Http {
        static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final SlackApp app;
    private final ObjectMapper json;

    public SlackActionsWebApi(SlackApp app, ObjectMapper json) {
        this.app = app;
        this.json = json;
    }

    /** The e-mail address of a Slack user's profile ({@code users.info}, scope {@code users:read.email}). */
    public Optional<String> email(String slackUserId) {
        JsonNode user = form("users.info", Map.of("user", slackUserId));
        String email = user.path("user").path("profile").path("email").asText("");
        return email.isBlank() ? Optional.empty() : Optional.of(email);
    }

    /** The permalink of a message ({@code chat.getPermalink}). */
    public String permalink(String channel, String messageTs) {
        return form("chat.getPermalink", Map.of("channel", channel, "message_ts", messageTs)).path("permalink")
                .asText();
    }

    /** Opens a modal for the user who pressed ({@code views.open} with the request's trigger id). */
    public void openView(String triggerId, Map<String, Object> view) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("trigger_id", triggerId);
        body.put("view", view);
        check("views.open", send(app.settings().apiUrl() + "views.open", "application/json; charset=utf-8",
                write(body), true));
    }

    /** An ephemeral answer to the user of a request, through its {@code response_url}. */
    public void respond(String responseUrl, String text) {
        if (responseUrl == null || responseUrl.isBlank()) {
            LOG.warn("Slack request without response_url: answer not sent ({})", text);
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("response_type", "ephemeral");
        body.put("replace_original", false);
        body.put("text", text);
        HttpResponse<String> answer = send(responseUrl, "application/json; charset=utf-8", write(body), false);
        if (answer.statusCode() / 100 != 2) {
            throw new SlackException("Slack's response_url answered " + answer.statusCode());
        }
    }

    private JsonNode form(String method, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return check(method, send(app.settings().apiUrl() + method, "application/x-www-form-urlencoded", body,
                true));
    }

    private JsonNode check(String method, HttpResponse<String> answer) {
        JsonNode node;
        try {
            node = json.readTree(answer.body() == null ? "" : answer.body());
        } catch (IOException e) {
            node = null;
        }
        if (answer.statusCode() / 100 != 2 || node == null || !node.path("ok").asBoolean(false)) {
            throw new SlackException("Slack " + method + " failed: HTTP " + answer.statusCode() + " "
                    + (node == null ? "" : node.path("error").asText("")));
        }
        return node;
    }

    private HttpResponse<String> send(String url, String contentType, String body, boolean token) {
        SlackSettings settings = app.settings();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (token) {
            if (!settings.enabled()) {
                throw new SlackException("No Slack bot token configured (aftermath.slack.bot-token)");
            }
            request.header("Authorization", "Bearer " + settings.botToken());
        }
        try {
            return Http.CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SlackException("Slack did not answer: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SlackException("Interrupted while calling Slack");
        }
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Slack did not answer, or answered an error. */
    public static class SlackException extends RuntimeException {
        public SlackException(String message) {
            super(message);
        }
    }
}
