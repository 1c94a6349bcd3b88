package dev.aftermath.insights;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.aftermath.support.ProcessTestSupport;

/**
 * Issue 21, item 6: the page {@code /insights} reads right to the person who opens it, over the seeded set
 * ({@link InsightsSeed}). A period that ends before it starts is an error on the page, in words, with the filters as
 * typed (the API keeps answering problem+json, {@code InsightsApiTest}); open items are counted twice, clearly
 * labelled (open now, and open among those due in the period); "on time" says of how many.
 */
class InsightsPageTest extends ProcessTestSupport {

    @Autowired TestRestTemplate http;
    @Autowired JdbcClient jdbc;

    @BeforeEach
    void seed() {
        InsightsSeed.seed(jdbc);
    }

    private ResponseEntity<String> page(String query) {
        return http.withBasicAuth("alex", "alex").getForEntity("/insights?" + query, String.class);
    }

    @Test
    void a_period_that_ends_before_it_starts_is_a_readable_error_on_the_page() {
        ResponseEntity<String> r = page("from=2019-03-01&to=2019-02-01&severity=SEV1");
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(r.getHeaders().getContentType().toString()).startsWith("text/html");
        assertThat(r.getBody())
                .contains("These numbers cannot be shown for this period.")
                .contains("The period starts after it ends: <em>From</em> is Fri 1 Mar 2019 and <em>To</em> is"
                        + " Fri 1 Feb 2019. Choose a From date on or before the To date.")
                // the filters as typed, to correct them
                .contains("id=\"filter-from\" value=\"2019-03-01\"").contains("id=\"filter-to\" value=\"2019-02-01\"")
                .contains("<option value=\"SEV1\" selected>SEV1</option>")
                // no problem JSON, no numbers, no charts
                .doesNotContain("application/problem+json").doesNotContain("\"status\"").doesNotContain("\"detail\"")
                .doesNotContain("id=\"headline\"").doesNotContain("insights-data");
    }

    @Test
    void a_date_that_is_not_one_is_named_on_the_page() {
        ResponseEntity<String> r = page("from=yesterday");
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(r.getBody()).contains("<li><em>From</em> (yesterday): must be a date YYYY-MM-DD. Pick the day in the"
                + " date field, or write it as YYYY-MM-DD.</li>");
    }

    @Test
    void open_items_are_shown_open_now_and_due_in_the_period_each_labelled() {
        // ins-web in January 2019: no item falls due in January; INS-06/AI-1 (overdue) and INS-10/AI-1 (open) are open
        String body = page("from=2019-01-01&to=2019-01-31&service=ins-web").getBody();
        assertThat(body).contains("<div class=\"value\" id=\"h-open-now\">2</div>"
                        + "<div class=\"label\">action items open now (any due date)</div>")
                .contains("<div class=\"value\" id=\"h-open\">0</div>"
                        + "<div class=\"label\">open action items due in the period</div>");
    }

    @Test
    void on_time_and_published_name_their_denominators() {
        // Jan-Mar 2019 for alex: 7 post-mortems due, 6 published, 4 of the 7 judged on time (InsightsApiTest)
        String body = page("from=2019-01-01&to=2019-03-31").getBody();
        assertThat(body).contains("id=\"h-published\">6 of 7</div>")
                .contains("post-mortems published, of 7 due in the period")
                .contains("id=\"h-ontime\">57.1 %</div>")
                .contains("published on time: 4 of 7 (the due post-mortems published or past their deadline)");
    }
}
