package dev.aftermath.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.aftermath.document.TestDocuments;
import dev.aftermath.quality.QualityFinding.Severity;

/** The gate's verdicts on sentences and documents, with the rules of processes/quality-rules.json. */
class QualityCheckerTest {

    private static final People PEOPLE = new People() {
        @Override
        public boolean isUser(String id) {
            return Set.of("priya", "mia", "carlos").contains(id);
        }

        @Override
        public boolean isGroup(String id) {
            return Set.of("tech-leads", "engineering").contains(id);
        }

        @Override
        public Set<String> names() {
            return Set.of("priya", "mia", "carlos", "priya author");
        }
    };

    private final QualityChecker checker = new QualityChecker(
            new QualityRules(new ObjectMapper(), "processes/quality-rules.json"), PEOPLE);

    /** Seed 002's bad and good lists, its reframing table, and new sentences of both kinds. */
    @ParameterizedTest(name = "[{index}] {1}: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            John deployed broken code                                                          | BLAME
            The developer didn't test properly                                                  | BLAME
            Sarah forgot to check the config                                                    | BLAME
            Human error caused the outage                                                       | BLAME
            The on-call engineer should have responded faster                                   | BLAME
            On-call engineer ignored the alert                                                  | BLAME
            DBA ran wrong query                                                                 | BLAME
            Engineer typo'd the config value                                                    | BLAME
            You should have been more careful                                                   | BLAME
            It was Mike's fault that the cache was flushed                                      | BLAME
            The migration failed because of a careless change                                   | BLAME
            Priya forgot to renew the certificate                                               | BLAME
            priya deleted the production table                                                  | BLAME
            After the release, Tom missed the failing health check                              | BLAME
            The intern ran the wrong script against production                                  | BLAME
            The reviewer overlooked the missing finally block                                   | BLAME
            Sarah Lee failed to follow the runbook                                              | BLAME
            The outage was the fault of the release manager                                     | BLAME
            He never checked the dashboard                                                      | BLAME
            Ops messed up the failover                                                          | BLAME
            The deployment process allowed untested code to reach production                    | OK
            Our testing strategy didn't catch this edge case                                    | OK
            The configuration review process was skipped under time pressure                    | OK
            The system lacked safeguards to prevent this class of error                         | OK
            The alerting threshold was too high to detect early warning signs                   | OK
            Alert fatigue from frequent false positives caused alert to be missed               | OK
            No policy prevented risky Friday deployments; change freeze not enforced            | OK
            Production database lacked row-level security; destructive queries had no confirmation step | OK
            Configuration deployment lacked validation; no schema enforcement caught invalid value | OK
            Monitoring missed the slow growth of the connection pool                            | OK
            Redis failed to elect a new primary within the timeout                              | OK
            The fault-tolerant queue kept every payment message                                 | OK
            A segmentation fault crashed the image worker                                       | OK
            We run blameless post-mortems within 48 hours                                       | OK
            The autoscaler did not add nodes because the quota was reached                      | OK
            Connection leak in the ACH payment method exhausted the pool under 3x traffic       | OK
            The rollback took 25 minutes because the pipeline rebuilt the image                 | OK
            Code review did not flag the missing finally block; no static analysis for resource leaks | OK
            """)
    void blame_language_table(String sentence, String expected) {
        List<QualityFinding> findings = checker.blame("summary", sentence);
        if (expected.equals("BLAME")) {
            assertThat(findings).as(sentence).singleElement().satisfies(f -> {
                assertThat(f.rule()).isEqualTo("blame-language");
                assertThat(f.severity()).isEqualTo(Severity.BLOCKING);
                assertThat(f.text()).isEqualTo(sentence.strip());
                assertThat(f.section()).isEqualTo("summary");
                assertThat(f.hint()).isNotBlank();
            });
        } else {
            assertThat(findings).as(sentence).isEmpty();
        }
    }

    @ParameterizedTest(name = "[{index}] {1}: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            Human error                                                              | SHALLOW
            human error.                                                             | SHALLOW
            Operator error                                                           | SHALLOW
            Mistake                                                                  | SHALLOW
            The root cause was human error                                           | SHALLOW
            Root cause: a mistake                                                    | SHALLOW
            Connection pool sized for old traffic; no alert on pool saturation       | OK
            Configuration deployments are not validated against the schema           | OK
            """)
    void root_cause_that_stops_at_human_error(String rootCause, String expected) {
        assertThat(checker.isShallowRootCause(rootCause)).as(rootCause).isEqualTo(expected.equals("SHALLOW"));
    }

