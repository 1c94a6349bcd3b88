package dev.aftermath.quality;

import static dev.aftermath.quality.Grammar.ADVERBS;
import static dev.aftermath.quality.Grammar.AUX;
import static dev.aftermath.quality.Grammar.NEGATIONS;

import dev.aftermath.quality.EnglishNlp.Sentence;
import dev.aftermath.quality.PersonMentions.Mention;

/**
 * Blame kind {@code neglect-idiom}: an idiom of delay or neglect with a person or team as its subject ("the infra team
 * sat on the ticket for three weeks", "they dragged their feet", "ops let the upgrade slide", "was asleep at the
 * wheel"). The idioms are {@code blame-language.words.neglectIdioms}; the same idiom with a system as subject ("the
 * autoscaler took its sweet time") is not blame.
 */
final class NeglectIdioms {

    private final LanguageWords words;
    private final HarmfulActs acts;

    NeglectIdioms(LanguageWords words, HarmfulActs acts) {
        this.words = words;
        this.acts = acts;
    }

    boolean find(Sentence s, Mention[] mentions, int from, int to) {
        for (int i = from; i < to; i++) {
            Mention m = mentions[i];
            if (m == null || m.possessive() || PersonMentions.isObject(s, i)) {
                continue;
            }
            // the subject, then up to four auxiliaries, adverbs, negations or habitual words, then the idiom
            // "the engineer on duty fell asleep": a short prepositional phrase may stand between
            int last = Math.min(to, acts.skipGap(s, mentions, m.end(), to) + 5);
            for (int j = m.end(); j < last; j++) {
                if (words.neglectIdioms.match(s, j) > 0) {
                    return true;
                }
                String l = s.lower(j);
                if (Grammar.CLAUSE_BREAKS.contains(l) || j > m.end() && mentions[j] != null) {
                    break;
                }
                if (!(AUX.contains(l) || ADVERBS.contains(l) || NEGATIONS.contains(l) || words.habitualMarkers.hasWord(l)
                        || s.at(j).is("ADV") || Grammar.PREPOSITIONS.contains(l) || Grammar.DETERMINERS.contains(l)
                        || s.at(j).is("NOUN") && j < m.end() + 3)) {
                    break;
                }
            }
        }
        return false;
    }
}
