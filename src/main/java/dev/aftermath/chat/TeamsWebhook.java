package dev.aftermath.chat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import dev.aftermath.chat.SlackWebApi.Answer;
import dev.aftermath.chat.SlackWebApi.Outcome;

/**
 * Posts an Adaptive Card to a Microsoft Teams Workflows (Power Automate) webhook: a plain POST of a message with one
 * attachment of content type {@code application/vnd.microsoft.card.adaptive}. Workflows answers 202 (or 200) and
 * offers no way to ask later whether a post arrived, so a lost answer is {@link Outcome#LOST} without a check.
 */
@Component
public class TeamsWebhook {

    private final ObjectMapper mapper;
    private final LazyHttpClient http;
    private final Duration timeout;

    public TeamsWebhook(ObjectMapper mapper, @Value("${aftermath.chat.timeout:PT10S}") Duration timeout) {
        this.mapper = mapper;
        this.timeout = timeout;
        this.http = new LazyHttpClient(timeout);
    }

    public Answer post(String url, JsonNode message) {
        if (url == null || url.isBlank()) {
            return new Answer(Outcome.FAILED, null, "No Teams webhook URL configured for this channel");
        }
        HttpResponse<String> r;
        try {
            r = http.get().send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(message))).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            return new Answer(Outcome.RETRY, null, "Teams webhook unreachable: " + e);
        } catch (IOException e) {
            return new Answer(Outcome.LOST, null, "Answer lost: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(Outcome.LOST, null, "Interrupted while posting");
        }
        int s = r.statusCode();
        if (s >= 200 && s < 300) {
            return new Answer(Outcome.SENT, null, null);
        }
        if (s == 408 || s == 429) {
            return new Answer(Outcome.RETRY, null, "Teams webhook answered " + s);
        }
        if (s >= 500) {
            return new Answer(Outcome.LOST, null, "Teams webhook answered " + s);
        }
        return new Answer(Outcome.FAILED, null, "Teams webhook refused the card: " + s);
    }
}
