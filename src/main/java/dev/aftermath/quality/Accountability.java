package dev.aftermath.quality;

import static dev.aftermath.quality.Grammar.ADVERBS;
import static dev.aftermath.quality.Grammar.AUX;
import static dev.aftermath.quality.PersonMentions.mentionAt;

import dev.aftermath.quality.EnglishNlp.Sentence;
import dev.aftermath.quality.PersonMentions.Mention;

/**
 * Blame kind {@code accountability}: punishment or accountability language about a person ("Lee has to answer for
 * this", "should be disciplined", "the whole mess is on Carlos"), and responsibility or accountability for a harmful
 * outcome placed on a person, role or team: "responsibility for the outage lies with the release manager", "the DBA is
 * responsible for the data loss", "the SRE on duty owns this outage", "the failed migration is the responsibility of the
 * backend team". Ownership without a harmful outcome ("the incident commander is responsible for declaring the
 * all-clear", "the payments team owns the ledger") is not blame.
 */
final class Accountability {

    private final LanguageWords words;

    Accountability(LanguageWords words) {
        this.words = words;
    }

    boolean find(Sentence s, Mention[] mentions, int from, int to) {
        boolean person = false;
        for (int i = from; i < to; i++) {
            person |= mentions[i] != null;
        }
        if (!person) {
            return false;
        }
        if (words.accountability.find(s, from, to) >= 0) {
            return true;
        }
        // "the whole mess is on Carlos"
        for (int i = from; i + 2 < to; i++) {
            if (words.accountabilityOn.has(s.at(i))) {
                int j = i + 1;
                while (j < to && (ADVERBS.contains(s.lower(j)) || s.lower(j).equals("squarely")
                        || s.lower(j).equals("entirely") || s.lower(j).equals("solely"))) {
                    j++;
                }
                if (s.lower(j).equals("on")) {
                    Mention m = mentionAt(mentions, s, j + 1);
                    if (m != null && !m.possessive() && (m.end() >= s.size() || !s.at(m.end()).isWord())) {
                        return true;
                    }
                }
            }
        }
        if (words.harmOutcomes.find(s, from, to) < 0) {
            return false;
        }
        for (int i = from; i < to; i++) {
            // "responsibility ... lies with / sits with / is on / falls to <person>", "the responsibility of <person>"
            if (words.responsibilityNouns.has(s.at(i))) {
                for (int k = i + 1; k < Math.min(to, i + 8); k++) {
                    String l = s.lower(k);
                    if ((l.equals("with") || l.equals("on") || l.equals("to") || l.equals("of")) && mentionAt(mentions, s, k + 1) != null
                            && !s.lower(k - 1).equals("move") && !s.lower(k - 1).equals("moves")) {
                        return true;
                    }
                }
            }
            // "<person> is responsible / accountable for <harm>", "<person> owns this outage", "bears responsibility"
            Mention m = mentions[i];
            if (m == null || m.possessive() || PersonMentions.isObject(s, i)) {
                continue;
            }
            int k = m.end();
            while (k < to && k < m.end() + 4 && (AUX.contains(s.lower(k)) || ADVERBS.contains(s.lower(k))
                    || s.at(k).is("ADV") || s.lower(k).equals("who") || s.lower(k).equals("on") || s.lower(k).equals("duty"))) {
                k++;
            }
            if (k < to && words.responsibleFor.match(s, k) > 0) {
                int end = words.responsibleFor.match(s, k);
                if (words.harmOutcomes.find(s, end, to) >= 0 || words.faultNouns.find(s, end, to) >= 0) {
                    return true;
                }
            }
        }
        return false;
    }
}
