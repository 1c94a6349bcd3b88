package dev.aftermath.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 26: the person who bears the fault is found wherever they stand in the sentence (each kind in its own class),
 * blameless sentences about people pass, a systemic clause beside a person's act excuses it, and each blame or
 * person-error finding carries the suggested question of its kind from processes/quality-rules.json. The sentences are
 * new here (not corpus rows).
 */
class BlameKindsTest {

    private static final People PEOPLE = new People() {
        @Override
        public boolean isUser(String id) {
            return Set.of("priya", "mia").contains(id);
        }

        @Override
        public boolean isGroup(String id) {
            return false;
        }

        @Override
        public Set<String> names() {
            return Set.of("priya", "mia");
        }
    };

    private final QualityRules rules = new QualityRules(new ObjectMapper(), "processes/quality-rules.json");
    private final QualityChecker checker = new QualityChecker(rules, PEOPLE);

    private String kind(String sentence) {
        return checker.language().blame(EnglishNlp.get().analyse(sentence, false), PEOPLE.names());
    }

    @ParameterizedTest(name = "[{index}] {1}: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            Accountability for the lost invoices rests with the billing team                     | accountability
            The night operator is responsible for the six hours of downtime                      | accountability
            The broken export is the responsibility of the reporting squad                       | accountability
            The failed payout run came down to Bernd editing the cron schedule                   | attribution
            The customer data leak was caused by Ottilie                                         | attribution
            Thanks to Radu, checkout was down all afternoon                                      | attribution
            The outage was entirely Marguerite's doing                                           | attribution
            The queue team dragged their feet on the consumer upgrade                            | neglect-idiom
            The search crew left the failing nightly build to rot                                | neglect-idiom
            The billing folks sat on the certificate ticket for a month                          | neglect-idiom
            Priya always skips the canary step                                                   | habitual
            The mobile team keeps deploying without waiting for the build                        | habitual
            The pages were ignored by the support engineer                                       | passive-agent
            The wrong bucket was emptied by Ezra by accident                                     | passive-agent
            Gunnar is out of his depth with the database                                         | evaluative
            Berit's hasty merge broke the invoice export                                         | possessive-fault
            It was the DBA on call who dropped the index                                         | cleft
            """)
    void the_person_who_bears_the_fault_is_found_wherever_they_stand(String sentence, String kind) {
        assertThat(kind(sentence)).isEqualTo(kind);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            The billing team owns the invoice service and its alerts
            The incident commander is responsible for the status page updates
            Responsibility for the export job moves to the reporting squad in May
            Thanks to Radu, checkout recovered within four minutes
            Kudos to the queue team for the calm rollback
            The batch scheduler took its sweet time and started the job an hour late
            The rollback was approved by Mia at 14:02
            The patch was written by Ezra and reviewed by Priya
            Nobody in the room could have known that the proxy cached the old certificate
            Priya restarted the workers after the disk was cleared
            The outage was caused by a lock held by the nightly vacuum job
            """)
    void blameless_sentences_about_people_or_systems_pass(String sentence) {
        assertThat(checker.blame("summary", sentence)).isEmpty();
    }

    @Test
    void a_persons_act_explained_by_a_systemic_clause_is_not_blame_unless_it_judges_the_person() {
        assertThat(kind("Ezra deleted the stale index")).isNull();
        assertThat(kind("Ezra deleted the wrong index")).isEqualTo("person-as-agent");
        assertThat(kind("Ezra deleted the wrong index because both indexes have the same name prefix")).isNull();
        assertThat(kind("Ezra deleted the wrong index, which the console allowed without a confirmation")).isNull();
        assertThat(kind("Ezra deleted the wrong index because he did not check the name")).isEqualTo("person-as-agent");
        assertThat(kind("Ezra carelessly deleted the wrong index because both indexes have the same name prefix"))
                .isEqualTo("evaluative");
    }

    @Test
    void a_person_error_root_cause_with_a_systemic_clause_beside_it_is_not_shallow() {
        assertThat(checker.isShallowRootCause("The support engineer ignored the queue alert.")).isTrue();
        assertThat(checker.isShallowRootCause("The export failure was caused by the night operator.")).isTrue();
        assertThat(checker.isShallowRootCause("The support engineer ignored the queue alert because it had paged "
                + "falsely every night that week.")).isFalse();
        assertThat(checker.isShallowRootCause("The operator skipped the drain step since the runbook has no such step.")).isFalse();
    }

    @Test
    void every_blame_finding_shows_the_suggested_question_of_its_kind_from_the_rules_file() {
        JsonNode kinds = rules.rule("blame-language").path("kinds");
        assertThat(kinds.size()).isEqualTo(LanguageRules.BLAME_KINDS.size());
        for (String kind : LanguageRules.BLAME_KINDS) {
            assertThat(kinds.path(kind).path("question").asText()).as(kind).isNotBlank();
        }
        assertThat(checker.blame("whatWentWrong", "The queue team dragged their feet on the consumer upgrade"))
                .singleElement().satisfies(f -> assertThat(f.hint())
                        .contains(kinds.path("neglect-idiom").path("hint").asText())
                        .contains("Ask: " + kinds.path("neglect-idiom").path("question").asText()));
        assertThat(checker.blame("whatWentWrong", "Ezra pushed a broken build to production"))
                .singleElement().satisfies(f -> assertThat(f.hint())
                        .contains("What in the deploy process let this change through without review?"));
        // a regular-expression phrase finding carries the rule's question too
        assertThat(checker.blame("summary", "Ezra is to blame")).singleElement()
                .satisfies(f -> assertThat(f.hint()).contains("Ask: " + rules.rule("blame-language").question()));
        // and the person-error root cause
        assertThat(rules.rule("root-cause-human-error").hint()).contains("Ask: Why was this error possible");
    }
}
