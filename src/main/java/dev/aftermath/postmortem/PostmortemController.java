package dev.aftermath.postmortem;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.aftermath.web.Links;

@RestController
@RequestMapping("/api/postmortems")
public class PostmortemController {

    private static final MediaType MARKDOWN = new MediaType("text", "markdown", java.nio.charset.StandardCharsets.UTF_8);

    private final PostmortemService service;
    private final Links links;

    public PostmortemController(PostmortemService service, Links links) {
        this.service = service;
        this.links = links;
    }

    @GetMapping("/{incidentId}")
    public Map<String, Object> get(@PathVariable String incidentId) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("self", links.postmortem(incidentId));
        l.put("incident", links.incident(incidentId));
        l.put("documentMarkdown", links.postmortem(incidentId) + "/document.md");
        l.put("documentHtml", links.postmortem(incidentId) + "/document.html");
        return service.view(incidentId, l);
    }

    @GetMapping("/{incidentId}/document.md")
    public ResponseEntity<String> markdown(@PathVariable String incidentId) {
        return ResponseEntity.ok().contentType(MARKDOWN).body(service.render(incidentId, false));
    }

    @GetMapping("/{incidentId}/document.html")
    public ResponseEntity<String> html(@PathVariable String incidentId) {
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
                .body(service.render(incidentId, true));
    }
}
