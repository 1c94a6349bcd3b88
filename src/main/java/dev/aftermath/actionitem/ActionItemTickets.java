package dev.aftermath.actionitem;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.aftermath.actionitem.ActionItem.HistoryEntry;
import dev.aftermath.directory.UserDirectory;
import dev.aftermath.incident.Incident;
import dev.aftermath.incident.IncidentRepository;
import dev.aftermath.template.Templates;
import dev.aftermath.web.Links;

/**
 * {@code Create_Ticket}: when {@code aftermath.tickets.webhook-url} is set, POSTs each new item there as JSON (with
 * an {@code Idempotency-Key}) and stores the {@code ticket} URL of the answer on the item; with a tracker (Jira) the
 * item becomes an issue. {@code Create_Ticket} is an external task that {@link TicketWorker} works outside the
 * engine's transaction, with the retries of the diagram: a failing webhook ends as an incident in Cockpit, while the
 * ladder goes on beside it.
 */
@Component
public class ActionItemTickets {

    private static final Logger LOG = LoggerFactory.getLogger(ActionItemTickets.class);

    private final String webhookUrl;
    private final ActionItemQueries items;
    private final ActionItemRepository repository;
    private final Clock clock;
    private final Links links;
    private final ObjectMapper mapper;
    /** Made on first use: a client sets up TLS and reads the trust store (~300 classes), which start-up need not do. */
    private static final class Http {
        static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }
    private final TicketSync sync;
    private final IncidentRepository incidents;
    private final JdbcClient jdbc;
    private final UserDirectory directory;
    private final Templates templates;

    public ActionItemTickets(@Value("${aftermath.tickets.webhook-url:}") String webhookUrl, ActionItemQueries items,
                             ActionItemRepository repository, Links links, ObjectMapper mapper, TicketSync sync,
                             IncidentRepository incidents, JdbcClient jdbc, UserDirectory directory,
                             Templates templates, Clock clock) {
        this.repository = repository;
        this.clock = clock;
        this.sync = sync;
        this.incidents = incidents;
        this.jdbc = jdbc;
        this.directory = directory;
        this.templates = templates;
        this.webhookUrl = webhookUrl == null ? "" : webhookUrl.trim();
        this.items = items;
        this.links = links;
        this.mapper = mapper;
    }

    /** The Idempotency-Key of an item's ticket: one ticket per item, whatever is retried. */
    public static String idempotencyKey(String itemId) {
        return "aftermath-ticket-" + itemId;
    }

    /**
     * Creates the item's ticket, at most once, and stores it on the item; returns its URL (null when none is
     * configured or the webhook gave none). Called by {@link TicketWorker} outside any database transaction: the
     * webhook is sent with an {@code Idempotency-Key} header, and an item whose ticket is already stored (a retry
     * after the answer arrived) is not sent again.
     */
    public String create(String id) throws IOException, InterruptedException {
        TicketTracker tracker = sync.tracker().orElse(null);
        ActionItem restrictedItem = items.get(id);
        if (incidents.find(restrictedItem.incidentId()).map(Incident::restricted).orElse(false)
                && (tracker == null || !tracker.acceptsRestricted())) {
            // the item of a restricted post-mortem: its title must not reach a shared project or an outside webhook
            LOG.info("Item {} belongs to a restricted post-mortem and no restricted tracker target is configured: "
                    + "it stays in Aftermath", id);
            return null;
        }
        if (tracker != null) {
            return createInTracker(tracker, id);
        }
        if (webhookUrl.isEmpty()) {
            LOG.debug("No aftermath.tickets.webhook-url: no ticket for {}", id);
            return null;
        }
        ActionItem item = items.get(id);
        if (item.ticket() != null) {
            LOG.info("Item {} has its ticket already ({}); the webhook is not called again", id, item.ticket());
            return item.ticket();
        }
        String incidentId = item.incidentId();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("incidentId", incidentId);
        body.put("title", item.title());
        body.put("owner", item.owner());
        body.put("dueDate", item.dueDate() == null ? null : item.dueDate().toString());
        body.put("priority", item.priority());
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("item", items.itemLink(id));
        l.put("complete", items.itemLink(id) + "/complete");
        l.put("postmortem", links.postmortem(incidentId));
        l.put("incident", links.incident(incidentId));
        body.put("links", l);
        HttpRequest request = HttpRequest.newBuilder(URI.create(webhookUrl)).timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .header("Idempotency-Key", idempotencyKey(id))
                .POST(HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body))).build();
        HttpResponse<String> response = Http.CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("Ticket webhook " + webhookUrl + " answered " + response.statusCode()
                    + " for " + id + ": " + abbreviate(response.body()));
        }
        String ticket = ticketOf(response.body());
        if (ticket == null) {
            LOG.info("Ticket webhook accepted {} without a ticket URL", id);
            return null;
        }
        repository.ticket(id, ticket, HistoryEntry.now(clock, "TICKET_CREATED", HistoryEntry.SYSTEM, ticket));
        return ticket;
    }

    /**
     * The item as an issue of the configured tracker (Jira): description from {@code templates/ticket/description.vm}
     * with the incident, the post-mortem link and why the item exists (the root cause); the tracker finds the issue
     * of an earlier attempt instead of creating a second one.
     */
    private String createInTracker(TicketTracker tracker, String id) {
        ActionItem item = items.get(id);
        if (item.ticketKey() != null) {
            return item.ticket();
        }
        String incidentId = item.incidentId();
        Incident incident = incidents.find(incidentId).orElse(null);
        Map<String, Object> published = jdbc.sql("select root_cause, cause_category from am_postmortem where incident_id = ?")
                .param(incidentId).query((rs, n) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("rootCause", rs.getString("root_cause"));
                    m.put("causeCategory", rs.getString("cause_category"));
                    return m;
                }).optional().orElse(new LinkedHashMap<>());
        String rootCause = oneParagraph((String) published.get("rootCause"));
        String category = (String) published.get("causeCategory");
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("postmortem", links.libraryPage(incidentId));
        l.put("incident", links.incident(incidentId));
        l.put("item", items.itemLink(id));
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("item", item);
        model.put("ownerName", directory.displayName(item.owner()));
        Map<String, Object> inc = new LinkedHashMap<>();
        inc.put("id", incidentId);
        inc.put("title", incident == null ? null : incident.title());
        inc.put("service", incident == null ? null : incident.service());
        inc.put("severity", incident == null ? null : String.valueOf(incident.severity()));
        model.put("incident", inc);
        model.put("rootCause", rootCause);
        model.put("causeCategory", category);
        model.put("links", l);
        String description = templates.text("ticket/description.vm", model).strip();
        String email = directory.find(item.owner()).map(u -> u.getEmail()).orElse(null);
        TicketTracker.Ticket ticket = tracker.create(new TicketTracker.NewTicket(id, incidentId,
                incident == null ? null : incident.title(), item.title(), email, item.dueDate(), item.priority(),
                category, rootCause, links.libraryPage(incidentId), links.incident(incidentId), items.itemLink(id),
                description, incident != null && incident.restricted()));
        sync.stored(id, ticket, tracker.name());
        return ticket.url();
    }

    /** The root cause in one paragraph: the first paragraph, at most 1000 characters. */
    static String oneParagraph(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String first = text.strip().split("\\n\\s*\\n", 2)[0].replaceAll("\\s+", " ").strip();
        return first.length() > 1000 ? first.substring(0, 999) + "…" : first;
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
