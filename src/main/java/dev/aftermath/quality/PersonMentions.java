package dev.aftermath.quality;

import static dev.aftermath.quality.Grammar.AUX;
import static dev.aftermath.quality.Grammar.DETERMINERS;

import java.util.Set;
import java.util.regex.Pattern;

import dev.aftermath.quality.EnglishNlp.Sentence;
import dev.aftermath.quality.EnglishNlp.Token;

/** The people (names, @handles, pronouns, roles, teams) a sentence mentions. */
final class PersonMentions {

    private static final Pattern NAME = Pattern.compile("\\p{Lu}[\\p{Ll}'’-]+");

    private final LanguageWords words;

    PersonMentions(LanguageWords words) {
        this.words = words;
    }

    /** A person (or team) mentioned at tokens [start, end); possessive when followed by 's. */
    record Mention(int start, int end, boolean possessive) {
    }

    /** The people mentioned in a sentence, by start index (null where none starts). */
    Mention[] mentions(Sentence s, Set<String> names) {
        Mention[] at = new Mention[s.size()];
        int i = 0;
        while (i < s.size()) {
            int end = personEnd(s, i, names);
            if (end > i) {
                boolean possessive = end < s.size() && (s.lower(end).equals("'s") || s.lower(end).equals("'"));
                at[i] = new Mention(i, end, possessive);
                i = end;
            } else {
                i++;
            }
        }
        return at;
    }

    private int personEnd(Sentence s, int i, Set<String> names) {
        Token t = s.at(i);
        String lower = t.lower();
        if (lower.startsWith("@") && lower.length() > 1) {
            return i + 1;
        }
        if (i + 1 < s.size() && names.contains(lower + " " + s.lower(i + 1))) {
            return i + 2;
        }
        int end = words.roles.match(s, i);
        if (end > 0) {
            return end;
        }
        if (words.pronouns.hasWord(lower)) {
            return i + 1;
        }
        // teams: "<modifiers> team"
        if (words.teamHeads.has(t)) {
            return nextIsCompound(s, i + 1) ? -1 : i + 1;
        }
        if (i + 1 < s.size() && words.teamHeads.has(s.at(i + 1)) && !DETERMINERS.contains(lower) && t.isWord()
                && !nextIsCompound(s, i + 2)) {
            return i + 2;
        }
        if (words.roleHeads.has(t) && !t.lower().endsWith("ly")) {
            return i + 1;
        }
        if (names.contains(lower) && !DETERMINERS.contains(s.lower(i - 1))) {
            return i + 1;
        }
        if (isName(s, i)) {
            int e = i + 1;
            while (e < s.size() && e < i + 3 && isName(s, e) && e > 0) {
                e++;
            }
            return e;
        }
        return -1;
    }

    private boolean nextIsCompound(Sentence s, int i) {
        return i < s.size() && (s.at(i).is("NOUN") && !AUX.contains(s.lower(i)) && !s.lower(i).equals("'s")
                && !words.harmVerbs.has(s.at(i)) && !words.omissionLeads.has(s.at(i)) && !words.riskyVerbs.has(s.at(i))
                && !words.destructiveVerbs.has(s.at(i)));
    }

    private boolean isName(Sentence s, int i) {
        Token t = s.at(i);
        if (!NAME.matcher(t.text()).matches()) {
            return false;
        }
        String lower = t.lower();
        if (words.notAPerson.contains(lower) || words.vocabulary.contains(lower) || t.lemmas().stream().anyMatch(words.vocabulary::contains)) {
            return false;
        }
        if (DETERMINERS.contains(s.lower(i - 1)) && !(s.lower(i - 1).equals("that") && s.at(i - 1).is("SCONJ"))) {
            return false; // "the Kafka", but not "the cause is that Kai pushed ..."
        }
        for (String suffix : words.notANameSuffixes) {
            if (lower.endsWith(suffix)) {
                return false;
            }
        }
        return i > 0 ? !t.is("VERB") && !t.is("ADV") && !t.is("ADP") || t.is("PROPN")
                : t.is("PROPN") || t.is("PRON") || t.is("X") || t.is("INTJ") && s.size() > 1 && s.at(1).is("AUX");
    }

    /** The mention at i is an object or complement (after "by" or a preposition), not a subject. */
    static boolean isObject(Sentence s, int i) {
        return i > 0 && (s.lower(i - 1).equals("by") || s.at(i - 1).is("ADP") && !s.lower(i - 1).equals("after"))
                && !Grammar.CLAUSE_BREAKS.contains(s.lower(i - 1));
    }

    /** The mention starting at i, or after a determiner at i. */
    static Mention mentionAt(Mention[] mentions, Sentence s, int i) {
        if (i >= s.size()) {
            return null;
        }
        if (mentions[i] != null) {
            return mentions[i];
        }
        int j = i;
        while (j < s.size() && j < i + 3 && mentions[j] == null && (DETERMINERS.contains(s.lower(j)) || s.at(j).is("ADJ"))) {
            j++;
        }
        if (j < s.size() && mentions[j] != null) {
            return mentions[j];
        }
        // "the platform team": a mention that starts inside the noun phrase
        for (int k = j; k < Math.min(s.size(), j + 3); k++) {
            if (mentions[k] != null) {
                return mentions[k];
            }
            if (!s.at(k).isWord()) {
                break;
            }
        }
        return null;
    }
}
