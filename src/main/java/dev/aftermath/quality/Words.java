package dev.aftermath.quality;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.aftermath.quality.EnglishNlp.Sentence;
import dev.aftermath.quality.EnglishNlp.Token;

/** A word list of the rules file: single lemmas and multi-word entries, matched against tokens and their lemmas. */
final class Words {

    private final Set<String> singles = new HashSet<>();
    private final List<String[]> phrases = new ArrayList<>();

    Words(JsonNode array) {
        this(QualityRules.Rule.strings(array));
    }

    Words(List<String> entries) {
        for (String e : entries) {
            String w = EnglishNlp.normaliseApostrophe(e.toLowerCase(Locale.ROOT).strip());
            if (w.isEmpty()) {
                continue;
            }
            String[] parts = w.replace("n't", " n't").split("\\s+");
            if (parts.length == 1) {
                singles.add(w);
            } else {
                phrases.add(parts);
            }
        }
        phrases.sort(Comparator.comparingInt((String[] p) -> p.length).reversed());
    }

    /** The token (its text or one of its lemmas) is a single-word entry. */
    boolean has(Token t) {
        if (singles.contains(t.lower())) {
            return true;
        }
        for (String l : t.lemmas()) {
            if (singles.contains(l)) {
                return true;
            }
        }
        return false;
    }

    boolean hasWord(String lower) {
        return singles.contains(lower);
    }

    /** The end (exclusive) of the longest entry starting at token i, or -1. */
    int match(Sentence s, int i) {
        if (i < 0 || i >= s.size()) {
            return -1;
        }
        for (String[] p : phrases) {
            if (i + p.length <= s.size() && matches(s, i, p)) {
                return i + p.length;
            }
        }
        return has(s.at(i)) ? i + 1 : -1;
    }

    /** The first position in [from, to) where an entry starts, or -1. */
    int find(Sentence s, int from, int to) {
        for (int i = Math.max(0, from); i < Math.min(to, s.size()); i++) {
            int end = match(s, i);
            if (end > 0 && end <= to) {
                return i;
            }
        }
        return -1;
    }

    private static boolean matches(Sentence s, int i, String[] p) {
        for (int k = 0; k < p.length; k++) {
            Token t = s.at(i + k);
            if (!t.lower().equals(p[k]) && !t.lemmas().contains(p[k])) {
                return false;
            }
        }
        return true;
    }

    void addTo(Set<String> all) {
        all.addAll(singles);
        for (String[] p : phrases) {
            all.addAll(List.of(p));
        }
    }
}
