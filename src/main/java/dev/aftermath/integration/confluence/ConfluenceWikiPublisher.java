package dev.aftermath.integration.confluence;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.aftermath.integration.HttpJson;
import dev.aftermath.integration.HttpJson.Answer;
import dev.aftermath.postmortem.WikiPublisher;

/**
 * Post-mortems as Confluence Cloud pages (REST API v2, storage format): created under the configured parent page,
 * updated in place with version + 1. Before creating, a page of the same title in the space is looked for (a retry
 * after a lost answer updates it instead of creating a duplicate); an update that meets a newer version (409) reads
 * the current version and tries again.
 */
@Component
public class ConfluenceWikiPublisher implements WikiPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(ConfluenceWikiPublisher.class);

    private final ConfluenceProperties properties;
    private final ObjectMapper mapper;

    public ConfluenceWikiPublisher(ConfluenceProperties properties, ObjectMapper mapper) {
        this.properties = properties;
        this.mapper = mapper;
    }

    @Override
    public boolean active() {
        return properties.active();
    }

    private HttpJson http() {
        return new HttpJson(mapper, "Confluence", Map.of("Authorization",
                HttpJson.basic(properties.getUserEmail(), properties.getApiToken())));
    }

    private String api(String path) {
        return properties.base() + "/wiki/api/v2" + path;
    }

    @Override
    public WikiPage publish(String title, String storageBody, WikiPage existing) {
        WikiPage page = existing != null ? existing : findByTitle(title);
        if (page == null) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("spaceId", properties.getSpaceId());
            body.put("status", "current");
            body.put("title", title);
            if (!properties.getParentPageId().isBlank()) {
                body.put("parentId", properties.getParentPageId());
            }
            body.put("body", Map.of("representation", "storage", "value", storageBody));
            Answer created = http().expectOk("POST", api("/pages"), body);
            return page(created.body());
        }
        return update(page.id(), page.version(), title, storageBody, true);
    }

    private WikiPage update(String id, int version, String title, String storageBody, boolean retryOnConflict) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("status", "current");
        body.put("title", title);
        body.put("body", Map.of("representation", "storage", "value", storageBody));
        body.put("version", Map.of("number", version + 1, "message", "Updated by Aftermath"));
        Answer answer = http().send("PUT", api("/pages/" + enc(id)), body);
        if (answer.status() == 409 && retryOnConflict) {
            Answer current = http().expectOk("GET", api("/pages/" + enc(id)), null);
            int now = current.body().path("version").path("number").asInt(version);
            LOG.info("Confluence page {} is at version {} (expected {}): updating from there", id, now, version);
            return update(id, now, title, storageBody, false);
        }
        if (!answer.ok()) {
            throw http().failed("PUT", api("/pages/" + id), answer);
        }
        return page(answer.body());
    }

    private WikiPage findByTitle(String title) {
        Answer answer = http().expectOk("GET", api("/pages?space-id=" + enc(properties.getSpaceId()) + "&title="
                + enc(title) + "&status=current&limit=1"), null);
        JsonNode results = answer.body() == null ? null : answer.body().path("results");
        if (results == null || !results.isArray() || results.isEmpty()) {
            return null;
        }
        LOG.info("Confluence page '{}' exists already: updated, not created again", title);
        return page(results.get(0), answer.body().path("_links").path("base").asText(null));
    }

    private WikiPage page(JsonNode node) {
        return page(node, null);
    }

    private WikiPage page(JsonNode node, String base) {
        String id = node.path("id").asText();
        int version = node.path("version").path("number").asInt(1);
        String linkBase = node.path("_links").path("base").asText(base == null ? properties.base() + "/wiki" : base);
        String webui = node.path("_links").path("webui").asText(null);
        String url = webui != null ? linkBase + webui : properties.base() + "/wiki/pages/viewpage.action?pageId=" + id;
        return new WikiPage(id, url, version);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
