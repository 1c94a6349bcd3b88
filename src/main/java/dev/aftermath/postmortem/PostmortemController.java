package dev.aftermath.postmortem;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.aftermath.security.CurrentUser;
import dev.aftermath.security.IncidentAccess;
import dev.aftermath.web.Links;
import dev.aftermath.web.NotFoundException;

@RestController
@RequestMapping("/api/postmortems")
public class PostmortemController {

    private static final MediaType MARKDOWN = new MediaType("text", "markdown", java.nio.charset.StandardCharsets.UTF_8);

    private static final String DOCUMENT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

    private final PostmortemService service;
    private final Links links;
    private final QualityGate quality;
    private final IncidentAccess access;
    private final MeetingService meetings;

    private final ExternalPublication publication;

    public PostmortemController(PostmortemService service, Links links, QualityGate quality, IncidentAccess access,
                                MeetingService meetings, ExternalPublication publication) {
        this.publication = publication;
        this.service = service;
        this.links = links;
        this.quality = quality;
        this.access = access;
        this.meetings = meetings;
    }

    /** A restricted post-mortem answers 404 to everyone but its participants, security and admins. */
    private void visible(String incidentId, HttpServletRequest request) {
        if (!access.canSee(CurrentUser.of(request), incidentId)) {
            throw NotFoundException.postmortem(incidentId);
        }
    }

    /** A restricted post-mortem has no public version: its public URLs answer 404 to everyone. */
    private void publicVersionExists(String incidentId) {
        if (access.isRestricted(incidentId)) {
            throw NotFoundException.postmortem(incidentId); // the same answer as an unknown id
        }
    }

    @GetMapping("/{incidentId}")
    public Map<String, Object> get(@PathVariable String incidentId, HttpServletRequest request) {
        visible(incidentId, request);
        return get(incidentId);
    }

    /** The API view, whoever asks (the mapped method above checks the caller first). */
    public Map<String, Object> get(String incidentId) {
        boolean restricted = access.isRestricted(incidentId);
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("self", links.postmortem(incidentId));
        l.put("incident", links.incident(incidentId));
        l.put("documentMarkdown", links.postmortem(incidentId) + "/document.md");
        l.put("documentHtml", links.postmortem(incidentId) + "/document.html");
        if (!restricted) {
            l.put("publicMarkdown", links.postmortem(incidentId) + "/public.md");
            l.put("publicHtml", links.postmortem(incidentId) + "/public.html");
        }
        l.put("library", links.libraryPage(incidentId));
        publication.page(incidentId).ifPresent(p -> l.put("wikiPage", p.url()));
        Map<String, Object> view = service.view(incidentId, l);
        Map<String, Object> result = new LinkedHashMap<>();
        view.forEach((k, v) -> {
            if (!"links".equals(k)) {
                result.put(k, v);
            }
        });
        result.put("meeting", meetings.view(incidentId, result.get("meeting")));
        result.put("restricted", restricted);
        if (restricted) {
            result.put("restrictedReason", service.restrictedReason(incidentId));
        }
        result.put("qualityRounds", quality.rounds(incidentId));
        result.put("links", l);
        return result;
    }

    @GetMapping("/{incidentId}/public.md")
    public ResponseEntity<String> publicMarkdown(@PathVariable String incidentId) {
        publicVersionExists(incidentId);
        return ResponseEntity.ok().contentType(MARKDOWN).body(service.renderPublic(incidentId, false));
    }

    @GetMapping("/{incidentId}/public.html")
    public ResponseEntity<String> publicHtml(@PathVariable String incidentId) {
        publicVersionExists(incidentId);
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .header("Content-Security-Policy", DOCUMENT_CSP)
                .body(service.renderPublic(incidentId, true));
    }

    @GetMapping("/{incidentId}/document.md")
    public ResponseEntity<String> markdown(@PathVariable String incidentId, HttpServletRequest request) {
        visible(incidentId, request);
        return ResponseEntity.ok().contentType(MARKDOWN).body(service.render(incidentId, false));
    }

    @GetMapping("/{incidentId}/document.html")
    public ResponseEntity<String> html(@PathVariable String incidentId, HttpServletRequest request) {
        visible(incidentId, request);
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .header("Content-Security-Policy", DOCUMENT_CSP)
                .body(service.render(incidentId, true));
    }
}
