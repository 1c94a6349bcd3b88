package dev.aftermath.chat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The channel mapping of {@code processes/chat-channels.json}: which mail intents also go to chat, and to which
 * channels. Plain data and rules, no I/O: {@link #targets} answers where one message goes.
 */
public record ChatRouting(Map<String, Channel> channels, Map<String, List<String>> groups,
                          Map<String, Intent> intents, boolean incidentChannelRestricted) {

    public static final String SLACK = "SLACK";
    public static final String TEAMS = "TEAMS";
    /** The channel name of an incident's own channel in the outbox. */
    public static final String INCIDENT_CHANNEL = "incident";

    /** A named channel: a Slack channel id and/or a Teams Workflows webhook URL (either may be empty). */
    public record Channel(String name, String slack, String teams, boolean restricted) {
    }

    /** Where one intent goes: {@code recipients}, {@code incident}, {@code channel:<name>}; with action buttons. */
    public record Intent(List<String> to, boolean actions) {
    }

    /** One post: SLACK to a channel id, or TEAMS to the webhook of a named channel. */
    public record Target(String kind, String channelName, String address) {
    }

    /** Reads the JSON; {@code resolve} expands {@code ${...}} placeholders (the environment). */
    public static ChatRouting parse(JsonNode root, UnaryOperator<String> resolve) {
        Map<String, Channel> channels = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("channels").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode c = e.getValue();
            channels.put(e.getKey(), new Channel(e.getKey(), text(c.path("slack"), resolve),
                    text(c.path("teams"), resolve), c.path("restricted").asBoolean(false)));
        }
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("groups").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            List<String> names = new ArrayList<>();
            e.getValue().forEach(n -> names.add(n.asText()));
            for (String n : names) {
                if (!channels.containsKey(n)) {
                    throw new IllegalStateException("chat-channels.json: group '" + e.getKey()
                            + "' names an unknown channel '" + n + "'");
                }
            }
            groups.put(e.getKey(), List.copyOf(names));
        }
        Map<String, Intent> intents = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("intents").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            List<String> to = new ArrayList<>();
            e.getValue().path("to").forEach(n -> to.add(n.asText()));
            for (String t : to) {
                boolean known = t.equals("recipients") || t.equals(INCIDENT_CHANNEL)
                        || t.startsWith("channel:") && channels.containsKey(t.substring("channel:".length()));
                if (!known) {
                    throw new IllegalStateException("chat-channels.json: intent '" + e.getKey()
                            + "' goes to an unknown audience '" + t + "'");
                }
            }
            intents.put(e.getKey(), new Intent(List.copyOf(to), e.getValue().path("actions").asBoolean(false)));
        }
        return new ChatRouting(channels, groups, intents, root.path("incidentChannelRestricted").asBoolean(false));
    }

    private static String text(JsonNode n, UnaryOperator<String> resolve) {
        if (n.isMissingNode() || n.isNull()) {
            return "";
        }
        String v = resolve.apply(n.asText());
        return v == null ? "" : v.trim();
    }

    /** The intent configured for a mail template: its own entry, else {@code <folder>/*}; null when none. */
    public Intent intent(String template) {
        Intent exact = intents.get(template);
        if (exact != null) {
            return exact;
        }
        int slash = template.lastIndexOf('/');
        return slash < 0 ? null : intents.get(template.substring(0, slash) + "/*");
    }

    /**
     * Where a message of this template goes.
     *
     * @param mailTo          the mail's recipients as the diagram wrote them (user ids and {@code group:<id>})
     * @param incidentChannel the incident's own channel (null when it has none)
     * @param restricted      whether the incident is restricted: then only channels marked restricted (and the
     *                        incident's own channel only when {@code incidentChannelRestricted})
     */
    public List<Target> targets(String template, List<String> mailTo, String incidentChannel, boolean restricted) {
        Intent intent = intent(template);
        if (intent == null) {
            return List.of();
        }
        Set<Channel> named = new LinkedHashSet<>();
        boolean toIncident = false;
        for (String audience : intent.to()) {
            if (audience.equals("recipients")) {
                for (String r : mailTo) {
                    for (String part : r.split(",")) {
                        String p = part.trim();
                        if (p.startsWith("group:")) {
                            groups.getOrDefault(p.substring("group:".length()), List.of())
                                    .forEach(n -> named.add(channels.get(n)));
                        }
                    }
                }
            } else if (audience.equals(INCIDENT_CHANNEL)) {
                toIncident = true;
            } else {
                named.add(channels.get(audience.substring("channel:".length())));
            }
        }
        Set<Target> targets = new LinkedHashSet<>();
        if (toIncident && incidentChannel != null && !incidentChannel.isBlank()
                && (!restricted || incidentChannelRestricted || restrictedSlackChannel(incidentChannel))) {
            targets.add(new Target(SLACK, INCIDENT_CHANNEL, incidentChannel.trim()));
        }
        for (Channel c : named) {
            if (restricted && !c.restricted()) {
                continue;
            }
            if (!c.slack().isEmpty()) {
                targets.add(new Target(SLACK, c.name(), c.slack()));
            }
            if (!c.teams().isEmpty()) {
                targets.add(new Target(TEAMS, c.name(), c.name()));
            }
        }
        return List.copyOf(targets);
    }

    /** An incident channel that is also configured as a restricted channel may carry the restricted incident. */
    private boolean restrictedSlackChannel(String id) {
        return channels.values().stream().anyMatch(c -> c.restricted() && c.slack().equals(id.trim()));
    }

    /** The Teams webhook URL of a named channel (empty when none). */
    public String teamsUrl(String channelName) {
        Channel c = channels.get(channelName);
        return c == null ? "" : c.teams();
    }
}
