package dev.aftermath.integration.slack;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.camunda.bpm.engine.identity.User;
import org.springframework.stereotype.Component;

import dev.aftermath.chat.SlackApp;
import dev.aftermath.chat.SlackSettings;
import dev.aftermath.directory.UserDirectory;
import dev.aftermath.incident.Incident;
import dev.aftermath.integration.HttpJson;
import dev.aftermath.integration.HttpJson.Answer;
import dev.aftermath.integration.HttpJson.IntegrationException;
import dev.aftermath.integration.TimelineImportProperties;
import dev.aftermath.integration.TimelineImportProperties.Mode;
import dev.aftermath.postmortem.TimelineCandidateSource;

/**
 * Timeline candidates from the incident's Slack channel ({@link Incident#chatChannel()}), with the bot token of
 * {@link SlackSettings}: the pinned messages ({@code pins.list}) first and/or every message of the incident window
 * ({@code conversations.history} from start − margin to resolution + margin, paged with cursors), as
 * {@code aftermath.timeline-import.slack.mode} says. The actor is the directory user with the Slack user's e-mail
 * ({@code users.info}), else the Slack name; the link is the message's permalink. Scopes: channels:history,
 * groups:history, pins:read, users:read, users:read.email.
 */
@Component
public class SlackChannelTimeline implements TimelineCandidateSource {

    public static final String SOURCE = "slack";

    private final SlackApp app;
    private final TimelineImportProperties properties;
    private final UserDirectory directory;
    private final ObjectMapper mapper;

    public SlackChannelTimeline(SlackApp app, TimelineImportProperties properties, UserDirectory directory,
                                ObjectMapper mapper) {
        this.app = app;
        this.properties = properties;
        this.directory = directory;
        this.mapper = mapper;
    }

    @Override
    public String name() {
        return SOURCE;
    }

    @Override
    public boolean appliesTo(Incident incident) {
        return properties.getSlack().isEnabled() && app.settings().enabled() && incident.chatChannel() != null
                && !incident.chatChannel().isBlank();
    }

    @Override
    public List<Candidate> candidates(Incident incident) {
        TimelineImportProperties.Slack config = properties.getSlack();
        HttpJson http = new HttpJson(mapper, "Slack", Map.of("Authorization", "Bearer " + app.settings().botToken()));
        String channel = incident.chatChannel().strip().replaceFirst("^#", "");
        Map<String, String> actors = new HashMap<>();
        Map<String, Candidate> byTs = new LinkedHashMap<>();
        if (config.getMode() != Mode.ALL) {
            JsonNode pins = call(http, "pins.list", Map.of("channel", channel));
            for (JsonNode item : pins.path("items")) {
                JsonNode message = item.path("message");
                if (!"message".equals(item.path("type").asText()) || message.isMissingNode()) {
                    continue;
                }
                Candidate c = candidate(http, message, message.path("permalink").asText(null), true, actors);
                if (c != null) {
                    byTs.putIfAbsent(c.sourceId(), c);
                }
            }
        }
        if (config.getMode() != Mode.PINNED_ONLY) {
            Instant start = incident.startedAt() != null ? incident.startedAt()
                    : incident.detectedAt() != null ? incident.detectedAt() : incident.resolvedAt();
            Instant end = incident.resolvedAt() != null ? incident.resolvedAt() : start;
            String workspace = null;
            String cursor = null;
            Set<String> cursors = new HashSet<>();
            do {
                Map<String, String> query = new LinkedHashMap<>();
                query.put("channel", channel);
                query.put("oldest", ts(start.minus(config.getMargin())));
                query.put("latest", ts(end.plus(config.getMargin())));
                query.put("inclusive", "true");
                query.put("limit", String.valueOf(config.getPageSize()));
                if (cursor != null) {
                    query.put("cursor", cursor);
                }
                JsonNode page = call(http, "conversations.history", query);
                for (JsonNode message : page.path("messages")) {
                    String subtype = message.path("subtype").asText("");
                    if (config.getSkipSubtypes().contains(subtype) || byTs.containsKey(message.path("ts").asText())) {
                        continue;
                    }
                    if (workspace == null) {
                        workspace = call(http, "auth.test", Map.of()).path("url").asText("https://slack.com/");
                    }
                    Candidate c = candidate(http, message, permalink(workspace, channel, message.path("ts").asText()),
                            false, actors);
                    if (c != null) {
                        byTs.putIfAbsent(c.sourceId(), c);
                    }
                }
                cursor = page.path("response_metadata").path("next_cursor").asText("");
                if (cursor.isBlank() || !cursors.add(cursor)) {
                    cursor = null;
                }
            } while (cursor != null);
        }
        return new ArrayList<>(byTs.values());
    }

