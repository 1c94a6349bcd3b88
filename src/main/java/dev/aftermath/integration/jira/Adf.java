package dev.aftermath.integration.jira;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plain text (from a template) as an Atlassian Document Format document: blank-line separated paragraphs, line breaks
 * kept, http(s) URLs as links. Text is data in ADF, never markup, so user text cannot inject anything.
 */
final class Adf {

    private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"]+");

    private Adf() {
    }

    static Map<String, Object> doc(String text) {
        List<Object> paragraphs = new ArrayList<>();
        for (String paragraph : (text == null ? "" : text.strip()).split("\\n\\s*\\n")) {
            if (paragraph.isBlank()) {
                continue;
            }
            List<Object> content = new ArrayList<>();
            String[] lines = paragraph.strip().split("\\n");
            for (int i = 0; i < lines.length; i++) {
                if (i > 0) {
                    content.add(Map.of("type", "hardBreak"));
                }
                inline(lines[i], content);
            }
            paragraphs.add(Map.of("type", "paragraph", "content", content));
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("type", "doc");
        doc.put("version", 1);
        doc.put("content", paragraphs);
        return doc;
    }

    private static void inline(String line, List<Object> content) {
        Matcher m = URL.matcher(line);
        int at = 0;
        while (m.find()) {
            if (m.start() > at) {
                content.add(text(line.substring(at, m.start())));
            }
            String url = m.group();
            content.add(Map.of("type", "text", "text", url,
                    "marks", List.of(Map.of("type", "link", "attrs", Map.of("href", url)))));
            at = m.end();
        }
        if (at < line.length()) {
            content.add(text(line.substring(at)));
        }
    }

    private static Map<String, Object> text(String s) {
        return Map.of("type", "text", "text", s);
    }
}
