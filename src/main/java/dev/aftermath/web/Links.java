package dev.aftermath.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

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
        return tasklist() + "#/?task=" + enc(taskId);
    }

    public String incident(String incidentId) {
        return base + "/api/incidents/" + enc(incidentId);
    }

    public String postmortem(String incidentId) {
        return base + "/api/postmortems/" + enc(incidentId);
    }

    /** The post-mortem library (published post-mortems, search and filters). */
    public String library() {
        return base + "/library";
    }

    /** A published post-mortem in the library: the document with its action items and related post-mortems. */
    public String libraryPage(String incidentId) {
        return library() + "/" + enc(incidentId);
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

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