    private Candidate candidate(HttpJson http, JsonNode message, String link, boolean pinned,
                                Map<String, String> actors) {
        String ts = message.path("ts").asText(null);
        String text = message.path("text").asText("");
        if (ts == null || text.isBlank()) {
            return null;
        }
        String user = message.path("user").asText(null);
        String actor;
        if (user != null) {
            actor = actors.computeIfAbsent(user, u -> actor(http, u));
        } else {
            actor = message.path("username").asText(message.path("bot_profile").path("name").asText(null));
        }
        return new Candidate(ts, instant(ts), actor, text, link, pinned);
    }

    /** The directory user with the Slack user's e-mail, else the Slack name (real name, display name, id). */
    private String actor(HttpJson http, String slackUser) {
        Answer answer = http.send("GET", url("users.info", Map.of("user", slackUser)), null);
        if (!answer.ok() || answer.body() == null || !answer.body().path("ok").asBoolean()) {
            if (answer.status() == 429 || answer.status() >= 500) {
                throw http.failed("GET", "users.info", answer);
            }
            return slackUser;
        }
        JsonNode u = answer.body().path("user");
        String email = u.path("profile").path("email").asText(null);
        User known = email == null ? null : directory.findByEmail(email).orElse(null);
        if (known != null) {
            return known.getId();
        }
        for (String name : new String[] {u.path("real_name").asText(""), u.path("profile").path("real_name")
                .asText(""), u.path("name").asText("")}) {
            if (!name.isBlank()) {
                return name;
            }
        }
        return slackUser;
    }

    /** A Web API method's answer; {@code ok: false} or a status outside 2xx fails the import (it is retried). */
    private JsonNode call(HttpJson http, String method, Map<String, String> query) {
        String url = url(method, query);
        Answer answer = http.send("GET", url, null);
        if (!answer.ok() || answer.body() == null) {
            throw http.failed("GET", app.settings().apiUrl() + method, answer);
        }
        if (!answer.body().path("ok").asBoolean()) {
            throw new IntegrationException("Slack answered " + method + " with error "
                    + answer.body().path("error").asText("?"), null);
        }
        return answer.body();
    }

    private String url(String method, Map<String, String> query) {
        StringBuilder url = new StringBuilder(app.settings().apiUrl()).append(method);
        char sep = '?';
        for (Map.Entry<String, String> e : query.entrySet()) {
            url.append(sep).append(e.getKey()).append('=').append(URLEncoder.encode(e.getValue(),
                    StandardCharsets.UTF_8));
            sep = '&';
        }
        return url.toString();
    }

    /** https://workspace.slack.com/archives/C0123/p1700000000123456 */
    static String permalink(String workspace, String channel, String ts) {
        String base = workspace.endsWith("/") ? workspace : workspace + "/";
        return base + "archives/" + channel + "/p" + ts.replace(".", "");
    }

    static Instant instant(String ts) {
        BigDecimal seconds = new BigDecimal(ts);
        long whole = seconds.longValue();
        long micros = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(6).longValue();
        return Instant.ofEpochSecond(whole, micros * 1000);
    }

    static String ts(Instant at) {
        return at.getEpochSecond() + "." + String.format("%06d", at.getNano() / 1000);
    }
}
