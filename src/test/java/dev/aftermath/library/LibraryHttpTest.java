package dev.aftermath.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import dev.aftermath.incident.IncidentRepository;
import dev.aftermath.postmortem.PostmortemRepository;
import dev.aftermath.support.Drafts;
import dev.aftermath.support.Lifecycle;

/** The library over HTTP: search, each filter, paging, related post-mortems, login, and escaping everywhere. */
class LibraryHttpTest extends Lifecycle {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    @Autowired TestRestTemplate http;
    @Autowired IncidentRepository incidents;
    @Autowired PostmortemRepository postmortems;

    private static String nonce;

    @BeforeEach
    void seedOnce() {
        if (nonce == null) {
            nonce = "n" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
            LibrarySeed.seed(nonce, incidents, postmortems);
        }
    }

    private Map<String, Object> search(String query) {
        ResponseEntity<Map<String, Object>> r = http.withBasicAuth("mia", "mia")
                .exchange("/api/postmortems?" + query, HttpMethod.GET, null, JSON);
        assertThat(r.getStatusCode()).as(query).isEqualTo(HttpStatus.OK);
        return r.getBody();
    }

    @SuppressWarnings("unchecked")
    private List<String> ids(Map<String, Object> answer) {
        return ((List<Map<String, Object>>) answer.get("items")).stream().map(i -> (String) i.get("incidentId")).toList();
    }

    private String id(int i) {
        return LibrarySeed.id(nonce, i);
    }

    @Test
    void search_covers_title_summary_and_root_cause_of_published_post_mortems_only() {
        Map<String, Object> all = search("q=" + nonce);
        assertThat(ids(all)).containsExactly(id(5), id(4), id(3), id(2), id(1));
        assertThat(all).containsEntry("total", 5).containsEntry("page", 0).containsEntry("size", 20);
        assertThat(ids(search("q=" + nonce + " login"))).containsExactly(id(3));
        assertThat(ids(search("q=SUM-" + nonce))).containsExactly(id(2));
        assertThat(ids(search("q=rc-" + nonce))).containsExactly(id(5));
        assertThat(ids(search("q=no-such-" + nonce))).isEmpty();
    }

    @Test
    void each_filter_narrows_the_seeded_set() {
        assertThat(ids(search("q=" + nonce + "&severity=SEV1"))).containsExactly(id(3), id(1));
        assertThat(ids(search("q=" + nonce + "&severity=sev2"))).containsExactly(id(5), id(2));
        assertThat(ids(search("service=" + LibrarySeed.serviceA(nonce)))).containsExactly(id(5), id(2), id(1));
        assertThat(ids(search("service=" + LibrarySeed.serviceB(nonce)))).containsExactly(id(4), id(3));
        assertThat(ids(search("q=" + nonce + "&causeCategory=CAPACITY"))).containsExactly(id(4), id(1));
        assertThat(ids(search("q=" + nonce + "&from=2025-04-01&to=2025-04-30"))).containsExactly(id(4), id(3));
        assertThat(ids(search("q=" + nonce + "&from=2025-05-02"))).containsExactly(id(5));
        assertThat(ids(search("q=" + nonce + "&to=2025-03-01"))).containsExactly(id(1));
        assertThat(ids(search("service=" + LibrarySeed.serviceA(nonce) + "&severity=SEV2&causeCategory=CONFIGURATION")))
                .containsExactly(id(2));
    }

    @Test
    void results_are_paged() {
        Map<String, Object> first = search("q=" + nonce + "&size=2");
        assertThat(ids(first)).containsExactly(id(5), id(4));
        assertThat(first).containsEntry("total", 5).containsEntry("page", 0).containsEntry("size", 2);
        assertThat(ids(search("q=" + nonce + "&size=2&page=1"))).containsExactly(id(3), id(2));
        Map<String, Object> last = search("q=" + nonce + "&size=2&page=2");
        assertThat(ids(last)).containsExactly(id(1));
        assertThat(last).containsEntry("total", 5).containsEntry("page", 2);
        assertThat(ids(search("q=" + nonce + "&size=2&page=3"))).isEmpty();
    }

