package dev.aftermath.quality;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.aftermath.quality.EnglishNlp.Sentence;
import dev.aftermath.quality.EnglishNlp.Token;

/**
 * The language-aware rules of the gate over tokens, tags and lemmas: blame kinds, person-error root causes and vague
 * action items. Compiled from the word lists of {@code processes/quality-rules.json} (recompiled when the file changes).
 */
final class LanguageRules {

    /** The blame kinds, in the order they are tried. */
    static final List<String> BLAME_KINDS = List.of("accountability", "cleft", "counterfactual", "possessive-fault",
            "evaluative", "person-as-agent");

    private static final Set<String> DETERMINERS = Set.of("the", "a", "an", "our", "this", "that", "their", "his", "her",
            "my", "your", "one", "another", "any", "every", "each", "some", "its");
    private static final Set<String> AUX = Set.of("was", "were", "is", "are", "be", "been", "being", "had", "has", "have",
            "will", "would", "could", "should", "must", "might", "may", "can", "shall", "'s", "'ve", "'d", "'re", "am", "'m", "'ll",
            "do", "does", "get", "got");
    private static final Set<String> NEGATIONS = Set.of("not", "n't", "never");
    private static final Set<String> ADVERBS = Set.of("just", "also", "then", "simply", "still", "again", "later", "even",
            "really", "already", "apparently", "clearly", "obviously", "once", "first", "finally", "quickly", "immediately",
            "manually", "unfortunately", "accidentally", "mistakenly", "inadvertently", "carelessly", "somehow", "alone", "himself",
            "herself", "themselves", "personally", "directly", "actually", "basically", "completely", "totally", "all");
    private static final Set<String> PREPOSITIONS = Set.of("on", "of", "in", "from", "at", "with", "for", "during");
    private static final Set<String> CLAUSE_BREAKS = Set.of(",", ";", ":", "(", ")", "—", "–", "because", "since", "so",
            "but", "when", "while", "although", "though", "which", "who", "whereas", "until", "unless", "if", "after",
            "before", "that", "whom", "where");
    private static final Pattern NAME = Pattern.compile("\\p{Lu}[\\p{Ll}'’-]+");
    private static final Pattern DIGIT_OR_SYMBOL = Pattern.compile(".*\\d.*|[%<>=#]");
    private static final Pattern IDENTIFIER = Pattern.compile(".*_.*|.*[\\p{L}\\p{N}][./:][\\p{L}\\p{N}].*|.*\\p{Ll}\\p{Lu}.*");
    private static final Pattern HYPHENATED = Pattern.compile("\\p{L}+(-\\p{L}+)+");
    private static final Pattern QUOTED = Pattern.compile("[\"“”«»`][^\"“”«»`]{2,}[\"“”«»`]|'[^']{3,}'");

    private final JsonNode source;
    /** The plain regular-expression phrases of blame-language, compiled once, with their hints. */
    final List<Phrase> phrases = new ArrayList<>();

    record Phrase(Pattern pattern, String hint) {
    }
    // people
    private final Words pronouns;
    private final Words possessivePronouns;
    private final Words roleHeads;
    private final Words roles;
    private final Words teamHeads;
    private final Set<String> notAPerson = new HashSet<>();
    private final List<String> notANameSuffixes;
    private final Set<String> vocabulary = new HashSet<>();
    // blame words
    private final Words harmVerbs;
    private final Words harmPhrases;
    private final Set<String> misVerbsNeutral = new HashSet<>();
    private final Words omissionLeads;
    private final Words omissionNeutral;
    private final Words destructiveVerbs;
    private final Words riskyVerbs;
    private final Words wrongMarkers;
    private final Words productionMarkers;
    private final Words letResults;
    private final Words harmNouns;
    private final Words faultNouns;
    private final Words faultLinks;
    private final Words evaluative;
    private final Words technicalCollocations;
    private final Words counterfactualModals;
    private final Words cleftPraise;
    private final Words accountability;
    private final Words accountabilityOn;
    private final Words justifications;
    // root cause
    private final Words errorNouns;
    private final Words errorModifiers;
    private final Words fillers;
    private final Words enablingWords;
    private final Words systemicCues;
    private final Words causeBreaks;
    // action items
    private final Words leadIns;
    private final Words attitude;
    private final Words exploratory;
    private final Words goal;
    private final Words changeVerbs;
    private final Words makeComparatives;
    private final Words genericNouns;
    private final Words problemNouns;
    private final Words vagueModifiers;
    private final Words commonAdjectives;
    private final Words stopwords;
    private final Set<String> commonHyphenated = new HashSet<>();
    private final Set<String> genericAcronyms = new HashSet<>();
    private final int minWords;

