package dev.aftermath.web;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriUtils;

/** Absolute links for mails and documents, from {@code aftermath.base-url}. */
@Component
public class Links {

    private final String base;

    public Links(@Value("${aftermath.base-url}") String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    public String base() {
        return base;
    }

    public String tasklist() {
        return base + "/camunda/app/tasklist/default/";
    }

    public String task(String taskId) {
        return tasklist() + "#/?task=" + pathSegment(taskId);
    }

    public String incident(String incidentId) {
        return base + "/api/incidents/" + pathSegment(incidentId);
    }

    public String postmortem(String incidentId) {
        return base + "/api/postmortems/" + pathSegment(incidentId);
    }

    /** The post-mortem library (published post-mortems, search and filters). */
    public String library() {
        return base + "/library";
    }

    /** A published post-mortem in the library: the document with its action items and related post-mortems. */
    public String libraryPage(String incidentId) {
        return library() + "/" + pathSegment(incidentId);
    }

    /** The links every mail about an incident may use ({@code $links} in templates). */
    public Map<String, Object> forIncident(String incidentId) {
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("tasklist", tasklist());
        links.put("incident", incident(incidentId));
        links.put("postmortem", postmortem(incidentId));
        links.put("documentHtml", postmortem(incidentId) + "/document.html");
        links.put("documentMd", postmortem(incidentId) + "/document.md");
        links.put("publicHtml", postmortem(incidentId) + "/public.html");
        links.put("library", library());
        links.put("libraryPage", libraryPage(incidentId));
        links.put("inbox", base + "/inbox");
        return links;
    }

    /**
     * One path segment (or fragment value) of a link: every character outside RFC 3986's unreserved set is
     * percent-encoded in UTF-8, so an incident id {@code INC:1} becomes {@code INC%3A1} and a space {@code %20}.
     */
    public static String pathSegment(String value) {
        return UriUtils.encode(value, StandardCharsets.UTF_8);
    }
}
