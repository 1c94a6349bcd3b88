package dev.aftermath.postmortem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

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
@Tag(name = "postmortems")
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
    @Operation(operationId = "getPostmortem", summary = "Read a post-mortem",
            description = "Callers: any logged-in user who may see the incident (a restricted post-mortem answers 404 to all but its participants, security and admins, like an unknown id). Changes nothing. The status, the sections, action items, review and quality rounds, the meeting and links.",
            responses = @ApiResponse(responseCode = "200", description = "The post-mortem",
                    content = @Content(schema = @Schema(implementation = PostmortemView.class))))
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
    @Operation(operationId = "getPublicPostmortemMarkdown", summary = "Read the public version as Markdown",
            description = "Callers: any logged-in user. A restricted post-mortem has no public version: 404 for everyone. Changes nothing. No names, user ids, e-mail addresses, internal host names, IP addresses or money figures.",
            responses = @ApiResponse(responseCode = "200", description = "The redacted document", content = @Content(mediaType = "text/markdown",
                    schema = @Schema(type = "string"))))
    public ResponseEntity<String> publicMarkdown(@PathVariable String incidentId) {
        publicVersionExists(incidentId);
        return ResponseEntity.ok().contentType(MARKDOWN).body(service.renderPublic(incidentId, false));
    }

    @GetMapping("/{incidentId}/public.html")
    @Operation(operationId = "getPublicPostmortemHtml", summary = "Read the public version as HTML",
            description = "Callers: any logged-in user. A restricted post-mortem has no public version: 404 for everyone. Changes nothing. No names, user ids, e-mail addresses, internal host names, IP addresses or money figures. Standalone, printable HTML.",
            responses = @ApiResponse(responseCode = "200", description = "The redacted document", content = @Content(mediaType = "text/html",
                    schema = @Schema(type = "string"))))
    public ResponseEntity<String> publicHtml(@PathVariable String incidentId) {
        publicVersionExists(incidentId);
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .header("Content-Security-Policy", DOCUMENT_CSP)
                .body(service.renderPublic(incidentId, true));
    }

    @GetMapping("/{incidentId}/document.md")
    @Operation(operationId = "getPostmortemMarkdown", summary = "Read the document as Markdown",
            description = "Callers: any logged-in user who may see the incident (a restricted post-mortem answers 404 to all but its participants, security and admins, like an unknown id). Changes nothing.",
            responses = @ApiResponse(responseCode = "200", description = "The document", content = @Content(mediaType = "text/markdown",
                    schema = @Schema(type = "string"))))
    public ResponseEntity<String> markdown(@PathVariable String incidentId, HttpServletRequest request) {
        visible(incidentId, request);
        return ResponseEntity.ok().contentType(MARKDOWN).body(service.render(incidentId, false));
    }

    @GetMapping("/{incidentId}/document.html")
    @Operation(operationId = "getPostmortemHtml", summary = "Read the document as HTML",
            description = "Callers: any logged-in user who may see the incident (a restricted post-mortem answers 404 to all but its participants, security and admins, like an unknown id). Changes nothing. Standalone, printable HTML; user text is Markdown rendered with raw HTML escaped.",
            responses = @ApiResponse(responseCode = "200", description = "The document", content = @Content(mediaType = "text/html",
                    schema = @Schema(type = "string"))))
    public ResponseEntity<String> html(@PathVariable String incidentId, HttpServletRequest request) {
        visible(incidentId, request);
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .header("Content-Security-Policy", DOCUMENT_CSP)
                .body(service.render(incidentId, true));
    }

    /** The answer of {@code GET /api/postmortems/{incidentId}}, for the OpenAPI document (the view is a map). */
    @Schema(description = "A post-mortem: its status, the document's sections by variable name, and links. Sections "
            + "not written yet are absent or null; further members (timeline, metrics, names) may follow.")
    record PostmortemView(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "INC-2041") String incidentId,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"DRAFT", "IN_REVIEW",
                    "PUBLISHED"}, example = "DRAFT") String status,
            @Schema(example = "Checkout answered 502 for 78 minutes") String summary,
            String impact, String rootCause, String whatWentWell, String whatWentWrong, String lessonsLearned,
            @Schema(example = "deployment") String causeCategory,
            List<String> whys, List<String> contributingFactors,
            @ArraySchema(arraySchema = @Schema(description = "The action items as the author wrote them; the "
                    + "running items are under /api/action-items")) List<DraftActionItem> actionItems,
            @Schema(example = "sam") String author, @Schema(example = "riley") String facilitator,
            List<String> reviewers,
            @Schema(description = "How many review rounds there were") Integer reviewRounds,
            @Schema(description = "The review meeting: start, sequence, cancelled, pending, changes",
                    additionalProperties = Schema.AdditionalPropertiesValue.TRUE) Map<String, Object> meeting,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Only participants, security and "
                    + "admins see a restricted post-mortem") boolean restricted,
            String restrictedReason,
            @ArraySchema(arraySchema = @Schema(description = "Each quality gate run: round, stage, verdict, "
                    + "findings"), schema = @Schema(additionalProperties = Schema.AdditionalPropertiesValue.TRUE))
            List<Map<String, Object>> qualityRounds,
            @Schema(format = "date-time") String createdAt, @Schema(format = "date-time") String updatedAt,
            @Schema(format = "date-time") String publishedAt,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) PostmortemLinks links) {
    }

    /** An action item as written in the document. */
    @Schema(description = "An action item as the post-mortem's author wrote it")
    record DraftActionItem(@Schema(maxLength = 300, example = "Alert on checkout 5xx") String title,
                           @Schema(maxLength = 100, example = "sam") String owner, String ownerName,
                           @Schema(format = "date", example = "2026-12-18") String dueDate,
                           @Schema(example = "HIGH") String priority) {
    }

    /** Where a post-mortem's documents are. */
    @Schema(description = "Absolute links (aftermath.base-url); the public ones only when not restricted")
    record PostmortemLinks(@Schema(format = "uri", requiredMode = Schema.RequiredMode.REQUIRED) String self,
                           @Schema(format = "uri") String incident,
                           @Schema(format = "uri") String documentMarkdown,
                           @Schema(format = "uri") String documentHtml,
                           @Schema(format = "uri") String publicMarkdown,
                           @Schema(format = "uri") String publicHtml,
                           @Schema(format = "uri") String library,
                           @Schema(format = "uri", description = "The published wiki page, if any") String wikiPage) {
    }
}
