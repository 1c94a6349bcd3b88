package dev.aftermath.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

import dev.aftermath.quality.EnglishNlp.Sentence;

/**
 * Multi-word entries with gaps: {@code "drag ... feet"} matches "dragged their feet", {@code "put ... on the back
 * burner"} matches "put the firewall cleanup on the back burner". Each part matches token by token (text or lemma); a
 * {@code ...} allows up to {@link #GAP} tokens of the same clause between two parts.
 */
final class Idioms {

    static final int GAP = 6;

    private final List<Words[]> entries = new ArrayList<>();

    Idioms(JsonNode array) {
        for (String e : QualityRules.Rule.strings(array)) {
            String[] parts = e.toLowerCase(Locale.ROOT).split("\\s*\\.\\.\\.\\s*");
            Words[] compiled = new Words[parts.length];
            for (int i = 0; i < parts.length; i++) {
                compiled[i] = new Words(List.of(parts[i].strip()));
            }
            entries.add(compiled);
        }
    }

    /** The end (exclusive) of an idiom starting at token i, or -1. */
    int match(Sentence s, int i) {
        for (Words[] parts : entries) {
            int end = parts[0].match(s, i);
            for (int p = 1; p < parts.length && end > 0; p++) {
                int next = -1;
                for (int k = end; k <= Math.min(s.size() - 1, end + GAP); k++) {
                    if (Grammar.CLAUSE_BREAKS.contains(s.lower(k)) && !s.lower(k).equals("that")) {
                        break;
                    }
                    next = parts[p].match(s, k);
                    if (next > 0) {
                        break;
                    }
                }
                end = next;
            }
            if (end > 0) {
                return end;
            }
        }
        return -1;
    }

    /** The first position in [from, to) where an idiom starts, or -1. */
    int find(Sentence s, int from, int to) {
        for (int i = Math.max(0, from); i < Math.min(to, s.size()); i++) {
            int end = match(s, i);
            if (end > 0 && end <= to) {
                return i;
            }
        }
        return -1;
    }
}
