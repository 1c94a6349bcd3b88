package dev.aftermath.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.aftermath.quality.EnglishNlp.Sentence;

/**
 * The language-aware rules of the gate over tokens, tags and lemmas, compiled from the word lists of
 * {@code processes/quality-rules.json} (recompiled when the file changes). Each seam is its own class:
 * {@link PersonMentions} (who a sentence names), {@link BlameKinds} (blame-language, with one class per newer kind:
 * {@link Accountability}, {@link FaultAttribution}, {@link NeglectIdioms}, {@link HabitualConduct}, {@link PassiveAgents},
 * and the exception {@link SystemicClause}), {@link PersonErrorCauses}
 * (a root cause that stops at a person) and {@link ActionSpecificity} (vague action items); {@link LanguageWords},
 * {@link Grammar} and {@link HarmfulActs} are what they share.
 */
final class LanguageRules {

    /** The blame kinds, in the order they are tried. */
    static final List<String> BLAME_KINDS = BlameKinds.KINDS;

    private final JsonNode source;
    /** The plain regular-expression phrases of blame-language, compiled once, with their hints. */
    final List<Phrase> phrases = new ArrayList<>();
    private final BlameKinds blame;
    private final PersonErrorCauses causes;
    private final ActionSpecificity actions;

    record Phrase(Pattern pattern, String hint) {
    }

    LanguageRules(JsonNode root) {
        this.source = root;
        JsonNode blameLanguage = root.path("rules").path("blame-language");
        for (JsonNode phrase : blameLanguage.path("phrases")) {
            phrases.add(new Phrase(QualityRules.Rule.pattern(phrase.path("pattern").asText()),
                    phrase.path("hint").asText(blameLanguage.path("hint").asText(""))));
        }
        LanguageWords words = new LanguageWords(root);
        PersonMentions people = new PersonMentions(words);
        HarmfulActs acts = new HarmfulActs(words);
        this.blame = new BlameKinds(words, people, acts);
        this.causes = new PersonErrorCauses(words, people, acts);
        this.actions = new ActionSpecificity(words);
    }

    boolean compiledFrom(JsonNode root) {
        return source == root;
    }

    /** The blame kind of a sentence, or {@code null} when it does not blame. */
    String blame(Sentence s, Set<String> names) {
        return blame.blame(s, names);
    }

    /** A root cause that stops at a person's error: some clause names one, and no clause names a systemic condition. */
    boolean personError(List<Sentence> sentences, Set<String> names) {
        return causes.personError(sentences, names);
    }

    /** An action-item title that nobody could check off: see the rule's _about in quality-rules.json. */
    boolean vague(Sentence s, String raw) {
        return actions.vague(s, raw);
    }
}