    LanguageRules(JsonNode root) {
        this.source = root;
        JsonNode blame = root.path("rules").path("blame-language");
        JsonNode people = blame.path("people");
        JsonNode w = blame.path("words");
        JsonNode rc = root.path("rules").path("root-cause-human-error");
        JsonNode av = root.path("rules").path("action-item-vague");
        for (JsonNode phrase : blame.path("phrases")) {
            phrases.add(new Phrase(QualityRules.Rule.pattern(phrase.path("pattern").asText()),
                    phrase.path("hint").asText(blame.path("hint").asText(""))));
        }
        pronouns = new Words(people.path("pronouns"));
        possessivePronouns = new Words(people.path("possessivePronouns"));
        roleHeads = new Words(people.path("roleHeads"));
        roles = new Words(people.path("roles"));
        teamHeads = new Words(people.path("teamHeads"));
        QualityRules.Rule.strings(people.path("notAPerson")).forEach(s -> notAPerson.add(s.toLowerCase(Locale.ROOT)));
        notANameSuffixes = QualityRules.Rule.strings(people.path("notANameSuffixes"));
        harmVerbs = new Words(w.path("harmVerbs"));
        harmPhrases = new Words(w.path("harmPhrases"));
        QualityRules.Rule.strings(w.path("misVerbsNeutral")).forEach(misVerbsNeutral::add);
        omissionLeads = new Words(w.path("omissionLeads"));
        omissionNeutral = new Words(w.path("omissionNeutral"));
        destructiveVerbs = new Words(w.path("destructiveVerbs"));
        riskyVerbs = new Words(w.path("riskyVerbs"));
        wrongMarkers = new Words(w.path("wrongMarkers"));
        productionMarkers = new Words(w.path("productionMarkers"));
        letResults = new Words(w.path("letResults"));
        harmNouns = new Words(w.path("harmNouns"));
        faultNouns = new Words(w.path("faultNouns"));
        faultLinks = new Words(w.path("faultLinks"));
        evaluative = new Words(w.path("evaluative"));
        technicalCollocations = new Words(w.path("technicalCollocations"));
        counterfactualModals = new Words(w.path("counterfactualModals"));
        cleftPraise = new Words(w.path("cleftPraise"));
        accountability = new Words(w.path("accountability"));
        accountabilityOn = new Words(w.path("accountabilityOn"));
        justifications = new Words(w.path("justifications"));
        errorNouns = new Words(rc.path("errorNouns"));
        errorModifiers = new Words(rc.path("errorModifiers"));
        fillers = new Words(rc.path("fillers"));
        enablingWords = new Words(rc.path("enablingWords"));
        systemicCues = new Words(rc.path("systemicCues"));
        causeBreaks = new Words(rc.path("clauseBreaks"));
        leadIns = new Words(av.path("leadIns"));
        attitude = new Words(av.path("attitude"));
        exploratory = new Words(av.path("exploratory"));
        goal = new Words(av.path("goal"));
        changeVerbs = new Words(av.path("changeVerbs"));
        makeComparatives = new Words(av.path("makeComparatives"));
        genericNouns = new Words(av.path("genericNouns"));
        problemNouns = new Words(av.path("problemNouns"));
        vagueModifiers = new Words(av.path("vagueModifiers"));
        commonAdjectives = new Words(av.path("commonAdjectives"));
        stopwords = new Words(av.path("stopwords"));
        QualityRules.Rule.strings(av.path("commonHyphenated")).forEach(s -> commonHyphenated.add(s.toLowerCase(Locale.ROOT)));
        QualityRules.Rule.strings(av.path("genericAcronyms")).forEach(s -> genericAcronyms.add(s.toLowerCase(Locale.ROOT)));
        minWords = av.path("minWords").asInt(3);
        // words of the lists are never taken for names
        for (Words list : List.of(harmVerbs, harmPhrases, omissionLeads, destructiveVerbs, riskyVerbs, wrongMarkers,
                productionMarkers, letResults, harmNouns, faultNouns, evaluative, errorNouns, errorModifiers, systemicCues,
                attitude, exploratory, goal, changeVerbs, genericNouns, problemNouns, commonAdjectives, stopwords, roleHeads,
                teamHeads, fillers)) {
            list.addTo(vocabulary);
        }
    }

