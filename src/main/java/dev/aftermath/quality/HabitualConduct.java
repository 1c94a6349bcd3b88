package dev.aftermath.quality;

import dev.aftermath.quality.EnglishNlp.Sentence;
import dev.aftermath.quality.PersonMentions.Mention;

/**
 * Blame kind {@code habitual}: a habitual statement about a person's conduct, a harmful act or omission with "never",
 * "always", "keeps …", "as usual", "again": "Sven never reads the runbook", "Rui always skips the checklist", "the
 * network team keeps pushing changes without telling anyone". The markers are {@code habitualMarkers}; the act is one of
 * {@link HarmfulActs}. A habitual statement judges the person, so a systemic clause beside it does not excuse it.
 */
final class HabitualConduct {

    private final LanguageWords words;
    private final HarmfulActs acts;

    HabitualConduct(LanguageWords words, HarmfulActs acts) {
        this.words = words;
        this.acts = acts;
    }

    boolean find(Sentence s, Mention[] mentions, int from, int to) {
        return words.habitualMarkers.find(s, from, to) >= 0 && acts.agentOfHarm(s, mentions, from, to);
    }
}
