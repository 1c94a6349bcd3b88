package dev.aftermath.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpExchange;

/** What the test doubles of the ticket webhook answer: {@code 201 {"ticket": "<url>"}}. */
public final class TicketStubs {

    private TicketStubs() {
    }

    public static void created(HttpExchange exchange, String ticket) throws IOException {
        byte[] answer = ("{\"ticket\":\"" + ticket + "\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(201, answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }
}
