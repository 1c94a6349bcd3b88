package dev.aftermath.chat;

import org.springframework.stereotype.Component;

/**
 * The one Slack app Aftermath is: its {@link SlackSettings} (Web API base, bot token, signing secret), read at every
 * call by the chat outbox ({@link SlackWebApi}), the interactivity edge ({@code slack}) and the timeline import
 * ({@code integration.slack}). {@link #use} replaces them at run time (tests point all three at a local stub and back).
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
