package dev.aftermath.chat;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code aftermath.slack.*}: the Slack app Aftermath acts as. {@code apiUrl} is the Web API's base
 * ({@code https://slack.com/api/}; a local stub in tests), {@code botToken} the bot user's OAuth token
 * ({@code xoxb-…}) for posting, looking up users and reading channel history, {@code signingSecret} the app's signing
 * secret that every interactivity request and slash command is checked against. Slack is off while the token is empty.
 */
@ConfigurationProperties("aftermath.slack")
public record SlackSettings(String apiUrl, String botToken, String signingSecret) {

    public SlackSettings {
        apiUrl = apiUrl == null || apiUrl.isBlank() ? "https://slack.com/api/" : apiUrl.endsWith("/") ? apiUrl
                : apiUrl + "/";
    }

    /** True when a bot token is configured. */
    public boolean enabled() {
        return botToken != null && !botToken.isBlank();
    }
}
