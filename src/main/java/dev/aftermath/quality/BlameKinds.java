package dev.aftermath.quality;

import static dev.aftermath.quality.Grammar.ADVERBS;
import static dev.aftermath.quality.Grammar.AUX;
import static dev.aftermath.quality.Grammar.CLAUSE_BREAKS;
import static dev.aftermath.quality.Grammar.NEGATIONS;
import static dev.aftermath.quality.Grammar.skipAdverbs;
import static dev.aftermath.quality.PersonMentions.mentionAt;

import java.util.List;
import java.util.Set;

import dev.aftermath.quality.EnglishNlp.Sentence;
import dev.aftermath.quality.PersonMentions.Mention;

/** The blame kind of a sentence: accountability, cleft, counterfactual, possessive fault, evaluative, person as agent. */
final class BlameKinds {

    /** The blame kinds, in the order they are tried. */
    static final List<String> KINDS = List.of("accountability", "cleft", "counterfactual", "possessive-fault",
            "evaluative", "person-as-agent");

    private final LanguageWords words;
    private final PersonMentions people;
    private final HarmfulActs acts;

    BlameKinds(LanguageWords words, PersonMentions people, HarmfulActs acts) {
        this.words = words;
        this.people = people;
        this.acts = acts;
    }

    /** The blame kind of a sentence, or {@code null} when it does not blame. */
    String blame(Sentence s, Set<String> names) {
        Mention[] mentions = people.mentions(s, names);
        if (accountability(s, mentions)) {
            return "accountability";
        }
        if (cleft(s, mentions)) {
            return "cleft";
        }
        if (counterfactual(s, mentions)) {
            return "counterfactual";
        }
        if (acts.possessiveFault(s, mentions, words.faultNouns, 0, s.size())) {
            return "possessive-fault";
        }
        if (acts.evaluative(s, 0, s.size())) {
            return "evaluative";
        }
        if (acts.agentOfHarm(s, mentions, 0, s.size()) && words.justifications.find(s, 0, s.size()) < 0) {
            return "person-as-agent";
        }
        return null;
    }

    private boolean accountability(Sentence s, Mention[] mentions) {
        boolean person = false;
        for (Mention m : mentions) {
            person |= m != null;
        }
        if (!person) {
            return false;
        }
        if (words.accountability.find(s, 0, s.size()) >= 0) {
            return true;
        }
        // "the whole mess is on Carlos"
        for (int i = 0; i + 2 < s.size(); i++) {
            if (words.accountabilityOn.has(s.at(i))) {
                int j = i + 1;
                while (j < s.size() && (ADVERBS.contains(s.lower(j)) || s.lower(j).equals("squarely")
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
        return false;
    }

    private boolean cleft(Sentence s, Mention[] mentions) {
        for (int i = 0; i + 3 < s.size(); i++) {
            String l = s.lower(i);
            if (l.equals("it") && Set.of("was", "is", "'s", "were").contains(s.lower(i + 1))) {
                int j = i + 2;
                while (j < s.size() && ADVERBS.contains(s.lower(j))) {
                    j++;
                }
                Mention m = mentionAt(mentions, s, j);
                if (m != null && !m.possessive() && m.end() - j <= 4
                        && (s.lower(m.end()).equals("who") || s.lower(m.end()).equals("that"))
                        && !praise(s, m.end() + 1)) {
                    return true;
                }
            }
        }
        for (Mention m : mentions) {
            if (m != null && s.lower(m.end()).equals("was") && s.lower(m.end() + 1).equals("the")
                    && s.lower(m.end() + 2).equals("one") && s.lower(m.end() + 3).equals("who") && !praise(s, m.end() + 4)) {
                return true;
            }
        }
        return false;
    }

    private boolean praise(Sentence s, int i) {
        int j = i;
        while (j < s.size() && (ADVERBS.contains(s.lower(j)) || AUX.contains(s.lower(j)))) {
            j++;
        }
        return j < s.size() && words.cleftPraise.has(s.at(j)) && !acts.wrongAfter(s, j);
    }

    private boolean counterfactual(Sentence s, Mention[] mentions) {
        for (int i = 0; i < s.size(); i++) {
            String l = s.lower(i);
            if (l.equals("if") || l.equals("unless")) {
                int j = i + 1;
                if (s.lower(j).equals("only")) {
                    j++;
                }
                Mention m = mentionAt(mentions, s, j);
                if (m != null && !m.possessive() && m.end() - j <= 4) {
                    String next = s.lower(m.end());
                    if (next.equals("had") || next.equals("'d") || next.equals("would") || next.equals("hadn")) {
                        return true;
                    }
                }
            }
            if (l.equals("had") && (i == 0 || CLAUSE_BREAKS.contains(s.lower(i - 1)) || s.lower(i - 1).equals("and"))) {
                Mention m = mentionAt(mentions, s, i + 1);
                if (m != null && !m.possessive() && m.end() < s.size() && (NEGATIONS.contains(s.lower(m.end()))
                        || s.at(m.end()).is("VERB") || s.lower(m.end()).endsWith("ed"))) {
                    return true;
                }
            }
        }
        for (Mention m : mentions) {
            if (m == null || m.possessive()) {
                continue;
            }
            int k = skipAdverbs(s, m.end());
            if (!words.counterfactualModals.has(s.at(Math.min(k, s.size() - 1))) || k >= s.size()) {
                continue;
            }
            String modal = s.lower(k);
            k++;
            if (modal.equals("ought") || modal.equals("needed")) {
                if (!s.lower(k).equals("to")) {
                    continue;
                }
                k++;
            }
            boolean negated = false;
            while (k < s.size() && (NEGATIONS.contains(s.lower(k)) || ADVERBS.contains(s.lower(k)))) {
                negated |= NEGATIONS.contains(s.lower(k)) && !s.lower(k).equals("never");
                k++;
            }
            if (s.lower(k).equals("have") || s.lower(k).equals("'ve")) {
                if (modal.equals("could") && negated) {
                    continue;
                }
                return true;
            }
        }
        return false;
    }
}
