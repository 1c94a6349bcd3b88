package dev.aftermath.chat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The two Slack Web API methods the chat outbox uses, over plain HTTP with the bot token of {@link SlackSettings}:
 * {@code chat.postMessage} (the message carries its outbox key in {@code metadata}) and {@code conversations.history}
 * (to find that key again after a lost answer).
 */
@Component
public class SlackWebApi {

    /** The metadata event type of every message the outbox posts. */
    public static final String EVENT_TYPE = "aftermath_notification";
    /** Slack errors worth another attempt; every other {@code ok: false} is final (bad channel, token, scope). */
    private static final Set<String> TRANSIENT = Set.of("ratelimited", "internal_error", "fatal_error",
            "service_unavailable", "request_timeout");

    private final ObjectMapper mapper;
    private final LazyHttpClient http;
    private final Duration timeout;
    private final SlackApp app;

    public SlackWebApi(SlackApp app, ObjectMapper mapper,
                       @Value("${aftermath.chat.timeout:PT10S}") Duration timeout) {
        this.app = app;
        this.mapper = mapper;
        this.timeout = timeout;
        this.http = new LazyHttpClient(timeout);
    }

    /** True when a bot token is configured. */
    public boolean enabled() {
        return app.settings().enabled();
    }

    /** What a post came to. */
    public record Answer(Outcome outcome, String ts, String error) {
    }

    public enum Outcome {
        /** Posted; {@code ts} is the message's timestamp. */
        SENT,
        /** Not posted, and Slack said so: worth another attempt. */
        RETRY,
        /** Maybe posted (timeout, reset, 5xx): look before posting again. */
        LOST,
        /** Refused for good (unknown channel, bad token, missing scope). */
        FAILED
    }

    /** {@code chat.postMessage} with the body as recorded (channel, text, blocks, metadata). */
    public Answer postMessage(JsonNode body) {
        HttpResponse<String> r;
        try {
            r = http.get().send(request("chat.postMessage").header("Content-Type", "application/json; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            return new Answer(Outcome.RETRY, null, "Slack unreachable: " + e);
        } catch (IOException e) {
            return new Answer(Outcome.LOST, null, "Answer lost: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(Outcome.LOST, null, "Interrupted while posting");
        }
        if (r.statusCode() == 429) {
            return new Answer(Outcome.RETRY, null, "Slack rate limit (429)");
        }
        if (r.statusCode() >= 500) {
            return new Answer(Outcome.LOST, null, "Slack answered " + r.statusCode());
        }
        JsonNode answer;
        try {
            answer = mapper.readTree(r.body());
        } catch (IOException e) {
            return new Answer(Outcome.LOST, null, "Slack answered " + r.statusCode() + " without JSON");
        }
        if (r.statusCode() == 200 && answer.path("ok").asBoolean(false)) {
            return new Answer(Outcome.SENT, answer.path("ts").asText(null), null);
        }
        String error = answer.path("error").asText("HTTP " + r.statusCode());
        return new Answer(TRANSIENT.contains(error) ? Outcome.RETRY : Outcome.FAILED, null, "Slack: " + error);
    }

    /** The check failed: nobody knows whether the message is there. */
    public static class CheckFailed extends Exception {
        CheckFailed(String message) {
            super(message);
        }
    }

    /**
     * The timestamp of the message in {@code channel} whose metadata carries {@code key}, posted since
     * {@code since}; empty when there is none ({@code conversations.history} with {@code include_all_metadata}).
     */
    public Optional<String> findPosted(String channel, String key, Instant since) throws CheckFailed {
        String cursor = "";
        for (int page = 0; page < 10; page++) {
            String query = "?channel=" + enc(channel) + "&oldest=" + since.getEpochSecond()
                    + "&include_all_metadata=true&limit=200" + (cursor.isEmpty() ? "" : "&cursor=" + enc(cursor));
            JsonNode answer;
            try {
                HttpResponse<String> r = http.get().send(request("conversations.history" + query).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new CheckFailed("conversations.history answered " + r.statusCode());
                }
                answer = mapper.readTree(r.body());
            } catch (IOException e) {
                throw new CheckFailed("conversations.history: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CheckFailed("interrupted");
            }
            if (!answer.path("ok").asBoolean(false)) {
                throw new CheckFailed("conversations.history: " + answer.path("error").asText("not ok"));
            }
            for (JsonNode m : answer.path("messages")) {
                JsonNode meta = m.path("metadata");
                if (EVENT_TYPE.equals(meta.path("event_type").asText())
                        && key.equals(meta.path("event_payload").path("intent_key").asText())) {
                    return Optional.of(m.path("ts").asText());
                }
            }
            cursor = answer.path("response_metadata").path("next_cursor").asText("");
            if (cursor.isEmpty() || !answer.path("has_more").asBoolean(false)) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private HttpRequest.Builder request(String method) {
        SlackSettings settings = app.settings();
        return HttpRequest.newBuilder(URI.create(settings.apiUrl() + method)).timeout(timeout)
                .header("Authorization", "Bearer " + settings.botToken());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A Slack message body: channel, fallback text, blocks and the outbox key as metadata. */
    static ObjectNode metadata(ObjectMapper mapper, String key, String intent, String template) {
        ObjectNode meta = mapper.createObjectNode();
        meta.put("event_type", EVENT_TYPE);
        ObjectNode payload = meta.putObject("event_payload");
        payload.put("intent_key", key);
        payload.put("intent", intent);
        payload.put("template", template);
        return meta;
    }
}
