package dev.aftermath.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Issue 21, item 6: an action item's due date reads as a day for people ("Sun 20 Dec 2026") wherever a person reads
 * it: the library page and the published page (document/postmortem-body.vm, with the items' live state and without),
 * the public page, the Markdown documents and the action-item mails — never as "2026-12-20".
 */
class ActionItemDueDatesTest {

    private final Templates templates = new Templates("templates");
    private final Formats fmt = new Formats(ZoneId.of("UTC"), id -> id);

    private Map<String, Object> model() {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("doc", EveryTemplateRendersTest.document());
        model.put("fmt", fmt);
        model.put("incident", Map.of("id", "INC-2026-1206", "title", "Payment API returned 503 for checkout",
                "severity", "SEV1", "service", "payments"));
        model.put("links", Map.of("library", "http://localhost/library"));
        model.put("vars", Map.of("title", "Add a connection-pool saturation alert", "actionItemId", "AI-1",
                "owner", "sara", "dueDate", "2026-12-20", "priority", "HIGH", "state", "OPEN", "daysOverdue", 21));
        return model;
    }

    @Test
    void the_library_and_published_pages_show_the_due_dates_as_days() {
        Map<String, Object> live = model();
        live.put("actionItems", List.of(
                Map.of("title", "Add a connection-pool saturation alert", "owner", "sara", "ownerName", "Sara Lind",
                        "dueDate", "2026-12-20", "priority", "HIGH", "state", "OVERDUE"),
                Map.of("title", "Load-test checkout at peak traffic", "owner", "tom", "ownerName", "Tom Berg",
                        "dueDate", "2027-01-15", "priority", "MEDIUM", "state", "OPEN")));
        for (Map<String, Object> model : List.of(model(), live)) {
            String body = templates.html("document/postmortem-body.vm", model);
            assertThat(body).contains("<td class=\"nowrap\">Sun 20 Dec 2026</td>")
                    .contains("<td class=\"nowrap\">Fri 15 Jan 2027</td>")
                    .doesNotContain("2026-12-20").doesNotContain("2027-01-15");
        }
        assertThat(templates.html("document/postmortem-public.html.vm", model())).contains("Sun 20 Dec 2026")
                .doesNotContain("2026-12-20");
    }

    @Test
    void the_markdown_documents_show_the_due_dates_as_days() {
        for (String file : List.of("document/postmortem.md.vm", "document/postmortem-public.md.vm")) {
            assertThat(templates.text(file, model())).as(file).contains("| Sun 20 Dec 2026 |")
                    .contains("| Fri 15 Jan 2027 |").doesNotContain("2026-12-20");
        }
    }

    @Test
    void the_action_item_mails_show_the_due_date_as_a_day() {
        for (String mail : List.of("action-item/reminder", "action-item/overdue", "action-item/overdue-standup",
                "action-item/owner-changed", "task/Task_CompleteActionItem", "task/Task_FollowUpOverdueItem",
                "task/Task_DecideOverdueItem")) {
            Templates.MailContent content = templates.mail(mail, model());
            assertThat(content.subject() + content.html() + content.text()).as(mail).contains("Sun 20 Dec 2026")
                    .doesNotContain("2026-12-20");
        }
    }
}
