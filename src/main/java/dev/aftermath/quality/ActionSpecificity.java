package dev.aftermath.quality;

import static dev.aftermath.quality.Grammar.AUX;

import java.util.Set;
import java.util.regex.Pattern;

import dev.aftermath.quality.EnglishNlp.Sentence;
import dev.aftermath.quality.EnglishNlp.Token;

/** An action-item title that nobody could check off: no concrete object, no identifier, an attitude or a goal. */
final class ActionSpecificity {

    private static final Pattern DIGIT_OR_SYMBOL = Pattern.compile(".*\\d.*|[%<>=#]");
    private static final Pattern IDENTIFIER = Pattern.compile(".*_.*|.*[\\p{L}\\p{N}][./:][\\p{L}\\p{N}].*|.*\\p{Ll}\\p{Lu}.*");
    private static final Pattern HYPHENATED = Pattern.compile("\\p{L}+(-\\p{L}+)+");
    private static final Pattern QUOTED = Pattern.compile("[\"“”«»`][^\"“”«»`]{2,}[\"“”«»`]|'[^']{3,}'");

    private final LanguageWords words;

    ActionSpecificity(LanguageWords words) {
        this.words = words;
    }

    /** An action-item title that nobody could check off: see the rule's _about in quality-rules.json. */
    boolean vague(Sentence s, String raw) {
        int i = 0;
        for (int guard = 0; guard < 4; guard++) {
            int end = words.leadIns.match(s, i);
            if (end > 0 && end < s.size()) {
                i = end;
            } else {
                break;
            }
        }
        int count = 0;
        for (int k = i; k < s.size(); k++) {
            if (s.at(k).isWord()) {
                count++;
            }
        }
        if (count == 0) {
            return true;
        }
        boolean marker = specificMarker(s, i, raw);
        if (words.attitude.match(s, i) > 0 && !words.changeVerbs.hasWord(s.lower(i))) {
            return true;
        }
        if (marker) {
            return false;
        }
        if (count < words.minWords) {
            return true;
        }
        int start = i;
        for (int k = i; k <= s.size(); k++) {
            if (k == s.size() || isPartBreak(s, k)) {
                if (k > start && specificPart(s, start, k)) {
                    return false;
                }
                start = k + 1;
            }
        }
        return true;
    }

    private static boolean isPartBreak(Sentence s, int k) {
        String l = s.lower(k);
        return l.equals(";") || l.equals(":") || l.equals(",") || l.equals("and") || l.equals("then")
                || (l.equals("by") && k + 1 < s.size() && s.lower(k + 1).endsWith("ing"));
    }

    private boolean specificPart(Sentence s, int from, int to) {
        int i = from;
        while (i < to && (words.leadIns.hasWord(s.lower(i)) || words.stopwords.hasWord(s.lower(i)) && !s.lower(i).equals("up"))) {
            i++;
        }
        if (i >= to) {
            return false;
        }
        Token first = s.at(i);
        if (words.attitude.match(s, i) > 0 && !words.changeVerbs.hasWord(first.lower())) {
            return false;
        }
        int explore = words.exploratory.match(s, i);
        int aim = words.goal.match(s, i);
        if (first.lemmas().contains("make") && words.makeComparatives.find(s, i + 1, to) >= 0) {
            return false;
        }
        if ((explore > 0 || aim > 0) && (!words.changeVerbs.has(first) || Math.max(explore, aim) > i + 1)) {
            return false;
        }
        if (explore > 0 || aim > 0) {
            // a verb of both lists ("raise", "lower", "fix"): a change when its object is concrete
            return concrete(s, Math.max(explore, aim), to);
        }
        boolean verb = words.changeVerbs.has(first) || words.riskyVerbs.has(first) || words.destructiveVerbs.has(first) || first.is("VERB");
        return concrete(s, verb ? i + 1 : i, to);
    }

    /** Some word in [from, to) names a concrete thing (not generic, not a problem word, not a function word). */
    private boolean concrete(Sentence s, int from, int to) {
        for (int i = from; i < to; i++) {
            Token t = s.at(i);
            String l = t.lower();
            if (!t.isWord() || l.length() < 3 && !words.genericAcronyms.contains(l) && !(l.length() == 2 && Character.isLetter(l.charAt(0)) && Character.isLetter(l.charAt(1)))) {
                continue;
            }
            if (words.genericNouns.has(t) || words.problemNouns.has(t) || words.vagueModifiers.has(t) || words.commonAdjectives.has(t)
                    || words.stopwords.has(t) || words.attitude.has(t) || words.exploratory.has(t) || words.goal.has(t) || words.genericAcronyms.contains(l)
                    || words.makeComparatives.has(t)) {
                continue;
            }
            if (Set.of("DET", "ADP", "PRON", "AUX", "CCONJ", "SCONJ", "PART", "PUNCT", "ADV").contains(t.tag())
                    || l.endsWith("ly")) {
                continue;
            }
            if (t.is("VERB") && !l.endsWith("ing") && !l.endsWith("ion")) {
                continue;
            }
            return true;
        }
        return false;
    }

    /** A number, an identifier (payments-db, max_connections, SpotBugs, CI/CD), a product name or a quoted name. */
    private boolean specificMarker(Sentence s, int from, String raw) {
        if (QUOTED.matcher(raw).find()) {
            return true;
        }
        for (int i = from; i < s.size(); i++) {
            Token t = s.at(i);
            String text = t.text();
            String l = t.lower();
            if (DIGIT_OR_SYMBOL.matcher(text).matches()) {
                return true; // 80 %, 30 s, v2.31.0, > 85
            }
            if (!t.isWord()) {
                continue;
            }
            if (IDENTIFIER.matcher(text).matches()) {
                return true; // max_connections, payments.yaml, CI/CD, SpotBugs, pgBouncer
            }
            if (HYPHENATED.matcher(text).matches() && !words.commonHyphenated.contains(l)) {
                return true; // payments-db, cert-manager, try-with-resources
            }
        }
        return false;
    }
}
