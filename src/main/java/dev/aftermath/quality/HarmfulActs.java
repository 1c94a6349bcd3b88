package dev.aftermath.quality;

import static dev.aftermath.quality.Grammar.ADVERBS;
import static dev.aftermath.quality.Grammar.AUX;
import static dev.aftermath.quality.Grammar.CLAUSE_BREAKS;
import static dev.aftermath.quality.Grammar.DETERMINERS;
import static dev.aftermath.quality.Grammar.PREPOSITIONS;
import static dev.aftermath.quality.Grammar.clauseEnd;
import static dev.aftermath.quality.Grammar.skipAdverbs;
import static dev.aftermath.quality.PersonMentions.mentionAt;

import java.util.Set;

import dev.aftermath.quality.EnglishNlp.Sentence;
import dev.aftermath.quality.EnglishNlp.Token;
import dev.aftermath.quality.PersonMentions.Mention;

/**
 * What blame and a person-error root cause have in common: a person as the agent of a harmful act or an omission, a
 * fault owned by a person, an evaluative word. Mentions are those of {@link PersonMentions}.
 */
final class HarmfulActs {

    private final LanguageWords words;

    HarmfulActs(LanguageWords words) {
        this.words = words;
    }

    /** A fault noun owned by a person: "Anna's oversight", "his mistake", "the negligence of the on-call engineer". */
    boolean possessiveFault(Sentence s, Mention[] mentions, Words nouns, int from, int to) {
        for (int i = from; i < to; i++) {
            int k = -1;
            if (mentions[i] != null && mentions[i].possessive()) {
                k = mentions[i].end() + 1;
            } else if (words.possessivePronouns.hasWord(s.lower(i))) {
                k = i + 1;
            }
            if (k < 0) {
                continue;
            }
            for (int j = k; j < Math.min(to, k + 4); j++) {
                Token t = s.at(j);
                if (nouns.has(t) && !compoundTail(s, j) || words.faultyModifiers.has(t) && j + 1 < to && s.at(j + 1).isWord()) {
                    return true;
                }
                if (!(t.is("ADJ") || t.is("ADV") || words.evaluative.has(t) || words.commonAdjectives.has(t))) {
                    break;
                }
            }
        }
        for (int f = from; f < to; f++) {
            if (!nouns.has(s.at(f)) || compoundTail(s, f)) {
                continue;
            }
            // "negligence of the on-call engineer", "lack of attention by the developer", "a slip by the release manager"
            for (int k = f + 1; k < Math.min(to, f + 6); k++) {
                if (CLAUSE_BREAKS.contains(s.lower(k)) || s.at(k).is("VERB") && !s.lower(k).equals("made")) {
                    break;
                }
                int end = words.faultLinks.match(s, k);
                if (end > 0) {
                    Mention m = mentionAt(mentions, s, end);
                    if (m != null && m.start() < to) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** "error budget", "error rate": the fault noun is a modifier of the next noun. */
    boolean compoundTail(Sentence s, int i) {
        if (i + 1 >= s.size()) {
            return false;
        }
        Token next = s.at(i + 1);
        return next.is("NOUN") && next.isWord() && !words.faultLinks.hasWord(next.lower()) && !AUX.contains(next.lower())
                && !words.harmVerbs.has(next) && !words.riskyVerbs.has(next) && !words.destructiveVerbs.has(next)
                && !Set.of("left", "caused", "let", "took", "meant", "cost", "led", "sent", "broke").contains(next.lower());
    }

    /** An evaluative word about work ("sloppy"), or a judgement of a person ("out of his depth") when one is named. */
    boolean evaluative(Sentence s, Mention[] mentions, int from, int to) {
        if (words.judgements.find(s, from, to) >= 0) {
            for (int i = from; i < to; i++) {
                if (mentions[i] != null) {
                    return true;
                }
            }
        }
        return evaluative(s, from, to);
    }

    boolean evaluative(Sentence s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (words.evaluative.has(s.at(i)) && !(i + 1 < s.size() && words.technicalCollocations.has(s.at(i + 1)))
                    && !(i > 0 && s.lower(i - 1).equals("not"))) {
                return true;
            }
        }
        return false;
    }

    /** A person (not a possessor) followed by a harmful act or an omission, in [from, to). */
    boolean agentOfHarm(Sentence s, Mention[] mentions, int from, int to) {
        for (int i = from; i < to; i++) {
            Mention m = mentions[i];
            if (m == null || m.possessive()) {
                continue;
            }
            if (PersonMentions.isObject(s, i)) {
                continue; // an object or complement, not a subject
            }
            int end = clauseEnd(s, m.end(), to);
            int j = skipGap(s, mentions, m.end(), end);
            if (harmfulPredicate(s, j, end)) {
                return true;
            }
            // coordinated predicates: "... and forgot to re-enable the alert"
            for (int k = j + 1; k < end; k++) {
                if (s.lower(k).equals("and") || s.lower(k).equals("then")) {
                    int v = skipAdverbs(s, k + 1);
                    if (v < end && !DETERMINERS.contains(s.lower(v)) && mentions[v] == null && harmfulPredicate(s, v, end)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Skips adverbs, prepositional phrases ("on duty", "on the platform team") and "and <person>" after a subject. */
    int skipGap(Sentence s, Mention[] mentions, int i, int end) {
        int j = i;
        int budget = 7;
        boolean inPrep = false;
        while (j < end && budget-- > 0) {
            String l = s.lower(j);
            if (words.omissionLeads.match(s, j) > 0 && !l.equals("was") && !l.equals("were")) {
                return j;
            }
            if (ADVERBS.contains(l) || s.at(j).is("ADV") && l.endsWith("ly") || words.habitualMarkers.hasWord(l)
                    && !l.equals("never")) {
                j++;
            } else if (s.at(j).lemmas().contains("keep") && j + 1 < end && s.lower(j + 1).endsWith("ing")) {
                return j + 1; // "keeps pushing changes without telling anyone": the act is the gerund
            } else if (PREPOSITIONS.contains(l) && j == i | inPrep) {
                inPrep = true;
                j++;
            } else if (inPrep && (DETERMINERS.contains(l) || s.at(j).is("NOUN") || s.at(j).is("PROPN") || s.at(j).is("ADJ")
                    || mentions[j] != null || words.teamHeads.has(s.at(j)))) {
                j++;
            } else if (l.equals("and") && j + 1 < end && mentionAt(mentions, s, j + 1) != null) {
                Mention other = mentionAt(mentions, s, j + 1);
                j = other.end();
                inPrep = false;
            } else {
                inPrep = false;
                break;
            }
        }
        return j;
    }

    /** Whether the predicate starting at j (after the subject) is a harmful act or an omission. */
    private boolean harmfulPredicate(Sentence s, int j, int end) {
        if (j >= end) {
            return false;
        }
        int lead = words.omissionLeads.match(s, j);
        if (lead > 0) {
            String l = s.lower(j);
            boolean fullLead = lead - j > 1 || l.equals("never");
            int v = skipAdverbs(s, lead);
            if (v < end && (fullLead || !words.omissionNeutral.has(s.at(v)))) {
                if (!words.omissionNeutral.has(s.at(v)) && !AUX.contains(s.lower(v))) {
                    return true;
                }
                if (lead - j > 2 || s.lower(j).equals("was") || s.lower(j).equals("were")) {
                    return true; // "couldn't be bothered to", "was supposed to"
                }
            } else if (v >= end && (lead - j > 2 || s.lower(lead - 1).equals("attention") || s.lower(lead - 1).equals("asleep"))) {
                return true;
            }
            return false;
        }
        // auxiliaries: "had deleted", "has broken" (but not "was paged": a passive names no act of the person)
        int v = j;
        boolean passive = false;
        while (v < end && (AUX.contains(s.lower(v)) || ADVERBS.contains(s.lower(v)))) {
            if (Set.of("was", "were", "been", "being", "is", "are", "be", "got", "get").contains(s.lower(v))) {
                passive = true;
            }
            v++;
        }
        if (v >= end) {
            return false;
        }
        Token verb = s.at(v);
        if (passive) {
            return false;
        }
        if (words.harmPhrases.match(s, v) > 0) {
            return true;
        }
        if (Set.of("nothing", "nobody", "none").contains(s.lower(v + 1))) {
            return false; // "forgot nothing"
        }
        if (words.harmVerbs.has(verb) && (!verb.is("NOUN") || !verb.lemma().equals(verb.lower()))) {
            return !(verb.lower().equals("miss") && s.lower(v + 1).equals("out"));
        }
        if (isMisVerb(verb)) {
            return true;
        }
        if (verb.lemmas().contains("make") && words.faultNouns.find(s, v + 1, Math.min(end, v + 4)) >= 0) {
            return true;
        }
        if (verb.lemmas().contains("cause") && words.harmNouns.find(s, v + 1, Math.min(end, v + 5)) >= 0) {
            return true;
        }
        if (verb.lower().equals("let") || verb.lower().equals("lets") || verb.lower().equals("allowed")) {
            return words.letResults.find(s, v + 2, Math.min(end, v + 9)) >= 0 && verb.lower().startsWith("let");
        }
        if (words.destructiveVerbs.has(verb) && (wrongAfter(s, v) || words.productionMarkers.find(s, v + 1, clauseEnd(s, v + 1, s.size())) >= 0
                || wrongBefore(s, j, v))) {
            return true;
        }
        if (words.riskyVerbs.has(verb) && (wrongAfter(s, v) || wrongBefore(s, j, v))) {
            return true;
        }
        return false;
    }

    boolean isMisVerb(Token t) {
        String l = t.lower();
        if (!l.startsWith("mis") || l.length() < 6 || words.misVerbsNeutral.contains(l)) {
            return false;
        }
        for (String lemma : t.lemmas()) {
            if (words.misVerbsNeutral.contains(lemma)) {
                return false;
            }
        }
        return !t.is("NOUN") || l.endsWith("ed");
    }

    boolean wrongAfter(Sentence s, int v) {
        int end = s.size();
        for (int i = v + 1; i < s.size(); i++) {
            String l = s.lower(i);
            if (l.equals(";") || l.equals("because") || l.equals("since") || l.equals("but") || l.equals("so")
                    || l.equals("which") || l.equals("who")) {
                end = i;
                break;
            }
        }
        return words.wrongMarkers.find(s, v + 1, end) >= 0;
    }

    private boolean wrongBefore(Sentence s, int from, int v) {
        return words.wrongMarkers.find(s, Math.max(0, from - 2), v) >= 0;
    }
}
