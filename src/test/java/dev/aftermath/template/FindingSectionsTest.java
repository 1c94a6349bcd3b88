package dev.aftermath.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

/**
 * Issue 21, item 6: the mails that list the quality gate's findings (the author's task mails when the gate sent the
 * draft or the final document back) name each section as the form names it — "Root cause", "Timeline, entry 3: What
 * happened" — never by its variable ("rootCause", "timeline[2].event"). The labels are those of the forms the author
 * fixes the findings in: every field of write-draft.form and finalize-document.form is checked.
 */
class FindingSectionsTest {

    private final Templates templates = new Templates("templates");
    private final Formats fmt = new Formats(ZoneId.of("UTC"), id -> id);

    private Templates.MailContent mail(String template, List<String> sections) {
        List<Map<String, Object>> findings = new ArrayList<>();
        for (String section : sections) {
            findings.add(Map.of("severity", "BLOCKING", "section", section, "why", "Why.", "hint", "Hint."));
        }
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("qualityFindings", findings);
        vars.put("title", "Payment API returned 503 for checkout");
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("vars", vars);
        model.put("fmt", fmt);
        model.put("doc", EveryTemplateRendersTest.document());
        model.put("incident", Map.of("id", "INC-2026-1206", "title", "Payment API returned 503 for checkout",
                "severity", "SEV1", "service", "payments"));
        model.put("links", Map.of("task", "http://localhost/task", "tasklist", "http://localhost/tasklist"));
        return templates.mail(template, model);
    }

    @Test
    void the_sent_back_mails_name_the_sections_as_the_forms_do() {
        for (String template : List.of("task/Task_WriteDraft", "task/Task_FinalizeDocument")) {
            Templates.MailContent m = mail(template, List.of("rootCause", "timeline[2].event", "whys[0]",
                    "actionItems[1].owner", "contributingFactors", "aNewSection"));
            assertThat(m.text()).as(template)
                    .contains("- BLOCKING Root cause\n")
                    .contains("- BLOCKING Timeline, entry 3: What happened\n")
                    .contains("- BLOCKING 5 Whys, entry 1\n")
                    .contains("- BLOCKING Action items, entry 2: Owner\n")
                    .contains("- BLOCKING Contributing factors\n")
                    .contains("- BLOCKING aNewSection\n")
                    .doesNotContain("rootCause").doesNotContain("timeline[");
            assertThat(m.html()).as(template)
                    .contains("<strong>BLOCKING</strong> &middot; Root cause")
                    .contains("<strong>BLOCKING</strong> &middot; Timeline, entry 3: What happened")
                    .doesNotContain("rootCause").doesNotContain("timeline[");
        }
    }

    @Test
    void every_field_of_the_draft_forms_is_named_as_its_label_says() throws IOException {
        ObjectMapper json = new ObjectMapper();
        for (String form : List.of("write-draft", "finalize-document")) {
            Map<String, String> expected = new LinkedHashMap<>();
            collect(json.readTree(Path.of("processes", "forms", form + ".form").toFile()).get("components"), null,
                    null, expected);
            assertThat(expected).as(form).containsKeys("rootCause", "timeline[0].event", "whys[0]");
            expected.remove("acknowledgeWarnings");
            // the imported timeline candidates are decided, not written: the gate never reports on them
            expected.keySet().removeIf(k -> k.startsWith("timelineCandidates"));
            List<String> sections = new ArrayList<>(expected.keySet());
            String text = mail("task/Task_WriteDraft", sections).text();
            java.util.regex.Matcher line = java.util.regex.Pattern.compile("(?m)^- BLOCKING (.*)$").matcher(text);
            for (String section : sections) {
                assertThat(line.find()).as(form + ": a line for " + section).isTrue();
                String named = line.group(1);
                String label = expected.get(section);
                // the mail may leave out what the label adds in brackets: "When" for "When (date)"
                assertThat(label.equals(named) || label.startsWith(named + " ("))
                        .as(form + ": " + section + " named '" + named + "', the form says '" + label + "'").isTrue();
            }
        }
    }

    /** Section id -> the label the form shows: a field by its key, a list field as "List, entry 1: Field". */
    private static void collect(JsonNode components, String list, String listLabel, Map<String, String> out) {
        if (components == null) {
            return;
        }
        for (JsonNode c : components) {
            String id = c.path("id").asText();
            String label = c.has("label") ? c.get("label").asText() : c.path("dateLabel").asText(null);
            if (id.startsWith("List_")) {
                String path = c.path("path").asText();
                out.put(path, label);
                collect(c.get("components"), path, label, out);
            } else if (id.startsWith("Field_") && label != null && c.has("key")) {
                String key = c.get("key").asText();
                if (list == null) {
                    out.put(key, label);
                } else if (!"text".equals(key)) {
                    out.put(list + "[0]." + key, listLabel + ", entry 1: " + label);
                } else {
                    // a list of plain texts (whys, factors): the gate names the entry, "whys[0]"
                    out.put(list + "[0]", listLabel + ", entry 1");
                }
            } else {
                collect(c.get("components"), list, listLabel, out);
            }
        }
    }
}
