package dev.aftermath.library;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.aftermath.security.CurrentUser;
import dev.aftermath.template.Templates;
import dev.aftermath.web.PageResponse;

/**
 * The library over HTTP: {@code GET /api/postmortems?q=&severity=&service=&causeCategory=&from=&to=&page=&size=}
 * (JSON {@code {items, page, size, total}}, page 0-based) and the pages {@code /library} and
 * {@code /library/{incidentId}} (HTML from {@code templates/web/}). Authentication: {@code ApiAuthenticationFilter}.
 */
@RestController
public class LibraryController {

    private static final String PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
            + "form-action 'self'; frame-ancestors 'self'";

    private final LibraryService library;
    private final Templates templates;

    public LibraryController(LibraryService library, Templates templates) {
        this.library = library;
        this.templates = templates;
    }

    @GetMapping(value = "/api/postmortems", produces = MediaType.APPLICATION_JSON_VALUE)
    @Tag(name = "library")
    @Operation(operationId = "searchLibrary", summary = "Search published post-mortems",
            description = "Callers: any logged-in user; restricted post-mortems only for those who may see them. "
                    + "Changes nothing. `q` searches title, summary and root cause.",
            responses = @ApiResponse(responseCode = "200", description = "One page of published post-mortems",
                    content = @Content(schema = @Schema(implementation = LibraryPage.class))))
    public PageResponse<Map<String, Object>> search(
            @Parameter(description = "Words in title, summary or root cause", schema = @Schema(maxLength = 200))
            @RequestParam(required = false) String q,
            @Parameter(schema = @Schema(allowableValues = {"SEV1", "SEV2", "SEV3", "SEV4"}))
            @RequestParam(required = false) String severity,
            @Parameter(schema = @Schema(maxLength = 200)) @RequestParam(required = false) String service,
            @Parameter(schema = @Schema(maxLength = 200)) @RequestParam(required = false) String causeCategory,
            @Parameter(description = "Incident date from (YYYY-MM-DD)", schema = @Schema(format = "date"))
            @RequestParam(required = false) String from,
            @Parameter(description = "Incident date to (YYYY-MM-DD)", schema = @Schema(format = "date"))
            @RequestParam(required = false) String to,
            @Parameter(description = "Page, from 0", schema = @Schema(type = "integer", minimum = "0",
                    maximum = "10000", defaultValue = "0")) @RequestParam(required = false) String page,
            @Parameter(description = "Page size", schema = @Schema(type = "integer", minimum = "1", maximum = "100",
                    defaultValue = "20")) @RequestParam(required = false) String size, HttpServletRequest request) {
        return library.search(library.query(q, severity, service, causeCategory, from, to, page, size),
                CurrentUser.of(request));
    }

    @GetMapping("/library")
    public ResponseEntity<String> list(@RequestParam(required = false) String q,
                                       @RequestParam(required = false) String severity,
                                       @RequestParam(required = false) String service,
                                       @RequestParam(required = false) String causeCategory,
                                       @RequestParam(required = false) String from,
                                       @RequestParam(required = false) String to,
                                       @RequestParam(required = false) String page,
                                       @RequestParam(required = false) String size, HttpServletRequest request) {
        LibraryQuery query = library.query(q, severity, service, causeCategory, from, to, page, size);
        return html(templates.html("web/library.vm", library.listPage(query, CurrentUser.of(request))));
    }

    @GetMapping("/library/{incidentId}")
    public ResponseEntity<String> postmortem(@PathVariable String incidentId, HttpServletRequest request) {
        return html(templates.html("web/library-postmortem.vm",
                library.postmortemPage(incidentId, CurrentUser.of(request))));
    }

    private static ResponseEntity<String> html(String body) {
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .header("Content-Security-Policy", PAGE_CSP).body(body);
    }

    /** One published post-mortem in the library, for the OpenAPI document (the list answers maps). */
    @Schema(description = "A published post-mortem in the library")
    record LibraryItem(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "INC-2041") String incidentId,
                       String title, String service,
                       @Schema(allowableValues = {"SEV1", "SEV2", "SEV3", "SEV4"}) String severity,
                       String symptom, String causeCategory, String summary,
                       @Schema(format = "date", description = "The incident's date") String date,
                       @Schema(format = "date-time") String publishedAt, boolean restricted, String restrictedReason,
                       @Schema(description = "Absolute links: self, page, documentHtml, publicHtml")
                       Map<String, String> links,
                       @Schema(description = "Same-origin paths of the pages") Map<String, String> paths) {
    }

    /** One page of the library. */
    @Schema(description = "One page of published post-mortems")
    record LibraryPage(java.util.List<LibraryItem> items, int page, int size, long total) {
    }
}
