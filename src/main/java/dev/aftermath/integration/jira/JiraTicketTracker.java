package dev.aftermath.integration.jira;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

import dev.aftermath.actionitem.TicketTracker;
import dev.aftermath.integration.HttpJson;
import dev.aftermath.integration.HttpJson.Answer;

/**
 * Action items as Jira Cloud issues (REST API v3): created with summary, an ADF description, assignee (the owner's
 * account, found by e-mail), due date, mapped priority and the labels {@code post-mortem}, the incident id, the cause
 * category and {@code aftermath-<item id>} (unique per item: a retry finds the issue by it instead of creating a
 * second); comments carry the property {@code aftermath} with their intent, so a retried comment is found, not
 * doubled.
 */
@Component
public class JiraTicketTracker implements TicketTracker {

    private static final Logger LOG = LoggerFactory.getLogger(JiraTicketTracker.class);
    static final String PROPERTY = "aftermath";

    private final JiraProperties properties;
    private final ObjectMapper mapper;

    public JiraTicketTracker(JiraProperties properties, ObjectMapper mapper) {
        this.properties = properties;
        this.mapper = mapper;
    }

    @Override
    public boolean active() {
        return properties.active();
    }

    @Override
    public boolean acceptsRestricted() {
        return properties.restrictedTarget();
    }

    @Override
    public String name() {
        return "Jira";
    }

    private HttpJson http() {
        return new HttpJson(mapper, "Jira", Map.of("Authorization",
                HttpJson.basic(properties.getUserEmail(), properties.getApiToken())));
    }

    /** A Jira REST URL: {@code template} with its {@code {variables}} expanded and encoded. */
    private String api(String template, Object... values) {
        return UriComponentsBuilder.fromUriString(properties.base() + "/rest/api/3" + template).encode()
                .buildAndExpand(values).toUriString();
    }

    String browse(String key) {
        return properties.base() + "/browse/" + key;
    }

    /** Jira labels have no spaces: anything but letters, digits, {@code _ . -} becomes {@code -}. */
    public static String label(String value) {
        return value == null ? null : value.strip().replaceAll("[^A-Za-z0-9_.\\-]+", "-");
    }

    public static String itemLabel(String itemId) {
        return "aftermath-" + label(itemId);
    }

