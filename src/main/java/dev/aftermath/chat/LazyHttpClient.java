package dev.aftermath.chat;

import java.net.http.HttpClient;
import java.time.Duration;

/**
 * An HTTP client made on first use: making one sets up TLS and reads the trust store (~300 classes), which start-up
 * need not do when no chat is configured.
 */
final class LazyHttpClient {

    private final Duration connectTimeout;
    private volatile HttpClient client;

    LazyHttpClient(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    HttpClient get() {
        HttpClient made = client;
        if (made == null) {
            synchronized (this) {
                if (client == null) {
                    client = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
                }
                made = client;
            }
        }
        return made;
    }
}
