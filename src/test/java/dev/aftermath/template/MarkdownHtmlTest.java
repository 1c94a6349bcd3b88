package dev.aftermath.template;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Markdown in user text: rendered, raw HTML escaped, unsafe URLs dropped. */
class MarkdownHtmlTest {

    private final MarkdownHtml markdown = new MarkdownHtml();

    @Test
    void renders_markdown_and_keeps_safe_links() {
        assertThat(markdown.html("**Pool** exhausted, see [runbook](https://wiki.example.com/pool)").html())
                .isEqualTo("<p><strong>Pool</strong> exhausted, see <a rel=\"nofollow noopener noreferrer\" "
                        + "href=\"https://wiki.example.com/pool\">runbook</a></p>\n");
    }

    @Test
    void raw_html_is_escaped_and_script_urls_are_dropped() {
        String html = markdown.html("<script>alert(1)</script>\n\n[click](javascript:alert(3)) "
                + "[data](data:text/html;base64,PHNjcmlwdD4=) ![img](javascript:alert(4)) <a href=\"javascript:x()\">a</a>").html();
        assertThat(html).doesNotContain("<script").doesNotContain("href=\"javascript").doesNotContain("data:text")
                .doesNotContain("src=\"javascript").contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("href=\"\">click</a>").contains("href=\"\">data</a>").contains("<img src=\"\"")
                .contains("&lt;a href=&quot;javascript:x()&quot;&gt;");
    }

    @Test
    void blank_text_renders_nothing() {
        assertThat(markdown.html(null).html()).isEmpty();
        assertThat(markdown.html("  ").html()).isEmpty();
    }
}
