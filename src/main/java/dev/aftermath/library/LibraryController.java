package dev.aftermath.library;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

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
    public PageResponse<Map<String, Object>> search(@RequestParam(required = false) String q,
                                      @RequestParam(required = false) String severity,
                                      @RequestParam(required = false) String service,
                                      @RequestParam(required = false) String causeCategory,
                                      @RequestParam(required = false) String from,
                                      @RequestParam(required = false) String to,
                                      @RequestParam(required = false) String page,
                                      @RequestParam(required = false) String size, HttpServletRequest request) {
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
}
