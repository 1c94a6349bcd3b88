package dev.aftermath.postmortem;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.engine.RuntimeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import dev.aftermath.postmortem.WikiPublisher.WikiPage;
import dev.aftermath.processapi.WikiSyncProcess;
import dev.aftermath.security.IncidentAccess;
import dev.aftermath.template.Templates;
import dev.aftermath.web.Links;

/**
 * A published post-mortem outside Aftermath: a wiki page (created at publication, updated in place when the
 * post-mortem or one of its action items changes) and a note on the incident it came from (PagerDuty). Restricted
 * post-mortems never leave Aftermath. Nothing happens for an integration that is not configured.
 */
@Service
public class ExternalPublication {

    private static final Logger LOG = LoggerFactory.getLogger(ExternalPublication.class);

    /** Process variable with the page URL after publication (the publication mail links it). */
    public static final String WIKI_PAGE_URL = "wikiPageUrl";

    private final ObjectProvider<WikiPublisher> wikis;
    private final ObjectProvider<PublicationNotifier> notifiers;
    private final PostmortemRepository postmortems;
    private final MailModels models;
    private final PublishedPage pages;
    private final Templates templates;
    private final IncidentAccess access;
    private final JdbcClient jdbc;
    private final Links links;
    private final RuntimeService runtimeService;
    private final Clock clock;

    public ExternalPublication(ObjectProvider<WikiPublisher> wikis, ObjectProvider<PublicationNotifier> notifiers,
                               PostmortemRepository postmortems, MailModels models, PublishedPage pages,
                               Templates templates, IncidentAccess access, JdbcClient jdbc, Links links,
                               @Lazy RuntimeService runtimeService, Clock clock) {
        this.wikis = wikis;
        this.notifiers = notifiers;
        this.postmortems = postmortems;
        this.models = models;
        this.pages = pages;
        this.templates = templates;
        this.access = access;
        this.jdbc = jdbc;
        this.links = links;
        this.runtimeService = runtimeService;
        this.clock = clock;
    }

    /**
     * {@code Publish_Externally} (after {@code Publish_Document}): the wiki page, then the source incident's note.
     * Returns the page's URL for {@link #WIKI_PAGE_URL}, empty when restricted or no wiki is configured.
     */
    public Optional<String> publish(String incidentId) {
        if (access.isRestricted(incidentId)) {
            LOG.info("Post-mortem {} is restricted: not published to the wiki, no note to its source", incidentId);
            return Optional.empty();
        }
        Optional<WikiPage> page = publishWiki(incidentId);
        PublicationNotifier notifier = notifiers.getIfAvailable();
        if (notifier != null && notifier.active()) {
            Map<String, Object> model = models.build(incidentId, new HashMap<>());
            model.put("wikiUrl", page.map(WikiPage::url).orElse(null));
            notifier.published(incidentId, templates.text("wiki/pagerduty-note.vm", model).strip());
        }
        return page.map(WikiPage::url);
    }

    /** {@code Update_WikiPage} of {@code wiki-sync.bpmn}: the page again, when something changed. */
    public void update(String incidentId) {
        if (access.isRestricted(incidentId) || page(incidentId).isEmpty()) {
            return;
        }
        publishWiki(incidentId);
    }

    /**
     * Something shown on a published page changed (an action item's state or owner, a new review round): the page is
     * updated behind an async savepoint ({@code wiki-sync}). Called inside the engine transaction of the change.
     */
    public void requestUpdate(String incidentId) {
        WikiPublisher wiki = wikis.getIfAvailable();
        if (incidentId == null || wiki == null || !wiki.active() || page(incidentId).isEmpty()) {
            return;
        }
        runtimeService.startProcessInstanceByKey(WikiSyncProcess.KEY, incidentId);
    }

    /** The stored page of a post-mortem (for the library, the API and mails). */
    public Optional<WikiPage> page(String incidentId) {
        return jdbc.sql("select page_id, url, version from am_wiki_page where incident_id = ?").param(incidentId)
                .query((rs, n) -> new WikiPage(rs.getString("page_id"), rs.getString("url"), rs.getInt("version")))
                .optional();
    }

    /** Renders and sends the page; an unchanged rendering is not sent again. */
    Optional<WikiPage> publishWiki(String incidentId) {
        WikiPublisher wiki = wikis.getIfAvailable();
        if (wiki == null || !wiki.active()) {
            return Optional.empty();
        }
        PostmortemRecord record = postmortems.find(incidentId).orElse(null);
        if (record == null || record.status() != PostmortemStatus.PUBLISHED) {
            return Optional.empty();
        }
        Map<String, Object> model = pages.page(record);
        Object title = model.get("incident") instanceof Map<?, ?> incident ? incident.get("title") : null;
        String pageTitle = ("Post-mortem: " + incidentId + (title == null ? "" : " " + title)).strip();
        if (pageTitle.length() > 255) {
            pageTitle = pageTitle.substring(0, 254) + "…";
        }
        String body = templates.html("wiki/postmortem.storage.vm", model);
        String hash = sha256(pageTitle + "\n" + body);
        Optional<WikiPage> stored = page(incidentId);
        String storedHash = jdbc.sql("select content_hash from am_wiki_page where incident_id = ?").param(incidentId)
                .query(String.class).optional().orElse(null);
        if (stored.isPresent() && hash.equals(storedHash)) {
            return stored;
        }
        WikiPage page = wiki.publish(pageTitle, body, stored.orElse(null));
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        int updated = jdbc.sql("update am_wiki_page set page_id = ?, url = ?, version = ?, content_hash = ?, "
                        + "updated_at = ? where incident_id = ?")
                .params(page.id(), page.url(), page.version(), hash, now, incidentId).update();
        if (updated == 0) {
            jdbc.sql("insert into am_wiki_page (incident_id, page_id, url, version, content_hash, updated_at) "
                            + "values (?, ?, ?, ?, ?, ?)")
                    .params(incidentId, page.id(), page.url(), page.version(), hash, now).update();
        }
        return Optional.of(page);
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
