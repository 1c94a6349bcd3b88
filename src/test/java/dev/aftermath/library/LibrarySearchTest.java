package dev.aftermath.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import dev.aftermath.document.TestDocuments;
import dev.aftermath.incident.Incident;
import dev.aftermath.incident.IncidentRepository;
import dev.aftermath.incident.IncidentState;
import dev.aftermath.incident.Severity;
import dev.aftermath.postmortem.PostmortemRepository;
import dev.aftermath.security.IncidentAccess;
import dev.aftermath.support.Lifecycle;

/**
 * The library's full-text index over HTTP, as readers see it: ranking, English stemming, a publication found without a
 * restart, restricted post-mortems invisible to outsiders (items, totals and similar lists), and "Similar
 * post-mortems" putting the incident with the same cause first.
 */
class LibrarySearchTest extends Lifecycle {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    @Autowired TestRestTemplate http;
    @Autowired IncidentRepository incidents;
    @Autowired PostmortemRepository postmortems;
    @Autowired IncidentAccess access;
    @Autowired LibraryIndex index;

    private static String n;

    private static String id(int i) {
        return "SRCH-" + n + "-" + i;
    }

    @BeforeEach
    void seedOnce() throws InterruptedException {
        for (int i = 0; i < 600 && !index.ready(); i++) {
            Thread.sleep(100);
        }
        assertThat(index.ready()).as("the index is built in the background at start").isTrue();
        if (n != null) {
            return;
        }
        n = "x" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        add(1, "2025-01-10", "Checkout outage", "Checkout returned errors for twenty minutes",
                "Connection pool exhausted by a retry storm from the mobile client", "Retries need backoff", false);
        add(2, "2025-02-10", "Search slow", "Searches were slow for an hour",
                "A missing database index after the schema migration", "Review migrations", false);
        add(3, "2025-03-10", "Gateway timeout", "Clients saw errors at the edge",
                "Upstream provider slow to answer", "Watch the provider", false);
        add(4, "2025-04-10", "Disk full on the reports host", "The disk filled up; one client saw a timeout",
                "Log rotation was disabled", "Alert on disk use", false);
        add(5, "2025-05-10", "Secret leak timeout", "A token was exposed",
                "Connection pool exhausted by a retry storm from the batch client", "Rotate tokens", true);
        add(6, "2025-06-10", "Payments outage", "Payments failed for ten minutes",
                "Connection pool exhausted by a retry storm from the web client", "Retries need backoff", false);
    }

