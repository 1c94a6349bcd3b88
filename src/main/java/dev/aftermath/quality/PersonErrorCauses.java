package dev.aftermath.quality;

import static dev.aftermath.quality.Grammar.DETERMINERS;
import static dev.aftermath.quality.PersonMentions.mentionAt;

import java.util.List;
import java.util.Set;

import dev.aftermath.quality.EnglishNlp.Sentence;
import dev.aftermath.quality.EnglishNlp.Token;
import dev.aftermath.quality.PersonMentions.Mention;

/** A root cause that stops at a person's error ("human error", "Anna deleted the table") with no systemic condition. */
final class PersonErrorCauses {

    private final LanguageWords words;
    private final PersonMentions people;
    private final HarmfulActs acts;
    private final Accountability accountability;
    private final FaultAttribution attribution;
    private final NeglectIdioms neglect;
    private final PassiveAgents passive;
    private final SystemicClause systemic;

    PersonErrorCauses(LanguageWords words, PersonMentions people, HarmfulActs acts) {
        this.words = words;
        this.people = people;
        this.acts = acts;
        this.accountability = new Accountability(words);
        this.attribution = new FaultAttribution(words);
        this.neglect = new NeglectIdioms(words, acts);
        this.passive = new PassiveAgents(words, acts);
        this.systemic = new SystemicClause(words, acts);
    }

    /** A root cause that stops at a person's error: some clause names one, and no clause names a systemic condition. */
    boolean personError(List<Sentence> sentences, Set<String> names) {
        boolean personError = false;
        for (Sentence s : sentences) {
            Mention[] mentions = people.mentions(s, names);
            if (systemic.explains(s, mentions)) {
                return false; // the person's act is explained by a condition of the system in the same sentence
            }
            // whole-sentence constructions: the person stands in an object, complement or by-phrase
            if (attribution.find(s, mentions, 0, s.size()) || accountability.find(s, mentions, 0, s.size())) {
                personError = true;
                continue;
            }
            int start = 0;
            for (int i = 0; i <= s.size(); i++) {
                if (i == s.size() || words.causeBreaks.hasWord(s.lower(i)) && !(s.lower(i).equals("that") && i > 0
                        && DETERMINERS.contains(s.lower(i - 1)))) {
                    if (i > start) {
                        Boolean clause = clause(s, mentions, start, i);
                        if (Boolean.FALSE.equals(clause)) {
                            return false;
                        }
                        personError |= Boolean.TRUE.equals(clause);
                    }
                    start = i + 1;
                }
            }
        }
        return personError;
    }

    /** TRUE: a person's error; FALSE: a systemic condition; null: neither (a time, a place, a consequence). */
    private Boolean clause(Sentence s, Mention[] mentions, int from, int to) {
        boolean error = personErrorClause(s, mentions, from, to);
        boolean enabling = words.enablingWords.find(s, from, to) >= 0;
        if (error) {
            return enabling ? Boolean.FALSE : Boolean.TRUE;
        }
        if (enabling || words.systemicCues.find(s, from, to) >= 0) {
            return Boolean.FALSE;
        }
        return null;
    }

    private boolean personErrorClause(Sentence s, Mention[] mentions, int from, int to) {
        // "human error", "operator mistake", "a copy-paste error", "just a typo": an error noun with nothing else
        boolean errorNoun = false;
        boolean other = false;
        for (int i = from; i < to; i++) {
            Token t = s.at(i);
            if (!t.isWord()) {
                continue;
            }
            if (words.errorNouns.has(t) && !acts.compoundTail(s, i)) {
                errorNoun = true;
                if (i > from && (words.errorModifiers.has(s.at(i - 1)) && personModifier(s.at(i - 1)) || words.roleHeads.has(s.at(i - 1)))) {
                    return true;
                }
            } else if (!words.fillers.has(t) && !words.errorModifiers.has(t) && !DETERMINERS.contains(t.lower())) {
                other = true;
            }
        }
        if (errorNoun && !other) {
            return true;
        }
        Mention[] local = new Mention[mentions.length];
        System.arraycopy(mentions, from, local, from, to - from);
        if (acts.possessiveFault(s, local, words.errorNouns, from, to) || acts.possessiveFault(s, local, words.faultNouns, from, to)) {
            return true;
        }
        if (acts.agentOfHarm(s, local, from, to) || neglect.find(s, local, from, to) || passive.find(s, local, from, to)) {
            return true;
        }
        boolean person = false;
        for (int i = from; i < to; i++) {
            person |= local[i] != null;
        }
        if (person && acts.evaluative(s, local, from, to)) {
            return true;
        }
        // "a wrong command typed by the SRE on duty"
        for (int i = from; i < to; i++) {
            if (s.lower(i).equals("by") && mentionAt(local, s, i + 1) != null && words.wrongMarkers.find(s, from, i) >= 0) {
                return true;
            }
        }
        return false;
    }

    private boolean personModifier(Token t) {
        return !Set.of("simple", "plain", "single", "small", "silly", "stupid", "honest", "one", "clerical", "typing",
                "keyboard", "poor", "bad", "careless", "obvious", "basic", "minor", "big", "costly", "unfortunate", "copy-paste",
                "fat-finger").contains(t.lower());
    }
}
