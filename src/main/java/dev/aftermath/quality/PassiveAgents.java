package dev.aftermath.quality;

import static dev.aftermath.quality.PersonMentions.mentionAt;

import java.util.Set;

import dev.aftermath.quality.EnglishNlp.Sentence;
import dev.aftermath.quality.EnglishNlp.Token;
import dev.aftermath.quality.PersonMentions.Mention;

/**
 * Blame kind {@code passive-agent}: a harmful act in the passive with the person in the by-phrase: "the pages were
 * ignored by the on-call engineer", "the wrong script was run by the intern", "production was taken down by the backend
 * team's migration". The same acts as {@link HarmfulActs} (harm verbs, mis- verbs, harm phrases; destructive or risky
 * verbs only with a wrong-marker); "the rollback was approved by Jordan" is not blame.
 */
final class PassiveAgents {

    private static final Set<String> BE = Set.of("was", "were", "is", "are", "been", "be", "being", "got", "get", "gets");

    private final LanguageWords words;
    private final HarmfulActs acts;

    PassiveAgents(LanguageWords words, HarmfulActs acts) {
        this.words = words;
        this.acts = acts;
    }

    boolean find(Sentence s, Mention[] mentions, int from, int to) {
        for (int b = from + 2; b < to; b++) {
            if (!s.lower(b).equals("by") || mentionAt(mentions, s, b + 1) == null) {
                continue;
            }
            // the participle: after a form of be, at most five tokens before "by"
            for (int v = b - 1; v > Math.max(from, b - 6); v--) {
                if (!BE.contains(s.lower(v - 1)) && !(Grammar.ADVERBS.contains(s.lower(v - 1)) && BE.contains(s.lower(v - 2)))) {
                    continue;
                }
                if (harmfulParticiple(s, v, from, to)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean harmfulParticiple(Sentence s, int v, int from, int to) {
        Token t = s.at(v);
        if (words.harmPhrases.match(s, v) > 0 || words.harmVerbs.has(t) || acts.isMisVerb(t)) {
            return true;
        }
        boolean wrong = words.wrongMarkers.find(s, from, to) >= 0;
        return (words.destructiveVerbs.has(t) || words.riskyVerbs.has(t)) && wrong;
    }
}
