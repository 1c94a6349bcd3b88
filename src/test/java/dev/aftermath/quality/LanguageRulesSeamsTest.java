package dev.aftermath.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.aftermath.quality.EnglishNlp.Sentence;
import dev.aftermath.quality.PersonMentions.Mention;

/** The seams of the language rules, each on its own: plain Java over the rules file, no Spring, no engine. */
class LanguageRulesSeamsTest {

    private static final JsonNode RULES = new QualityRules(new ObjectMapper(), "processes/quality-rules.json").document();
    private static final Set<String> NAMES = Set.of("priya", "mia", "carlos");
    private static final EnglishNlp NLP = EnglishNlp.get();

    private final LanguageWords words = new LanguageWords(RULES);
    private final PersonMentions people = new PersonMentions(words);
    private final HarmfulActs acts = new HarmfulActs(words);
    private final BlameKinds blame = new BlameKinds(words, people, acts);
    private final PersonErrorCauses causes = new PersonErrorCauses(words, people, acts);
    private final ActionSpecificity actions = new ActionSpecificity(words);

    private static Sentence sentence(String text) {
        return NLP.analyse(text, false);
    }

    private List<String> mentioned(String text) {
        Sentence s = sentence(text);
        return Arrays.stream(people.mentions(s, NAMES)).filter(Objects::nonNull)
                .map(m -> String.join(" ", s.tokens().subList(m.start(), m.end()).stream().map(t -> t.text()).toList()))
                .toList();
    }

    @Test
    void mentions_names_handles_roles_and_teams_but_not_systems() {
        assertThat(mentioned("Priya forgot to renew the certificate")).containsExactly("Priya");
        assertThat(mentioned("@sam paged the on-call engineer")).contains("@sam");
        assertThat(mentioned("The platform team rolled back")).containsExactly("platform team");
        assertThat(mentioned("Redis failed to elect a new primary within the timeout")).isEmpty();
    }

    @Test
    void a_possessive_mention_is_marked() {
        Sentence s = sentence("It was Mike's fault that the cache was flushed");
        Mention mike = Arrays.stream(people.mentions(s, NAMES)).filter(Objects::nonNull).findFirst().orElseThrow();
        assertThat(mike.possessive()).isTrue();
    }

    @ParameterizedTest(name = "[{index}] {1}: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            Priya forgot to renew the certificate                        | person-as-agent
            It was Mike's fault that the cache was flushed               | possessive-fault
            The on-call engineer should have responded faster            | counterfactual
            The whole mess is on Carlos                                  | accountability
            Redis failed to elect a new primary within the timeout       | none
            The deployment process allowed untested code to reach production | none
            """)
    void blame_kinds(String text, String kind) {
        String found = blame.blame(sentence(text), NAMES);
        assertThat(found == null ? "none" : found).as(text).isEqualTo(kind);
        assertThat(BlameKinds.KINDS).contains(found == null ? "person-as-agent" : found);
    }

    @ParameterizedTest(name = "[{index}] {1}: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            Operator error                                                     | true
            Priya deleted the production table                                 | true
            Priya deleted the production table because deletes need no review  | false
            Connection pool sized for old traffic; no alert on pool saturation | false
            """)
    void person_error_causes(String rootCause, boolean personError) {
        List<Sentence> sentences = NLP.sentences(rootCause).stream().map(LanguageRulesSeamsTest::sentence).toList();
        assertThat(causes.personError(sentences, NAMES)).as(rootCause).isEqualTo(personError);
    }

    @ParameterizedTest(name = "[{index}] {1}: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            Improve monitoring                                           | true
            Be more careful                                              | true
            Investigate                                                  | true
            Alert at 80% pool saturation on payments-db                  | false
            Add SpotBugs plugin to detect resource leaks in CI pipeline  | false
            Create code review checklist with resource management section | false
            """)
    void action_specificity(String title, boolean vague) {
        assertThat(actions.vague(NLP.analyse(title, true), title)).as(title).isEqualTo(vague);
    }

    @Test
    void the_facade_answers_as_its_seams() {
        LanguageRules rules = new LanguageRules(RULES);
        assertThat(rules.compiledFrom(RULES)).isTrue();
        assertThat(rules.phrases).isNotEmpty();
        Sentence s = sentence("Priya forgot to renew the certificate");
        assertThat(rules.blame(s, NAMES)).isEqualTo(blame.blame(s, NAMES));
        assertThat(rules.vague(NLP.analyse("Fix it", true), "Fix it")).isTrue();
        assertThat(LanguageRules.BLAME_KINDS).isEqualTo(BlameKinds.KINDS);
    }
}
