package dev.aftermath.template;

import java.util.List;

import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.DefaultUrlSanitizer;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Markdown in user text rendered to HTML ({@code $markdown.html($text)} in templates) with commonmark-java: raw HTML
 * is escaped, link and image URLs other than http, https and mailto are dropped, links get
 * {@code rel="nofollow noopener noreferrer"}. The result is {@link SafeHtml}.
 */
public class MarkdownHtml {

    private static final Parser PARSER = Parser.builder().build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder()
            .escapeHtml(true)
            .sanitizeUrls(true)
            .urlSanitizer(new DefaultUrlSanitizer(List.of("http", "https", "mailto")))
            .attributeProviderFactory(context -> (node, tagName, attributes) -> {
                if (node instanceof Link) {
                    attributes.put("rel", "nofollow noopener noreferrer");
                }
                if (node instanceof Image) {
                    attributes.put("loading", "lazy");
                }
            })
            .build();

    public SafeHtml html(Object value) {
        if (value == null || value.toString().isBlank()) {
            return new SafeHtml("");
        }
        return new SafeHtml(RENDERER.render(PARSER.parse(value.toString())));
    }
}