    private void add(int i, String date, String title, String summary, String rootCause, String lessons,
                     boolean restricted) {
        Instant started = LocalDate.parse(date).atTime(10, 0).toInstant(ZoneOffset.UTC);
        Instant resolved = started.plusSeconds(3600);
        Incident incident = new Incident(id(i), n + " " + title, "svc-" + n + "-" + i, Severity.SEV2, started,
                started.plusSeconds(300), started.plusSeconds(600), null, resolved, "jordan", List.of("priya"), 100L,
                1.0, "Some users affected", "symptom-" + n + "-" + i, false, false, false, false, List.of(), "priya",
                "carlos", "REQUIRED", "seeded", resolved.plusSeconds(3600 * 48), resolved.plusSeconds(3600 * 48),
                IncidentState.POSTMORTEM_PUBLISHED, null, Instant.now(), "jordan", 1, "FULL")
                .withRestriction(restricted);
        incidents.insert(incident);
        if (restricted) {
            access.addParticipant(id(i), IncidentAccess.AUTHOR, "priya");
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("summary", summary);
        doc.put("rootCause", rootCause);
        doc.put("lessonsLearned", lessons);
        doc.put("causeCategory", "CAPACITY");
        doc.put("whys", List.of("a", "b", "c", "d", "e"));
        doc.put("contributingFactors", List.of("f1", "f2"));
        doc.put("author", "priya");
        doc.put("facilitator", "carlos");
        doc.put("actionItems", List.of());
        postmortems.publish(id(i), TestDocuments.of(doc), 0, "# " + title, "<p>" + title + "</p>",
                resolved.plusSeconds(7200));
        postmortems.publishPublic(id(i), "# public", "<p>public</p>", summary, rootCause, "CAPACITY");
    }

    private Map<String, Object> search(String user, String q) {
        ResponseEntity<Map<String, Object>> r = http.withBasicAuth(user, user)
                .exchange("/api/postmortems?q={q}", HttpMethod.GET, null, JSON, q);
        assertThat(r.getStatusCode()).as(q).isEqualTo(HttpStatus.OK);
        return r.getBody();
    }

    @SuppressWarnings("unchecked")
    private static List<String> ids(Map<String, Object> answer) {
        return ((List<Map<String, Object>>) answer.get("items")).stream().map(i -> (String) i.get("incidentId")).toList();
    }

    /** The incident ids linked in one aside of a library page, in page order. */
    private List<String> linked(String user, String incidentId, String aside) {
        ResponseEntity<String> page = http.withBasicAuth(user, user).getForEntity("/library/" + incidentId, String.class);
        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
        String body = page.getBody();
        int start = body.indexOf("id=\"" + aside + "\"");
        assertThat(start).as(aside).isPositive();
        String section = body.substring(start, body.indexOf("</aside>", start));
        List<String> ids = new ArrayList<>();
        Matcher m = Pattern.compile("href=\"/library/([^\"]+)\"").matcher(section);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    @Test
    void a_title_match_ranks_above_a_passing_mention_even_when_that_one_is_newer() {
        Map<String, Object> found = search("mia", n + " timeout");
        assertThat(ids(found)).containsExactly(id(3), id(4));
        assertThat(found).containsEntry("total", 2);
    }

    @Test
    void english_stemming_finds_other_forms_of_a_word() {
        assertThat(ids(search("mia", n + " timeouts"))).containsExactly(id(3), id(4));
        assertThat(ids(search("mia", n + " exhausting pools"))).containsExactlyInAnyOrder(id(6), id(1));
        assertThat(ids(search("mia", n + " migrations"))).containsExactly(id(2));
        assertThat(ids(search("mia", n + " backoff"))).as("lessons learned are searched")
                .containsExactlyInAnyOrder(id(6), id(1));
    }

    @Test
    void a_new_publication_is_found_without_a_restart() {
        assertThat(ids(search("mia", n + " brandnew"))).isEmpty();
        String m = n;
        add(7, "2025-07-10", "Brandnew outage", "Something new broke", "A new cause", "Learn", false);
        assertThat(ids(search("mia", m + " brandnew"))).containsExactly(id(7));
        assertThat(ids(search("mia", m + " brandnew outage"))).containsExactly(id(7));
    }

    @Test
    void restricted_post_mortems_never_show_to_outsiders_not_in_items_totals_or_similar_lists() {
        Map<String, Object> outsider = search("alex", n);
        assertThat(ids(outsider)).doesNotContain(id(5)).contains(id(1), id(6));
        Map<String, Object> participant = search("priya", n);
        assertThat(ids(participant)).contains(id(5));
        assertThat(((Number) participant.get("total")).intValue() - ((Number) outsider.get("total")).intValue())
                .as("the total counts only what the caller may see").isEqualTo(1);
        Map<String, Object> onlyRestricted = search("alex", n + " secret leak");
        assertThat(ids(onlyRestricted)).isEmpty();
        assertThat(onlyRestricted).containsEntry("total", 0);
        assertThat(ids(search("sasha", n + " secret leak"))).containsExactly(id(5));

        assertThat(linked("alex", id(6), "similar")).doesNotContain(id(5)).contains(id(1));
        assertThat(linked("alex", id(6), "related")).doesNotContain(id(5));
        assertThat(linked("priya", id(6), "similar")).contains(id(5), id(1));
        assertThat(http.withBasicAuth("alex", "alex").getForEntity("/library/" + id(5), String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void similar_post_mortems_show_the_earlier_incident_with_the_same_cause_first() {
        List<String> similar = linked("alex", id(6), "similar");
        assertThat(similar).isNotEmpty();
        assertThat(similar.get(0)).isEqualTo(id(1));
        assertThat(similar).as("earlier incidents only").doesNotContain(id(6), id(7));
    }
}
