package dev.aftermath.quality;

import java.util.Set;

import dev.aftermath.quality.EnglishNlp.Sentence;

/** The closed word classes the language rules skip or stop at, and the two walks over them they all use. */
final class Grammar {

    static final Set<String> DETERMINERS = Set.of("the", "a", "an", "our", "this", "that", "their", "his", "her",
            "my", "your", "one", "another", "any", "every", "each", "some", "its");
    static final Set<String> AUX = Set.of("was", "were", "is", "are", "be", "been", "being", "had", "has", "have",
            "will", "would", "could", "should", "must", "might", "may", "can", "shall", "'s", "'ve", "'d", "'re", "am", "'m", "'ll",
            "do", "does", "get", "got");
    static final Set<String> NEGATIONS = Set.of("not", "n't", "never");
    static final Set<String> ADVERBS = Set.of("just", "also", "then", "simply", "still", "again", "later", "even",
            "really", "already", "apparently", "clearly", "obviously", "once", "first", "finally", "quickly", "immediately",
            "manually", "unfortunately", "accidentally", "mistakenly", "inadvertently", "carelessly", "somehow", "alone", "himself",
            "herself", "themselves", "personally", "directly", "actually", "basically", "completely", "totally", "all");
    static final Set<String> PREPOSITIONS = Set.of("on", "of", "in", "from", "at", "with", "for", "during");
    static final Set<String> CLAUSE_BREAKS = Set.of(",", ";", ":", "(", ")", "—", "–", "because", "since", "so",
            "but", "when", "while", "although", "though", "which", "who", "whereas", "until", "unless", "if", "after",
            "before", "that", "whom", "where");

    static int skipAdverbs(Sentence s, int i) {
        int j = i;
        while (j < s.size() && (ADVERBS.contains(s.lower(j)) || s.at(j).is("ADV") && s.lower(j).endsWith("ly")
                && !NEGATIONS.contains(s.lower(j)))) {
            j++;
        }
        return j;
    }

    static int clauseEnd(Sentence s, int from, int to) {
        for (int i = from; i < to; i++) {
            String l = s.lower(i);
            if (CLAUSE_BREAKS.contains(l) && !(l.equals("that") && i > from && s.at(i - 1).is("VERB"))) {
                return i;
            }
        }
        return to;
    }

    private Grammar() {
    }
}