    boolean compiledFrom(JsonNode root) {
        return source == root;
    }

    // ============================================================================================== people

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
        int end = roles.match(s, i);
        if (end > 0) {
            return end;
        }
        if (pronouns.hasWord(lower)) {
            return i + 1;
        }
        // teams: "<modifiers> team"
        if (teamHeads.has(t)) {
            return nextIsCompound(s, i + 1) ? -1 : i + 1;
        }
        if (i + 1 < s.size() && teamHeads.has(s.at(i + 1)) && !DETERMINERS.contains(lower) && t.isWord()
                && !nextIsCompound(s, i + 2)) {
            return i + 2;
        }
        if (roleHeads.has(t) && !t.lower().endsWith("ly")) {
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
                && !harmVerbs.has(s.at(i)) && !omissionLeads.has(s.at(i)) && !riskyVerbs.has(s.at(i))
                && !destructiveVerbs.has(s.at(i)));
    }

    private boolean isName(Sentence s, int i) {
        Token t = s.at(i);
        if (!NAME.matcher(t.text()).matches()) {
            return false;
        }
        String lower = t.lower();
        if (notAPerson.contains(lower) || vocabulary.contains(lower) || t.lemmas().stream().anyMatch(vocabulary::contains)) {
            return false;
        }
        if (DETERMINERS.contains(s.lower(i - 1))) {
            return false;
        }
        for (String suffix : notANameSuffixes) {
            if (lower.endsWith(suffix)) {
                return false;
            }
        }
        return i > 0 ? !t.is("VERB") && !t.is("ADV") && !t.is("ADP") || t.is("PROPN")
                : t.is("PROPN") || t.is("PRON") || t.is("X");
    }

    // ============================================================================================== blame

    /** The blame kind of a sentence, or {@code null} when it does not blame. */
    String blame(Sentence s, Set<String> names) {
        Mention[] mentions = mentions(s, names);
        if (accountability(s, mentions)) {
            return "accountability";
        }
        if (cleft(s, mentions)) {
            return "cleft";
        }
        if (counterfactual(s, mentions)) {
            return "counterfactual";
        }
        if (possessiveFault(s, mentions, faultNouns, 0, s.size())) {
            return "possessive-fault";
        }
        if (evaluative(s, 0, s.size())) {
            return "evaluative";
        }
        if (agentOfHarm(s, mentions, 0, s.size()) && justifications.find(s, 0, s.size()) < 0) {
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
        if (accountability.find(s, 0, s.size()) >= 0) {
            return true;
        }
        // "the whole mess is on Carlos"
        for (int i = 0; i + 2 < s.size(); i++) {
            if (accountabilityOn.has(s.at(i))) {
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

    /** The mention starting at i, or after a determiner at i. */
    private static Mention mentionAt(Mention[] mentions, Sentence s, int i) {
        if (i >= s.size()) {
            return null;
        }
        if (mentions[i] != null) {
            return mentions[i];
        }
        int j = i;
        while (j < s.size() && j < i + 3 && (DETERMINERS.contains(s.lower(j)) || s.at(j).is("ADJ"))) {
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
        return j < s.size() && cleftPraise.has(s.at(j)) && !wrongAfter(s, j);
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
            if (!counterfactualModals.has(s.at(Math.min(k, s.size() - 1))) || k >= s.size()) {
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

    private int skipAdverbs(Sentence s, int i) {
        int j = i;
        while (j < s.size() && (ADVERBS.contains(s.lower(j)) || s.at(j).is("ADV") && s.lower(j).endsWith("ly")
                && !NEGATIONS.contains(s.lower(j)))) {
            j++;
        }
        return j;
    }

    /** A fault noun owned by a person: "Anna's oversight", "his mistake", "the negligence of the on-call engineer". */
    private boolean possessiveFault(Sentence s, Mention[] mentions, Words nouns, int from, int to) {
        for (int i = from; i < to; i++) {
            int k = -1;
            if (mentions[i] != null && mentions[i].possessive()) {
                k = mentions[i].end() + 1;
            } else if (possessivePronouns.hasWord(s.lower(i))) {
                k = i + 1;
            }
            if (k < 0) {
                continue;
            }
            for (int j = k; j < Math.min(to, k + 4); j++) {
                Token t = s.at(j);
                if (nouns.has(t) && !compoundTail(s, j)) {
                    return true;
                }
                if (!(t.is("ADJ") || t.is("ADV") || evaluative.has(t) || commonAdjectives.has(t))) {
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
                int end = faultLinks.match(s, k);
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
    private boolean compoundTail(Sentence s, int i) {
        if (i + 1 >= s.size()) {
            return false;
        }
        Token next = s.at(i + 1);
        return next.is("NOUN") && next.isWord() && !faultLinks.hasWord(next.lower()) && !AUX.contains(next.lower())
                && !harmVerbs.has(next) && !riskyVerbs.has(next) && !destructiveVerbs.has(next)
                && !Set.of("left", "caused", "let", "took", "meant", "cost", "led", "sent", "broke").contains(next.lower());
    }

    private boolean evaluative(Sentence s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (evaluative.has(s.at(i)) && !(i + 1 < s.size() && technicalCollocations.has(s.at(i + 1)))
                    && !(i > 0 && s.lower(i - 1).equals("not"))) {
                return true;
            }
        }
        return false;
    }

    /** A person (not a possessor) followed by a harmful act or an omission, in [from, to). */
    private boolean agentOfHarm(Sentence s, Mention[] mentions, int from, int to) {
        for (int i = from; i < to; i++) {
            Mention m = mentions[i];
            if (m == null || m.possessive()) {
                continue;
            }
            if (i > 0 && (s.lower(i - 1).equals("by") || s.at(i - 1).is("ADP") && !s.lower(i - 1).equals("after"))
                    && !CLAUSE_BREAKS.contains(s.lower(i - 1))) {
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

    private int clauseEnd(Sentence s, int from, int to) {
        for (int i = from; i < to; i++) {
            String l = s.lower(i);
            if (CLAUSE_BREAKS.contains(l) && !(l.equals("that") && i > from && s.at(i - 1).is("VERB"))) {
                return i;
            }
        }
        return to;
    }

    /** Skips adverbs, prepositional phrases ("on duty", "on the platform team") and "and <person>" after a subject. */
    private int skipGap(Sentence s, Mention[] mentions, int i, int end) {
        int j = i;
        int budget = 7;
        boolean inPrep = false;
        while (j < end && budget-- > 0) {
            String l = s.lower(j);
            if (omissionLeads.match(s, j) > 0 && !l.equals("was") && !l.equals("were")) {
                return j;
            }
            if (ADVERBS.contains(l) || s.at(j).is("ADV") && l.endsWith("ly")) {
                j++;
            } else if (PREPOSITIONS.contains(l) && j == i | inPrep) {
                inPrep = true;
                j++;
            } else if (inPrep && (DETERMINERS.contains(l) || s.at(j).is("NOUN") || s.at(j).is("PROPN") || s.at(j).is("ADJ")
                    || mentions[j] != null || teamHeads.has(s.at(j)))) {
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
        int lead = omissionLeads.match(s, j);
        if (lead > 0) {
            String l = s.lower(j);
            boolean fullLead = lead - j > 1 || l.equals("never");
            int v = skipAdverbs(s, lead);
            if (v < end && (fullLead || !omissionNeutral.has(s.at(v)))) {
                if (!omissionNeutral.has(s.at(v)) && !AUX.contains(s.lower(v))) {
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
        if (harmPhrases.match(s, v) > 0) {
            return true;
        }
        if (Set.of("nothing", "nobody", "none").contains(s.lower(v + 1))) {
            return false; // "forgot nothing"
        }
        if (harmVerbs.has(verb) && (!verb.is("NOUN") || !verb.lemma().equals(verb.lower()))) {
            return !(verb.lower().equals("miss") && s.lower(v + 1).equals("out"));
        }
        if (isMisVerb(verb)) {
            return true;
        }
        if (verb.lemmas().contains("make") && faultNouns.find(s, v + 1, Math.min(end, v + 4)) >= 0) {
            return true;
        }
        if (verb.lemmas().contains("cause") && harmNouns.find(s, v + 1, Math.min(end, v + 5)) >= 0) {
            return true;
        }
        if (verb.lower().equals("let") || verb.lower().equals("lets") || verb.lower().equals("allowed")) {
            return letResults.find(s, v + 2, Math.min(end, v + 9)) >= 0 && verb.lower().startsWith("let");
        }
        if (destructiveVerbs.has(verb) && (wrongAfter(s, v) || productionMarkers.find(s, v + 1, clauseEnd(s, v + 1, s.size())) >= 0
                || wrongBefore(s, j, v))) {
            return true;
        }
        if (riskyVerbs.has(verb) && (wrongAfter(s, v) || wrongBefore(s, j, v))) {
            return true;
        }
        return false;
    }

    private boolean isMisVerb(Token t) {
        String l = t.lower();
        if (!l.startsWith("mis") || l.length() < 6 || misVerbsNeutral.contains(l)) {
            return false;
        }
        for (String lemma : t.lemmas()) {
            if (misVerbsNeutral.contains(lemma)) {
                return false;
            }
        }
        return !t.is("NOUN") || l.endsWith("ed");
    }

    private boolean wrongAfter(Sentence s, int v) {
        int end = s.size();
        for (int i = v + 1; i < s.size(); i++) {
            String l = s.lower(i);
            if (l.equals(";") || l.equals("because") || l.equals("since") || l.equals("but") || l.equals("so")
                    || l.equals("which") || l.equals("who")) {
                end = i;
                break;
            }
        }
        return wrongMarkers.find(s, v + 1, end) >= 0;
    }

    private boolean wrongBefore(Sentence s, int from, int v) {
        return wrongMarkers.find(s, Math.max(0, from - 2), v) >= 0;
    }

    // ============================================================================================== root cause

    /** A root cause that stops at a person's error: some clause names one, and no clause names a systemic condition. */
    boolean personError(List<Sentence> sentences, Set<String> names) {
        boolean personError = false;
        for (Sentence s : sentences) {
            Mention[] mentions = mentions(s, names);
            int start = 0;
            for (int i = 0; i <= s.size(); i++) {
                if (i == s.size() || causeBreaks.hasWord(s.lower(i)) && !(s.lower(i).equals("that") && i > 0
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
        boolean enabling = enablingWords.find(s, from, to) >= 0;
        if (error) {
            return enabling ? Boolean.FALSE : Boolean.TRUE;
        }
        if (enabling || systemicCues.find(s, from, to) >= 0) {
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
            if (errorNouns.has(t) && !compoundTail(s, i)) {
                errorNoun = true;
                if (i > from && (errorModifiers.has(s.at(i - 1)) && personModifier(s.at(i - 1)) || roleHeads.has(s.at(i - 1)))) {
                    return true;
                }
            } else if (!fillers.has(t) && !errorModifiers.has(t) && !DETERMINERS.contains(t.lower())) {
                other = true;
            }
        }
        if (errorNoun && !other) {
            return true;
        }
        Mention[] local = new Mention[mentions.length];
        System.arraycopy(mentions, from, local, from, to - from);
        if (possessiveFault(s, local, errorNouns, from, to) || possessiveFault(s, local, faultNouns, from, to)) {
            return true;
        }
        if (agentOfHarm(s, local, from, to)) {
            return true;
        }
        boolean person = false;
        for (int i = from; i < to; i++) {
            person |= local[i] != null;
        }
        if (person && evaluative(s, from, to)) {
            return true;
        }
        // "a wrong command typed by the SRE on duty"
        for (int i = from; i < to; i++) {
            if (s.lower(i).equals("by") && mentionAt(local, s, i + 1) != null && wrongMarkers.find(s, from, i) >= 0) {
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

    // ============================================================================================== action items

    /** An action-item title that nobody could check off: see the rule's _about in quality-rules.json. */
    boolean vague(Sentence s, String raw) {
        int i = 0;
        for (int guard = 0; guard < 4; guard++) {
            int end = leadIns.match(s, i);
            if (end > 0 && end < s.size()) {
                i = end;
            } else {
                break;
            }
        }
        int words = 0;
        for (int k = i; k < s.size(); k++) {
            if (s.at(k).isWord()) {
                words++;
            }
        }
        if (words == 0) {
            return true;
        }
        boolean marker = specificMarker(s, i, raw);
        if (attitude.match(s, i) > 0 && !changeVerbs.hasWord(s.lower(i))) {
            return true;
        }
        if (marker) {
            return false;
        }
        if (words < minWords) {
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
        while (i < to && (leadIns.hasWord(s.lower(i)) || stopwords.hasWord(s.lower(i)) && !s.lower(i).equals("up"))) {
            i++;
        }
        if (i >= to) {
            return false;
        }
        Token first = s.at(i);
        if (attitude.match(s, i) > 0 && !changeVerbs.hasWord(first.lower())) {
            return false;
        }
        int explore = exploratory.match(s, i);
        int aim = goal.match(s, i);
        if (first.lemmas().contains("make") && makeComparatives.find(s, i + 1, to) >= 0) {
            return false;
        }
        if ((explore > 0 || aim > 0) && (!changeVerbs.has(first) || Math.max(explore, aim) > i + 1)) {
            return false;
        }
        if (explore > 0 || aim > 0) {
            // a verb of both lists ("raise", "lower", "fix"): a change when its object is concrete
            return concrete(s, Math.max(explore, aim), to);
        }
        boolean verb = changeVerbs.has(first) || riskyVerbs.has(first) || destructiveVerbs.has(first) || first.is("VERB");
        return concrete(s, verb ? i + 1 : i, to);
    }

    /** Some word in [from, to) names a concrete thing (not generic, not a problem word, not a function word). */
    private boolean concrete(Sentence s, int from, int to) {
        for (int i = from; i < to; i++) {
            Token t = s.at(i);
            String l = t.lower();
            if (!t.isWord() || l.length() < 3 && !genericAcronyms.contains(l) && !(l.length() == 2 && Character.isLetter(l.charAt(0)) && Character.isLetter(l.charAt(1)))) {
                continue;
            }
            if (genericNouns.has(t) || problemNouns.has(t) || vagueModifiers.has(t) || commonAdjectives.has(t)
                    || stopwords.has(t) || attitude.has(t) || exploratory.has(t) || goal.has(t) || genericAcronyms.contains(l)
                    || makeComparatives.has(t)) {
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
            if (HYPHENATED.matcher(text).matches() && !commonHyphenated.contains(l)) {
                return true; // payments-db, cert-manager, try-with-resources
            }
        }
        return false;
    }

    private static boolean notAPersonDay(String l) {
        return Set.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "fridays", "mondays",
                "i").contains(l);
    }
}
