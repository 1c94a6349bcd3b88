package dev.aftermath.quality;

import static dev.aftermath.quality.PersonMentions.mentionAt;

import dev.aftermath.quality.EnglishNlp.Sentence;
import dev.aftermath.quality.PersonMentions.Mention;

/**
 * Blame kind {@code attribution}: a harmful outcome attributed to a person or a person's act through a linking phrase,
 * where the person is an object, a complement or in a prepositional phrase rather than the subject: "the incident was
 * caused by Tomasz", "the downtime came down to Lena pushing on a Friday", "the outage was the result of Farid's
 * untested change", "thanks to Bruno, prod was down", "the mistake was Jonas's", "we can thank Olga for the outage".
 * Needs a harmful outcome in the sentence ({@code harmOutcomes}); the links that also praise ("thanks to", "courtesy of")
 * do not count when the sentence names a mitigation ({@code mitigations}: "thanks to Lucia the outage lasted only ...").
 */
final class FaultAttribution {

    private final LanguageWords words;

    FaultAttribution(LanguageWords words) {
        this.words = words;
    }

    boolean find(Sentence s, Mention[] mentions, int from, int to) {
        if (words.harmOutcomes.find(s, from, to) < 0 && words.faultNouns.find(s, from, to) < 0
                && words.responsibilityNouns.find(s, from, to) < 0) {
            return false;
        }
        for (int i = from; i < to; i++) {
            int end = words.attributionLinks.match(s, i);
            if (end < 0 || end > to) {
                continue;
            }
            if (words.harmOutcomes.find(s, from, to) < 0 && words.faultNouns.find(s, from, to) < 0) {
                break; // a responsibility noun alone: only the possessive complement below
            }
            Mention m = mentionAt(mentions, s, end);
            if (m == null || m.start() > end + 3 || m.start() >= to) {
                continue;
            }
            if (words.ambivalentLinks.find(s, i, end) >= 0 && words.mitigations.find(s, from, to) >= 0) {
                continue;
            }
            if (s.lower(m.end()).equals("for") && words.ambivalentLinks.find(s, i, end) >= 0
                    && words.harmOutcomes.find(s, m.end(), Math.min(to, m.end() + 6)) < 0) {
                continue; // "thanks to the infra guys for staying on the bridge"
            }
            return true;
        }
        // "the mistake was Jonas's", "the corrupted backups were Zara's doing", "the responsibility is Kwame's"
        for (int i = Math.max(from, 1); i < to; i++) {
            Mention m = mentions[i];
            boolean afterBe = Grammar.AUX.contains(s.lower(i - 1)) || i > 1 && (Grammar.ADVERBS.contains(s.lower(i - 1))
                    || s.at(i - 1).is("ADV")) && Grammar.AUX.contains(s.lower(i - 2)); // "was entirely Zara's doing"
            if (m == null || !m.possessive() || !afterBe) {
                continue;
            }
            int after = m.end() + 1;
            boolean complement = after >= to || !s.at(after).isWord() || words.complementNouns.hasWord(s.lower(after));
            if (complement && (words.faultNouns.find(s, from, i) >= 0 || words.harmOutcomes.find(s, from, i) >= 0
                    || words.responsibilityNouns.find(s, from, i) >= 0)) {
                return true;
            }
        }
        return false;
    }
}
