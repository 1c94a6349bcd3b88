package dev.aftermath.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.aftermath.postmortem.PostmortemController;
import dev.aftermath.postmortem.PostmortemService;
import dev.aftermath.support.Drafts;
import dev.aftermath.support.Lifecycle;

/** The public version of a published post-mortem leaves out names, e-mails, internal hosts, IPs and money. */
class PublicDocumentTest extends Lifecycle {

    @Autowired PostmortemService service;
    @Autowired PostmortemController api;

    /** Everything that must not leak, as written in the document. */
    private static final List<String> SECRETS = List.of("priya", "Priya", "carlos", "Carlos", "Mia Techlead", "jordan",
            "Jordan", "alex", "priya@aftermath.example", "oncall@example.com", "db-07.payments.corp.internal",
            "corp.internal", "api.payments.svc.cluster.local", "svc.cluster.local", "10.20.30.40", "192.168.1.17",
            "fe80::1ff:fe23:4567:890a", "$45,000", "45,000", "$12k", "€3,500", "USD 1,200", "@engineer2");

    @Test
    void a_document_full_of_names_emails_hosts_ips_and_money_renders_to_a_public_version_without_any() {
        String id = newIncidentId("INC-PUB");
        Map<String, Object> payload = incident(id, "SEV1", Duration.ofHours(1));
        payload.put("title", "Checkout down: db-07.payments.corp.internal refused connections");
        payload.put("customerImpact", "About $45,000 in lost fees; Jordan informed finance via oncall@example.com");
        payload.put("timeline", List.of(
                Map.of("at", payload.get("startedAt"), "event", "Alert from 10.20.30.40 on api.payments.svc.cluster.local",
                        "source", "PagerDuty", "actor", "priya"),
                Map.of("at", payload.get("detectedAt"), "event", "Carlos paged @engineer2", "actor", "carlos")));
        Map<String, Object> draft = Drafts.goodDraft();
        draft.put("summary", "Priya and Carlos restored service after db-07.payments.corp.internal (10.20.30.40) ran out"
                + " of connections; credits of $12k and €3,500 are owed. Contact priya@aftermath.example.");
        draft.put("impact", "USD 1,200 per minute; 45,000 dollars in total. Host 192.168.1.17 and fe80::1ff:fe23:4567:890a"
                + " were affected. Mia Techlead approved the credits.");
        draft.put("whatWentWell", "jordan coordinated; alex reviewed the rollback at https://deploy.corp.internal/runs/42");
        draft.put("rootCause", "Pool on api.payments.svc.cluster.local sized for old traffic; no saturation alert");
        Map<String, Object> meeting = Drafts.goodMeeting();
        meeting.put("meetingNotes", "Priya will talk to jordan");
        publish(payload, draft, Map.of("meetingLocation", "Room 4 at 10.0.0.5"), meeting, Map.of());

        String md = service.renderPublic(id, false);
        String html = service.renderPublic(id, true);
        for (String rendering : List.of(md, html)) {
            for (String secret : SECRETS) {
                assertThat(rendering).as("public version must not contain '" + secret + "'")
                        .doesNotContainIgnoringCase(secret);
            }
            assertThat(rendering).doesNotContain("Author", "Facilitator", "Owner");
            assertThat(rendering).contains(Redactor.PERSON, Redactor.EMAIL, Redactor.HOST, Redactor.IP, Redactor.MONEY);
            // what is not secret stays: the story, the action items, the numbers of users
            assertThat(rendering).contains("restored service", "Alert at 80% pool saturation", "12000",
                    LocalDate.now().plusDays(14).format(java.time.format.DateTimeFormatter.ofPattern("EEE d MMM yyyy",
                            java.util.Locale.ENGLISH)), "Checkout down");
        }
        assertThat(html).startsWith("<!DOCTYPE html>").doesNotContain("<script");
        // the internal document keeps the names
        assertThat(service.render(id, false)).contains("Priya", "db-07.payments.corp.internal");

        @SuppressWarnings("unchecked")
        Map<String, Object> links = (Map<String, Object>) api.get(id).get("links");
        assertThat(links.get("publicMarkdown").toString()).endsWith("/api/postmortems/" + id + "/public.md");
        assertThat(links.get("publicHtml").toString()).endsWith("/api/postmortems/" + id + "/public.html");
        assertThat(api.publicHtml(id).getBody()).isEqualTo(html);
        assertThat(api.publicHtml(id).getHeaders().getFirst("Content-Security-Policy")).contains("default-src 'none'");
    }
}