    @ParameterizedTest(name = "[{index}] {1}: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            Improve monitoring                                           | VAGUE
            Be more careful                                              | VAGUE
            Fix it                                                       | VAGUE
            improve testing!                                             | VAGUE
            Investigate                                                  | VAGUE
            Add alert                                                    | VAGUE
            Alert at 80% pool saturation on payments-db                  | OK
            Add SpotBugs plugin to detect resource leaks in CI pipeline  | OK
            Improve monitoring: page on pool use above 85% for 5 minutes | OK
            Create code review checklist with resource management section | OK
            """)
    void vague_action_item_titles(String title, String expected) {
        assertThat(checker.isVagueTitle(title)).as(title).isEqualTo(expected.equals("VAGUE"));
    }

    private static Map<String, Object> goodDocument() {
        Map<String, Object> doc = new HashMap<>();
        doc.put("summary", "Checkout failed for 47 minutes.");
        doc.put("rootCause", "Connection pool sized for old traffic");
        doc.put("whys", List.of("a", "b", "c", "d", "e"));
        doc.put("contributingFactors", List.of("No saturation alert", "Hard-coded pool size"));
        doc.put("timeline", List.of(Map.of("at", "2026-01-10T10:30:00Z", "event", "Error rate above 5%"),
                Map.of("at", "2026-01-10T10:32:00Z", "event", "On-call engineer paged")));
        String due = LocalDate.now().plusDays(5).toString();
        doc.put("actionItems", List.of(Map.of("title", "Alert at 80% pool saturation on payments-db", "owner", "mia",
                "dueDate", due, "priority", "HIGH")));
        return doc;
    }

    @Test
    void a_good_document_has_no_findings_at_either_stage() {
        assertThat(checker.check(TestDocuments.of(goodDocument()), QualityStage.DRAFT)).isEmpty();
        assertThat(checker.check(TestDocuments.of(goodDocument()), QualityStage.FINAL)).isEmpty();
    }

    @Test
    void counts_timeline_and_action_items_give_findings_with_their_severity() {
        Map<String, Object> doc = goodDocument();
        doc.put("whys", List.of("a", "b"));
        doc.put("contributingFactors", List.of("only one"));
        doc.put("rootCause", "");
        List<Map<String, Object>> timeline = new ArrayList<>();
        timeline.add(Map.of("at", "2026-01-10T10:40:00Z", "event", "Rollback started"));
        timeline.add(Map.of("at", "2026-01-10T10:30:00Z", "event", "Alert fired"));
        timeline.add(Map.of("event", "Someone looked at it"));
        doc.put("timeline", timeline);
        Map<String, Object> noDue = new HashMap<>(Map.of("title", "Improve monitoring", "owner", "tech-leads"));
        Map<String, Object> team = new HashMap<>(Map.of("title", "Add pool saturation alert on payments-db",
                "owner", "team", "dueDate", "2030-01-01", "priority", "HIGH"));
        doc.put("actionItems", List.of(noDue, team));

        List<QualityFinding> draft = checker.check(TestDocuments.of(doc), QualityStage.DRAFT);
        assertThat(draft).extracting(QualityFinding::rule, QualityFinding::section, QualityFinding::severity)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("root-cause-missing", "rootCause", Severity.BLOCKING),
                        org.assertj.core.groups.Tuple.tuple("min-whys", "whys", Severity.WARNING),
                        org.assertj.core.groups.Tuple.tuple("min-contributing-factors", "contributingFactors", Severity.BLOCKING),
                        org.assertj.core.groups.Tuple.tuple("timeline-order", "timeline[1]", Severity.BLOCKING),
                        org.assertj.core.groups.Tuple.tuple("timeline-time-missing", "timeline[2]", Severity.BLOCKING));

        List<QualityFinding> fin = checker.check(TestDocuments.of(doc), QualityStage.FINAL);
        assertThat(fin).extracting(QualityFinding::rule, QualityFinding::section).contains(
                org.assertj.core.groups.Tuple.tuple("action-item-owner", "actionItems[0].owner"),
                org.assertj.core.groups.Tuple.tuple("action-item-due-date", "actionItems[0].dueDate"),
                org.assertj.core.groups.Tuple.tuple("action-item-priority", "actionItems[0].priority"),
                org.assertj.core.groups.Tuple.tuple("action-item-vague", "actionItems[0].title"),
                org.assertj.core.groups.Tuple.tuple("action-item-owner", "actionItems[1].owner"));
        assertThat(fin).filteredOn(f -> f.section().startsWith("actionItems[1]")).hasSize(1);
        assertThat(fin).filteredOn(f -> f.rule().equals("action-item-owner") && f.section().equals("actionItems[0].owner"))
                .singleElement().satisfies(f -> assertThat(f.hint()).contains("is a group"));
    }

    @Test
    void blame_is_found_in_every_section_including_list_entries() {
        Map<String, Object> doc = goodDocument();
        doc.put("whatWentWrong", "Deploys were slow. Carlos forgot to check the config.");
        doc.put("whys", List.of("a", "b", "c", "d", "The developer should have tested it"));
        doc.put("timeline", List.of(Map.of("at", "2026-01-10T10:30:00Z", "event", "DBA ran wrong query")));
        assertThat(checker.check(TestDocuments.of(doc), QualityStage.DRAFT)).extracting(QualityFinding::section, QualityFinding::text)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("whatWentWrong", "Carlos forgot to check the config."),
                        org.assertj.core.groups.Tuple.tuple("whys[4]", "The developer should have tested it"),
                        org.assertj.core.groups.Tuple.tuple("timeline[0].event", "DBA ran wrong query"));
    }

    @Test
    void responders_contributed_entries_and_notes_are_checked_like_the_rest() {
        Map<String, Object> doc = goodDocument();
        doc.put("timeline", List.of(Map.of("at", "2026-01-10T10:30:00Z", "event", "Error rate above 5 %"),
                Map.of("at", "2026-01-10T10:35:00Z", "event", "Carlos forgot to scale the pool", "actor", "mia")));
        doc.put("timelineContributions", List.of(Map.of("contributor", "mia", "entries", 1,
                "notes", "I knew the pool was small. The on-call engineer should have responded faster.")));
        assertThat(checker.check(TestDocuments.of(doc), QualityStage.DRAFT)).extracting(QualityFinding::section, QualityFinding::text)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("timeline[1].event", "Carlos forgot to scale the pool"),
                        org.assertj.core.groups.Tuple.tuple("timelineContributions[0].notes",
                                "The on-call engineer should have responded faster."));
    }
}
