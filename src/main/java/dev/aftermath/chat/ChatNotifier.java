package dev.aftermath.chat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.aftermath.template.Templates;

/**
 * Records the chat messages of one mail intent in the chat outbox ({@code am_chat_delivery}), inside the caller's
 * transaction (the engine's, when a send step runs): one row per channel the mapping ({@link ChatChannels}) names for
 * the intent's template, keyed by SHA-256 of the mail's intent and the channel, so a committed step records its
 * messages once and a rolled-back step none. {@link ChatDispatcher} posts them after the commit.
 * <p>
 * The text is {@code templates/chat/<template>.vm} (else {@code chat/<folder>/default.vm}) with three blocks:
 * {@code title}, {@code text} and {@code buttons} (one per line: {@code label | url}, or
 * {@code label | action:<action_id>} for a Slack action button whose value is the action item's id).
 */
@Component
public class ChatNotifier {

    private static final Logger LOG = LoggerFactory.getLogger(ChatNotifier.class);

    private final JdbcClient jdbc;
    private final ChatChannels channels;
    private final Templates templates;
    private final SlackWebApi slack;
    private final ChatDispatcher dispatcher;
    private final ObjectMapper mapper;
    private final Clock clock;

    public ChatNotifier(JdbcClient jdbc, ChatChannels channels, Templates templates, SlackWebApi slack,
                        ChatDispatcher dispatcher, ObjectMapper mapper, Clock clock) {
        this.jdbc = jdbc;
        this.channels = channels;
        this.templates = templates;
        this.slack = slack;
        this.dispatcher = dispatcher;
        this.mapper = mapper;
        this.clock = clock;
    }

    /**
     * @param intent      the mail's intent (stable across retries of the step)
     * @param template    the mail template (e.g. {@code action-item/reminder}, {@code task/Task_WriteDraft})
     * @param businessKey the sending instance's business key (an incident id or an action item's id)
     * @param mailTo      the mail's recipients as written in the diagram (user ids, {@code group:<id>})
     * @param model       the mail's model ({@code $incident} carries {@code chatChannel} and {@code restricted})
     * @return the number of messages recorded
     */
    public int record(String intent, String template, String businessKey, List<String> mailTo,
                      Map<String, Object> model) {
        ChatRouting routing = channels.routing();
        ChatRouting.Intent configured = routing.intent(template);
        if (configured == null) {
            return 0;
        }
        Map<?, ?> incident = model.get("incident") instanceof Map<?, ?> m ? m : Map.of();
        Object channel = incident.get("chatChannel");
        boolean restricted = Boolean.TRUE.equals(incident.get("restricted"));
        List<ChatRouting.Target> targets = new ArrayList<>();
        for (ChatRouting.Target t : routing.targets(template, mailTo, channel == null ? null : channel.toString(),
                restricted)) {
            if (ChatRouting.TEAMS.equals(t.kind()) || slack.enabled()) {
                targets.add(t);
            }
        }
        if (targets.isEmpty()) {
            return 0;
        }
        Map<String, String> keys = new LinkedHashMap<>();
        for (ChatRouting.Target t : targets) {
            keys.put(key(intent, t), t.kind() + ":" + t.address());
        }
        List<String> known = jdbc.sql("select idem_key from am_chat_delivery where idem_key in (:keys)")
                .param("keys", keys.keySet()).query(String.class).list();
        Rendered rendered;
        String renderError = null;
        try {
            rendered = render(template, model);
        } catch (RuntimeException e) {
            // the mail goes out all the same; the chat message is recorded as FAILED, visible to administrators
            LOG.error("Chat message of '{}' could not be rendered: {}", template, e.toString());
            rendered = new Rendered(template, "", List.of());
            renderError = "Could not render templates/chat/" + template + ".vm: " + e;
        }
        String item = businessKey != null && businessKey.contains("/AI-") ? businessKey : null;
        Instant now = clock.instant();
        int recorded = 0;
        for (ChatRouting.Target t : targets) {
            String key = key(intent, t);
            if (known.contains(key)) {
                continue;
            }
            ObjectNode payload = ChatRouting.SLACK.equals(t.kind())
                    ? slackMessage(t.address(), rendered, configured.actions() ? item : null, key, intent, template)
                    : teamsMessage(rendered);
            jdbc.sql("""
                    insert into am_chat_delivery (id, idem_key, intent, template, business_key, kind, channel_name,
                        address, text_body, payload, status, attempts, uncertain, next_attempt_at, last_error,
                        created_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, false, ?, ?, ?)""")
                    .params(UUID.randomUUID().toString(), key, abbreviate(intent, 300), abbreviate(template, 200),
                            businessKey, t.kind(), t.channelName(), t.address(), rendered.title() + "\n"
                                    + rendered.text(), payload.toString(),
                            renderError == null ? ChatDispatcher.PENDING : ChatDispatcher.FAILED,
                            Timestamp.from(now), renderError, Timestamp.from(now))
                    .update();
            recorded++;
        }
        if (recorded > 0) {
            LOG.info("Recorded {} chat message(s) of '{}' ({})", recorded, template, intent);
            dispatcher.dispatchAfterCommit();
        }
        return recorded;
    }

