package dev.aftermath.actionitem;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import dev.aftermath.actionitem.ActionItemProcess.Vars;
import dev.aftermath.web.Links;

/**
 * {@code Create_Ticket}: when {@code aftermath.tickets.webhook-url} is set, POSTs each new item there as JSON and
 * stores the {@code ticket} URL of the answer on the item. Runs after an async savepoint with retries: a failing
 * webhook is retried and then shows as an incident in Cockpit, while the ladder goes on beside it.
 */
@Component
public class ActionItemTickets {

    private static final Logger LOG = LoggerFactory.getLogger(ActionItemTickets.class);

    private final String webhookUrl;
    private final ActionItemService items;
    private final Links links;
    private final ObjectMapper mapper;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ActionItemTickets(@Value("${aftermath.tickets.webhook-url:}") String webhookUrl, ActionItemService items,
                             Links links, ObjectMapper mapper) {
        this.webhookUrl = webhookUrl == null ? "" : webhookUrl.trim();
        this.items = items;
        this.links = links;
        this.mapper = mapper;
    }

    public void create(DelegateExecution execution) throws IOException, InterruptedException {
        String id = execution.getProcessBusinessKey();
        if (webhookUrl.isEmpty()) {
            LOG.debug("No aftermath.tickets.webhook-url: no ticket for {}", id);
            return;
        }
        String incidentId = (String) execution.getVariable(Vars.INCIDENT_ID);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("incidentId", incidentId);
        body.put("title", execution.getVariable(Vars.TITLE));
        body.put("owner", execution.getVariable(Vars.OWNER));
        body.put("dueDate", execution.getVariable(Vars.DUE_DATE));
        body.put("priority", execution.getVariable(Vars.PRIORITY));
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("item", items.itemLink(id));
        l.put("complete", items.itemLink(id) + "/complete");
        l.put("postmortem", links.postmortem(incidentId));
        l.put("incident", links.incident(incidentId));
        body.put("links", l);
        HttpRequest request = HttpRequest.newBuilder(URI.create(webhookUrl)).timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body))).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("Ticket webhook " + webhookUrl + " answered " + response.statusCode()
                    + " for " + id + ": " + abbreviate(response.body()));
        }
        String ticket = ticketOf(response.body());
        if (ticket == null) {
            LOG.info("Ticket webhook accepted {} without a ticket URL", id);
            return;
        }
        items.ticketCreated(execution, ticket);
    }

    private String ticketOf(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = mapper.readTree(body);
            for (String field : new String[] {"ticket", "url"}) {
                JsonNode v = node.get(field);
                if (v != null && v.isTextual() && !v.asText().isBlank()) {
                    return v.asText().trim();
                }
            }
        } catch (IOException e) {
            LOG.warn("Ticket webhook answer is not JSON: {}", abbreviate(body));
        }
        return null;
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
