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

/**
 * The blame kind of a sentence, wherever the person who bears the fault stands in it: target of accountability, focus
 * of a cleft, subject of a counterfactual, possessor of a fault, object or complement of an attribution, judged by an
 * evaluative word, subject of an idiom of neglect, agent in a passive by-phrase, subject of a habitual statement, or
 * subject of a harmful act. Each kind beyond the first four lives in its own class. A person's act explained by a
 * systemic clause ({@link SystemicClause}) is not blame unless another kind judges the person.
 */
final class BlameKinds {

    /** The blame kinds, in the order they are tried. */
    static final List<String> KINDS = List.of("accountability", "cleft", "counterfactual", "possessive-fault",
            "attribution", "evaluative", "neglect-idiom", "habitual", "passive-agent", "person-as-agent");

    private final LanguageWords words;
    private final PersonMentions people;
    private final HarmfulActs acts;
    private final Accountability accountability;
    private final FaultAttribution attribution;
    private final NeglectIdioms neglect;
    private final HabitualConduct habitual;
    private final PassiveAgents passive;
    private final SystemicClause systemic;

    BlameKinds(LanguageWords words, PersonMentions people, HarmfulActs acts) {
        this.words = words;
        this.people = people;
        this.acts = acts;
        this.accountability = new Accountability(words);
        this.attribution = new FaultAttribution(words);
        this.neglect = new NeglectIdioms(words, acts);
        this.habitual = new HabitualConduct(words, acts);
        this.passive = new PassiveAgents(words, acts);
        this.systemic = new SystemicClause(words, acts);
    }

    /** The blame kind of a sentence, or {@code null} when it does not blame. */
    String blame(Sentence s, Set<String> names) {
        Mention[] mentions = people.mentions(s, names);
        int n = s.size();
        if (accountability.find(s, mentions, 0, n)) {
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
        if (attribution.find(s, mentions, 0, n)) {
            return "attribution";
        }
        if (acts.evaluative(s, mentions, 0, n)) {
            return "evaluative";
        }
        if (neglect.find(s, mentions, 0, n)) {
            return "neglect-idiom";
        }
        if (words.justifications.find(s, 0, n) >= 0) {
            return null;
        }
        if (habitual.find(s, mentions, 0, n)) {
            return "habitual";
        }
        boolean explained = systemic.explains(s, mentions);
        if (!explained && passive.find(s, mentions, 0, n)) {
            return "passive-agent";
        }
        if (!explained && acts.agentOfHarm(s, mentions, 0, n)) {
            return "person-as-agent";
        }
        return null;
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
                if (m == null || m.possessive() || m.end() - j > 4) {
                    continue;
                }
                int w = m.end();
                if (Grammar.PREPOSITIONS.contains(s.lower(w))) { // "it was the SRE on duty who ..."
                    int k = w + 1;
                    while (k < Math.min(s.size(), w + 4) && !s.lower(k).equals("who") && s.at(k).isWord()) {
                        k++;
                    }
                    w = s.lower(k).equals("who") ? k : w;
                }
                if ((s.lower(w).equals("who") || s.lower(w).equals("that")) && !praise(s, w + 1)) {
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

    private static boolean negativeQuantifierBefore(Sentence s, int start) {
        for (int k = Math.max(0, start - 3); k < start; k++) {
            if (Set.of("nobody", "no", "none", "neither", "noone").contains(s.lower(k))) {
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
            if (m == null || m.possessive() || negativeQuantifierBefore(s, m.start())) {
                continue; // "nobody on the team could have known"
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
