package dev.aftermath.postmortem;

/**
 * The port through which a published post-mortem becomes a wiki page (implemented by an adapter, e.g.
 * {@code dev.aftermath.integration.confluence}). Called from asynchronous steps with retries; safe to repeat.
 */
public interface WikiPublisher {

    /** Whether a wiki is configured. */
    boolean active();

    /**
     * Creates the page, or updates it when {@code existing} is known or a page of this title exists already (a retry
     * after a lost answer): one page per post-mortem, each change a new version.
     */
    WikiPage publish(String title, String storageBody, WikiPage existing);

    /** A page: its id, the URL people open, its version. */
    record WikiPage(String id, String url, int version) {
    }
}