    @Override
    public Ticket create(NewTicket item) {
        Optional<Ticket> existing = find(item.itemId());
        if (existing.isPresent()) {
            LOG.info("Jira issue {} of {} exists already (an earlier attempt): not created again",
                    existing.get().key(), item.itemId());
            return existing.get();
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        if (item.restricted() && !properties.restrictedTarget()) {
            throw new IllegalStateException("No restricted Jira target (aftermath.jira.restricted-project-key or "
                    + "restricted-security-level) for " + item.itemId() + " of a restricted post-mortem");
        }
        boolean ownProject = item.restricted() && !properties.getRestrictedProjectKey().isBlank();
        fields.put("project", Map.of("key", ownProject ? properties.getRestrictedProjectKey()
                : properties.getProjectKey()));
        if (item.restricted() && !properties.getRestrictedSecurityLevel().isBlank()) {
            String level = properties.getRestrictedSecurityLevel();
            fields.put("security", level.chars().allMatch(Character::isDigit) ? Map.of("id", level)
                    : Map.of("name", level));
        }
        fields.put("issuetype", Map.of("name", properties.getIssueType()));
        fields.put("summary", item.title().length() > 250 ? item.title().substring(0, 249) + "…" : item.title());
        fields.put("description", Adf.doc(item.description()));
        accountId(item.ownerEmail()).ifPresent(id -> fields.put("assignee", Map.of("accountId", id)));
        if (item.dueDate() != null) {
            fields.put("duedate", item.dueDate().toString());
        }
        String priority = item.priority() == null ? null
                : properties.getPriorities().get(item.priority().toUpperCase(Locale.ROOT));
        if (priority != null) {
            fields.put("priority", Map.of("name", priority));
        }
        List<String> labels = new ArrayList<>();
        labels.add("post-mortem");
        labels.add(label(item.incidentId()));
        if (item.causeCategory() != null && !item.causeCategory().isBlank()) {
            labels.add(label(item.causeCategory().toLowerCase(Locale.ROOT)));
        }
        labels.add(itemLabel(item.itemId()));
        fields.put("labels", labels);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("fields", fields);
        body.put("properties", List.of(Map.of("key", PROPERTY, "value", Map.of("itemId", item.itemId(),
                "incidentId", item.incidentId()))));
        Answer answer = http().expectOk("POST", api("/issue"), body);
        String key = answer.body().path("key").asText(null);
        if (key == null) {
            throw new HttpJson.IntegrationException("Jira created an issue for " + item.itemId()
                    + " without a key: " + answer.raw(), null);
        }
        return new Ticket(key, browse(key));
    }

    @Override
    public Optional<Ticket> find(String itemId) {
        String jql = "labels = \"" + itemLabel(itemId) + "\"";
        Answer answer = http().expectOk("GET", api("/search/jql?jql={jql}&fields=summary&maxResults=2", jql),
                null);
        JsonNode issues = answer.body() == null ? null : answer.body().path("issues");
        if (issues == null || !issues.isArray() || issues.isEmpty()) {
            return Optional.empty();
        }
        String key = issues.get(0).path("key").asText();
        return Optional.of(new Ticket(key, browse(key)));
    }

    /** The Jira account of an e-mail address (user search), if there is one. */
    Optional<String> accountId(String email) {
        if (email == null || email.isBlank()) {
            return Optional.empty();
        }
        Answer answer = http().expectOk("GET", api("/user/search?query={email}", email), null);
        if (answer.body() == null || !answer.body().isArray()) {
            return Optional.empty();
        }
        for (JsonNode user : answer.body()) {
            String address = user.path("emailAddress").asText("");
            if (address.isEmpty() || address.equalsIgnoreCase(email)) {
                String id = user.path("accountId").asText(null);
                if (id != null) {
                    return Optional.of(id);
                }
            }
        }
        return Optional.empty();
    }

    /** The e-mail address of a Jira account (null when Jira keeps it private). */
    String email(String accountId) {
        Answer answer = http().send("GET", api("/user?accountId={accountId}", accountId), null);
        return answer.ok() && answer.body() != null ? answer.body().path("emailAddress").asText(null) : null;
    }

    @Override
    public void comment(String ticketKey, String intentKey, String text) {
        Answer existing = http().expectOk("GET", api("/issue/{key}/comment?expand=properties&maxResults=5000",
                ticketKey), null);
        for (JsonNode c : existing.body() == null ? List.<JsonNode>of() : iterable(existing.body().path("comments"))) {
            for (JsonNode p : iterable(c.path("properties"))) {
                if (PROPERTY.equals(p.path("key").asText()) && intentKey.equals(p.path("value").path("intent").asText())) {
                    LOG.info("Comment {} on {} exists already: not added again", intentKey, ticketKey);
                    return;
                }
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("body", Adf.doc(text));
        body.put("properties", List.of(Map.of("key", PROPERTY, "value", Map.of("intent", intentKey))));
        http().expectOk("POST", api("/issue/{key}/comment", ticketKey), body);
    }

    @Override
    public void updateDueDate(String ticketKey, LocalDate dueDate) {
        http().expectOk("PUT", api("/issue/{key}", ticketKey), Map.of("fields", Map.of("duedate",
                dueDate.toString())));
    }

    @Override
    public boolean assign(String ticketKey, String email) {
        Optional<String> account = accountId(email);
        if (account.isEmpty()) {
            return false;
        }
        http().expectOk("PUT", api("/issue/{key}/assignee", ticketKey), Map.of("accountId", account.get()));
        return true;
    }

    @Override
    public void close(String ticketKey, boolean dropped) {
        Answer issue = http().expectOk("GET", api("/issue/{key}?fields=status", ticketKey), null);
        String category = issue.body().path("fields").path("status").path("statusCategory").path("key").asText("");
        if (category.equalsIgnoreCase(properties.getDoneStatusCategory())) {
            LOG.info("Jira issue {} is done already", ticketKey);
            return;
        }
        Answer transitions = http().expectOk("GET", api("/issue/{key}/transitions", ticketKey), null);
        String transitionId = null;
        for (JsonNode t : iterable(transitions.body().path("transitions"))) {
            if (t.path("to").path("statusCategory").path("key").asText("")
                    .equalsIgnoreCase(properties.getDoneStatusCategory())) {
                transitionId = t.path("id").asText();
                break;
            }
        }
        if (transitionId == null) {
            throw new HttpJson.IntegrationException("Jira issue " + ticketKey + " has no transition to the status "
                    + "category '" + properties.getDoneStatusCategory() + "'", null);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("transition", Map.of("id", transitionId));
        if (dropped && properties.getDropResolution() != null && !properties.getDropResolution().isBlank()) {
            body.put("fields", Map.of("resolution", Map.of("name", properties.getDropResolution())));
        }
        http().expectOk("POST", api("/issue/{key}/transitions", ticketKey), body);
    }

    private static Iterable<JsonNode> iterable(JsonNode node) {
        return node != null && node.isArray() ? node : List.of();
    }
}
