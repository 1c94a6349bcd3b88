package dev.aftermath.slack;

import org.springframework.stereotype.Component;

import dev.aftermath.chat.SlackSettings;

/**
 * The Slack app that interactivity and slash commands come from and answer through: its {@link SlackSettings} (Web
 * API base, bot token, signing secret), read at every request. {@link #use} replaces them at run time (tests point
 * the Web API at a local stub and back).
 */
@Component
public class SlackApp {

    private volatile SlackSettings settings;

    public SlackApp(SlackSettings settings) {
        this.settings = settings;
    }

    public SlackSettings settings() {
        return settings;
    }

    /** Replaces the settings; answers the previous ones. */
    public SlackSettings use(SlackSettings replacement) {
        SlackSettings previous = settings;
        settings = replacement;
        return previous;
    }
}