    @Test
    void bad_parameters_answer_400_naming_each() {
        ResponseEntity<String> r = http.withBasicAuth("mia", "mia")
                .getForEntity("/api/postmortems?severity=SEV9&from=yesterday&size=1000&causeCategory=BAD", String.class);
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(r.getBody()).contains("severity", "from", "size", "causeCategory");
    }

    @Test
    void the_library_needs_a_login() {
        for (String path : List.of("/api/postmortems", "/api/postmortems?q=x", "/library", "/library/" + id(1),
                "/api/postmortems/" + id(1) + "/public.html")) {
            assertThat(http.getForEntity(path, String.class).getStatusCode()).as(path).isEqualTo(HttpStatus.UNAUTHORIZED);
            assertThat(http.withBasicAuth("nobody", "nobody").getForEntity(path, String.class).getStatusCode()).as(path)
                    .isEqualTo(HttpStatus.UNAUTHORIZED);
        }
        // a wrong password (once: Camunda throttles further attempts of that user)
        assertThat(http.withBasicAuth("sam", "wrong").getForEntity("/library", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(http.withBasicAuth("alex", "alex").getForEntity("/library", String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
    }

    @Test
    void the_list_page_filters_and_a_post_mortem_page_shows_action_items_and_related_post_mortems() {
        String list = http.withBasicAuth("mia", "mia").getForObject("/library?q=" + nonce + "&severity=SEV1", String.class);
        assertThat(list).contains("data-incident=\"" + id(1) + "\"", "data-incident=\"" + id(3) + "\"")
                .doesNotContain("data-incident=\"" + id(2) + "\"").contains("2 post-mortems")
                .contains("<option value=\"SEV1\" selected>");

        String page = http.withBasicAuth("mia", "mia").getForObject("/library/" + id(4), String.class);
        assertThat(page).contains(nonce + " Report generation stalled", "Action 4 for Report generation stalled",
                "Mia Techlead", "as recorded");
        assertThat(page).as("a link back to the list").contains("<a href=\"/library\" id=\"back-to-list\">");
        String related = page.substring(page.indexOf("id=\"related\""));
        // earlier ones of the same service (3) or the same symptom (1); not later ones, not other services
        assertThat(related).contains("/library/" + id(3), "/library/" + id(1)).doesNotContain("/library/" + id(5))
                .doesNotContain("/library/" + id(2)).doesNotContain("/library/" + id(6));
        assertThat(http.withBasicAuth("mia", "mia").getForEntity("/library/" + id(6), String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void a_post_mortem_without_a_symptom_opens_with_the_related_ones_of_its_service() {
        String n = "s" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        LibrarySeed.seedWithoutSymptom(n, incidents, postmortems);
        ResponseEntity<String> page = http.withBasicAuth("mia", "mia").getForEntity("/library/" + LibrarySeed.id(n, 2),
                String.class);
        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(page.getBody().substring(page.getBody().indexOf("id=\"related\"")))
                .contains("/library/" + LibrarySeed.id(n, 1));
    }

    private static final Pattern TAG = Pattern.compile("<([a-zA-Z][a-zA-Z0-9]*)([^<>]*)>");
    private static final Pattern BAD_ATTRIBUTE = Pattern.compile(
            "(?i)\\son[a-z]+\\s*=|(?:href|src|action|formaction)\\s*=\\s*[\"']?\\s*(?:javascript|vbscript|data):");

    /** The first real tag that runs script (a script, img or iframe tag, an event handler or a javascript: URL). */
    private static String scriptMarkup(String html) {
        java.util.regex.Matcher tag = TAG.matcher(html);
        while (tag.find()) {
            String name = tag.group(1).toLowerCase();
            if (List.of("script", "img", "iframe", "object", "embed", "svg").contains(name)
                    || BAD_ATTRIBUTE.matcher(tag.group(2)).find()) {
                return tag.group();
            }
        }
        return null;
    }

    @Test
    void script_and_javascript_links_in_every_user_field_never_become_markup() throws Exception {
        String x = "<script>alert(1)</script><img src=x onerror=alert(2)> [click](javascript:alert(3)) "
                + "<a href=\"javascript:alert(4)\">a</a> ";
        String id = newIncidentId("INC-XSS-" + nonce);
        Map<String, Object> payload = incident(id, "SEV1", Duration.ofHours(1));
        payload.put("title", x + "title");
        payload.put("service", "<script>svc</script>");
        payload.put("customerImpact", x + "impact");
        payload.put("symptom", x + "symptom");
        payload.put("timeline", List.of(Map.of("at", payload.get("startedAt"), "event", x + "event", "source", x + "src")));
        Map<String, Object> draft = Drafts.goodDraft();
        for (String field : List.of("summary", "impact", "whatWentWell", "whatWentWrong", "lessonsLearned")) {
            draft.put(field, x + "\n\n**kept** [click](javascript:alert(5)) " + field);
        }
        draft.put("rootCause", x + "pool sized for old traffic");
        draft.put("whys", Drafts.json(Drafts.FIVE_WHYS.replace("Checkout failed", "<script>w()</script> Checkout failed")));
        draft.put("contributingFactors", Drafts.json("[\"<script>f()</script> factor one\",\"[f](javascript:f()) factor two\"]"));
        Map<String, Object> meeting = Drafts.goodMeeting();
        meeting.put("rootCause", x + "pool sized for old traffic");
        meeting.put("meetingNotes", x + "notes");
        meeting.put("actionItems", Drafts.json("[{\"title\":\"<script>ai()</script> alert at 80% pool use\",\"owner\":\"mia\","
                + "\"dueDate\":\"" + LocalDate.now().plusDays(5) + "\",\"priority\":\"HIGH\"}]"));
        publish(payload, draft, Map.of("meetingLocation", x + "room"), meeting, Map.of());

        TestRestTemplate mia = http.withBasicAuth("mia", "mia");
        Map<String, String> pages = new java.util.LinkedHashMap<>();
        pages.put("library list", mia.getForObject("/library?q=" + java.net.URLEncoder.encode("title", "UTF-8"), String.class));
        pages.put("library page", mia.getForObject("/library/" + id, String.class));
        pages.put("document.html", mia.getForObject("/api/postmortems/" + id + "/document.html", String.class));
        pages.put("public.html", mia.getForObject("/api/postmortems/" + id + "/public.html", String.class));
        pages.put("document.md", mia.getForObject("/api/postmortems/" + id + "/document.md", String.class));
        pages.put("public.md", mia.getForObject("/api/postmortems/" + id + "/public.md", String.class));
        assertThat(pages.get("library list")).contains(id);
        assertThat(pages.get("library page")).contains("alert at 80% pool use").contains("&lt;script&gt;");
        int mails = 0;
        for (MimeMessage m : greenMail.getReceivedMessages()) {
            if (m.getSubject().contains(id) && parts(m).html() != null) {
                pages.put("mail " + (++mails) + ": " + m.getSubject(), parts(m).html());
            }
        }
        assertThat(mails).isGreaterThanOrEqualTo(5);
        pages.forEach((name, body) -> {
            assertThat(body).as(name).isNotBlank();
            assertThat(scriptMarkup(body)).as(name + " contains script markup").isNull();
            assertThat(body).as(name).doesNotContainIgnoringCase("<script").doesNotContain("<img");
        });
        // the check itself finds what it must
        assertThat(scriptMarkup("<p>x</p><a href=\"javascript:alert(1)\">y</a>")).isNotNull();
        assertThat(scriptMarkup("<div onclick=\"x()\">")).isNotNull();
        assertThat(scriptMarkup("&lt;img src=x onerror=alert(2)&gt; <p class=\"md\">ok</p>")).isNull();
        // Markdown in user text is rendered as markup of its own
        assertThat(pages.get("document.html")).contains("<strong>kept</strong>")
                .contains("<a rel=\"nofollow noopener noreferrer\" href=\"\">click</a>");
    }
}