    /** SHA-256 of the mail's intent and the target: the outbox key, and the key in the Slack message's metadata. */
    static String key(String intent, ChatRouting.Target target) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((intent + "\n" + target.kind() + ":"
                    + target.channelName() + ":" + target.address()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A button: a link, or (action != null) a Slack action button. */
    record Button(String label, String url, String action) {
    }

    record Rendered(String title, String text, List<Button> buttons) {
    }

    Rendered render(String template, Map<String, Object> model) {
        String file = "chat/" + template + ".vm";
        if (!templates.exists(file)) {
            int slash = template.lastIndexOf('/');
            String fallback = "chat/" + (slash < 0 ? "" : template.substring(0, slash + 1)) + "default.vm";
            if (!templates.exists(fallback)) {
                throw new IllegalStateException("No chat template " + file + " (nor " + fallback + ")");
            }
            file = fallback;
        }
        Map<String, String> blocks = templates.textBlocks(file, model, "title", "text", "buttons");
        List<Button> buttons = new ArrayList<>();
        for (String line : blocks.get("buttons").split("\n")) {
            int bar = line.lastIndexOf('|');
            if (bar < 0) {
                continue;
            }
            String label = line.substring(0, bar).trim();
            String target = line.substring(bar + 1).trim();
            if (label.isEmpty() || target.isEmpty() || target.startsWith("$")) {
                continue; // a link the model does not have
            }
            buttons.add(target.startsWith("action:") ? new Button(label, null, target.substring(7))
                    : new Button(label, target, null));
        }
        return new Rendered(blocks.get("title").replaceAll("\\s+", " ").trim(), blocks.get("text"), buttons);
    }

    /** Slack's mrkdwn control characters in text from the model (an incident title cannot mention @channel). */
    static String slackEscape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private ObjectNode slackMessage(String channel, Rendered r, String item, String key, String intent,
                                    String template) {
        ObjectNode body = mapper.createObjectNode();
        body.put("channel", channel);
        body.put("text", slackEscape(r.title()));
        body.put("unfurl_links", false);
        ArrayNode blocks = body.putArray("blocks");
        ObjectNode header = blocks.addObject();
        header.put("type", "header");
        header.putObject("text").put("type", "plain_text").put("text", abbreviate(r.title(), 150));
        if (!r.text().isBlank()) {
            ObjectNode section = blocks.addObject();
            section.put("type", "section");
            section.putObject("text").put("type", "mrkdwn").put("text", abbreviate(slackEscape(r.text()), 3000));
        }
        List<ObjectNode> elements = new ArrayList<>();
        int n = 0;
        for (Button b : r.buttons()) {
            ObjectNode button = mapper.createObjectNode();
            button.put("type", "button");
            button.putObject("text").put("type", "plain_text").put("text", abbreviate(b.label(), 75));
            if (b.action() == null) {
                button.put("action_id", "aftermath_link_" + (++n));
                button.put("url", b.url());
            } else if (item != null) {
                button.put("action_id", b.action());
                button.put("value", item);
            } else {
                continue;
            }
            elements.add(button);
        }
        if (!elements.isEmpty()) {
            ObjectNode actions = blocks.addObject();
            actions.put("type", "actions");
            actions.putArray("elements").addAll(elements);
        }
        body.set("metadata", SlackWebApi.metadata(mapper, key, intent, template));
        return body;
    }

    private ObjectNode teamsMessage(Rendered r) {
        ObjectNode message = mapper.createObjectNode();
        message.put("type", "message");
        ObjectNode attachment = message.putArray("attachments").addObject();
        attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
        attachment.putNull("contentUrl");
        ObjectNode card = attachment.putObject("content");
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("type", "AdaptiveCard");
        card.put("version", "1.4");
        ArrayNode body = card.putArray("body");
        body.addObject().put("type", "TextBlock").put("text", r.title()).put("weight", "Bolder").put("size", "Medium")
                .put("wrap", true);
        if (!r.text().isBlank()) {
            body.addObject().put("type", "TextBlock").put("text", r.text()).put("wrap", true);
        }
        ArrayNode actions = card.putArray("actions");
        for (Button b : r.buttons()) {
            if (b.url() != null) {
                actions.addObject().put("type", "Action.OpenUrl").put("title", b.label()).put("url", b.url());
            }
        }
        return message;
    }

    private static String abbreviate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
