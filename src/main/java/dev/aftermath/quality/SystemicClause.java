package dev.aftermath.quality;

import dev.aftermath.quality.EnglishNlp.Sentence;
import dev.aftermath.quality.PersonMentions.Mention;

/**
 * The systemic-clause exception: a person's act explained by a condition of the system in the same sentence, after
 * {@code because}, {@code since}, {@code as}, {@code which}, {@code so} ({@code explanationMarkers}): "Chloe deleted the
 * wrong bucket since the two names differ by one character", "the engineer missed the alert because it was routed to
 * an unmonitored channel". The clause explains when it names no harmful act of a person and either names a systemic
 * condition ({@code systemicCues}, {@code enablingWords}) or, after because, since or as, has a subject that is not a
 * person ("because the pull request had 4,000 changed lines"; "which" and "so" often introduce a consequence instead).
 */
final class SystemicClause {

    private final LanguageWords words;
    private final HarmfulActs acts;

    SystemicClause(LanguageWords words, HarmfulActs acts) {
        this.words = words;
        this.acts = acts;
    }

    boolean explains(Sentence s, Mention[] mentions) {
        for (int i = 0; i < s.size(); i++) {
            int start = words.explanationMarkers.match(s, i);
            if (start < 0 || words.notExplanations.match(s, i) > 0 || i > 0 && words.notExplanations.match(s, i - 1) > 0) {
                continue;
            }
            int end = start;
            while (end < s.size() && !s.lower(end).equals(",") && !s.lower(end).equals(";") && !s.lower(end).equals(":")
                    && !(end > start && words.explanationMarkers.match(s, end) > 0)) {
                end++;
            }
            if (end - start < 2 || acts.agentOfHarm(s, mentions, start, end) || acts.possessiveFault(s, mentions, words.faultNouns, start, end)
                    || acts.evaluative(s, start, end)) {
                continue;
            }
            if (words.systemicCues.find(s, start, end) >= 0 || words.enablingWords.find(s, start, end) >= 0) {
                return true;
            }
            boolean personSubject = false;
            for (int k = start; k < Math.min(end, start + 3); k++) {
                personSubject |= mentions[k] != null;
            }
            if (!personSubject && i > 0 && words.subjectExplanations.hasWord(s.lower(i))) {
                return true;
            }
        }
        return false;
    }
}
