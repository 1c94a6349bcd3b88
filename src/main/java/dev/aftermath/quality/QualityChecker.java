package dev.aftermath.quality;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

import dev.aftermath.quality.QualityRules.Rule;

/**
 * Checks a post-mortem document against the rules of {@code processes/quality-rules.json}. The document is the map of
 * sections by variable name ({@code summary}, {@code rootCause}, {@code whys}, {@code contributingFactors},
 * {@code timeline} in the order the author gave it, {@code actionItems}, ...). Pure: no process, no database.
 */
@Component
public class QualityChecker {

    /** Free-text sections scanned for blame language, in document order. */
    static final List<String> TEXT_SECTIONS = List.of("summary", "impact", "rootCause", "whatWentWell", "whatWentWrong",
            "lessonsLearned", "meetingNotes");
    static final Set<String> PRIORITIES = Set.of("HIGH", "MEDIUM", "LOW");

    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?;])\\s+|\\s*[\\r\\n]+\\s*");
    private static final Pattern CLAUSE = Pattern.compile(",\\s*(?:and|but|so|then|because)?\\s*|\\s+(?:and|but|so|then|because|when|after)\\s+",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CAPITALISED = Pattern.compile("\\p{Lu}[\\p{Ll}'’-]+");

    private final QualityRules rules;
    private final People people;

    public QualityChecker(QualityRules rules, People people) {
        this.rules = rules;
        this.people = people;
    }

    /** Every finding for the document at the given stage, in document order. */
    public List<QualityFinding> check(Map<String, Object> doc, QualityStage stage) {
        List<QualityFinding> findings = new ArrayList<>();
        Set<String> names = people.names();
        Rule blame = rules.rule("blame-language");
        boolean checkBlame = blame.appliesTo(stage);

        Rule missing = rules.rule("root-cause-missing");
        Rule shallow = rules.rule("root-cause-human-error");
        String rootCause = text(doc.get("rootCause"));
        if (rootCause == null && missing.appliesTo(stage)) {
            findings.add(missing.finding("rootCause", ""));
        } else if (rootCause != null && shallow.appliesTo(stage) && isShallowRootCause(rootCause)) {
            findings.add(shallow.finding("rootCause", rootCause));
        }
        if (checkBlame) {
            for (String section : TEXT_SECTIONS) {
                findings.addAll(blame(section, text(doc.get(section)), names));
            }
        }

        List<String> whys = strings(doc.get("whys"));
        Rule minWhys = rules.rule("min-whys");
        if (minWhys.appliesTo(stage) && whys.size() < minWhys.min()) {
            findings.add(minWhys.finding("whys", whys.size() + " of " + minWhys.min()));
        }
        List<String> factors = strings(doc.get("contributingFactors"));
        Rule minFactors = rules.rule("min-contributing-factors");
        if (minFactors.appliesTo(stage) && factors.size() < minFactors.min()) {
            findings.add(minFactors.finding("contributingFactors", factors.size() + " of " + minFactors.min()));
        }
        if (checkBlame) {
            for (int i = 0; i < whys.size(); i++) {
                findings.addAll(blame("whys[" + i + "]", whys.get(i), names));
            }
            for (int i = 0; i < factors.size(); i++) {
                findings.addAll(blame("contributingFactors[" + i + "]", factors.get(i), names));
            }
        }

        findings.addAll(timeline(maps(doc.get("timeline")), stage, checkBlame ? blame : null, names));
        if (checkBlame) {
            // what responders wrote about what they knew at the time (their entries are in the timeline above)
            List<Map<String, Object>> contributions = maps(doc.get("timelineContributions"));
            for (int i = 0; i < contributions.size(); i++) {
                findings.addAll(blame("timelineContributions[" + i + "].notes",
                        text(contributions.get(i).get("notes")), names));
            }
        }
        findings.addAll(actionItems(maps(doc.get("actionItems")), stage, checkBlame ? blame : null, names));
        return findings;
    }

    // ------------------------------------------------------------------------------------------------ blame language

    /** Blame findings for one piece of text (each offending sentence once). */
    public List<QualityFinding> blame(String section, String text) {
        return blame(section, text, people.names());
    }

    private List<QualityFinding> blame(String section, String text, Set<String> names) {
        List<QualityFinding> findings = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return findings;
        }
        Rule rule = rules.rule("blame-language");
        for (String sentence : SENTENCE_END.split(text.strip())) {
            if (sentence.isBlank()) {
                continue;
            }
            String hint = blameHint(rule, sentence, names);
            if (hint != null) {
                findings.add(rule.finding(section, sentence.strip(), hint));
            }
        }
        return findings;
    }

    /** The hint for a blaming sentence, or {@code null} when the sentence does not blame. */
    private String blameHint(Rule rule, String sentence, Set<String> names) {
        for (JsonNode phrase : rule.path("phrases")) {
            if (QualityRules.Rule.pattern(phrase.path("pattern").asText()).matcher(sentence).find()) {
                return phrase.path("hint").asText(rule.hint());
            }
        }
        JsonNode subject = rule.path("personSubject");
        Pattern subjectPattern = subjectPattern(subject);
        Set<String> roles = lower(QualityRules.Rule.strings(subject.path("roleWords")));
        Set<String> notAPerson = lower(QualityRules.Rule.strings(subject.path("notAPerson")));
        for (String clause : CLAUSE.split(sentence)) {
            Matcher m = subjectPattern.matcher(clause);
            if (m.find() && isPerson(m.group("subj"), m.group("det") != null, roles, notAPerson, names)) {
                return rule.hint();
            }
        }
        return null;
    }

    private static Pattern subjectPattern(JsonNode subject) {
        String verbs = QualityRules.Rule.strings(subject.path("failureVerbs")).stream()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .map(v -> Pattern.quote(v).replace(" ", "\\E\\s+\\Q"))
                .collect(Collectors.joining("|"));
        return Pattern.compile("^\\s*(?<det>(?:the|our|a|an|their|his|her|my)\\s+)?"
                + "(?<subj>[\\p{L}][\\p{L}'’-]*(?:\\s+[\\p{L}][\\p{L}'’-]*)?)\\s+(?:" + verbs + ")(?![\\p{L}])",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    private static boolean isPerson(String subject, boolean determiner, Set<String> roles, Set<String> notAPerson,
                                    Set<String> names) {
        String lower = subject.toLowerCase(Locale.ROOT);
        String[] words = lower.split("\\s+");
        String last = words[words.length - 1];
        if (roles.contains(lower) || roles.contains(last)) {
            return true;
        }
        if (notAPerson.contains(words[0])) {
            return false;
        }
        if (names.contains(lower) || names.contains(words[0])) {
            return true;
        }
        if (determiner) {
            return false;
        }
        String[] original = subject.split("\\s+");
        for (String w : original) {
            if (!CAPITALISED.matcher(w).matches()) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------------------------------------ root cause

    /** True when the root cause is only "human error" and its kin (after lead-ins such as "the root cause was"). */
    public boolean isShallowRootCause(String rootCause) {
        Rule rule = rules.rule("root-cause-human-error");
        String s = normalise(rootCause);
        List<String> leadIns = QualityRules.Rule.strings(rule.path("leadIns")).stream().map(QualityChecker::normalise)
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
        boolean stripped = true;
        while (stripped) {
            stripped = false;
            for (String leadIn : leadIns) {
                if (!leadIn.isEmpty() && s.startsWith(leadIn + " ")) {
                    s = s.substring(leadIn.length() + 1);
                    stripped = true;
                }
            }
        }
        Set<String> shallow = QualityRules.Rule.strings(rule.path("shallowCauses")).stream()
                .map(QualityChecker::normalise).collect(Collectors.toSet());
        return s.isEmpty() || shallow.contains(s);
    }

    // ------------------------------------------------------------------------------------------------ timeline

    private List<QualityFinding> timeline(List<Map<String, Object>> entries, QualityStage stage, Rule blame,
                                          Set<String> names) {
        List<QualityFinding> findings = new ArrayList<>();
        Rule missing = rules.rule("timeline-time-missing");
        Rule order = rules.rule("timeline-order");
        Instant previous = null;
        for (int i = 0; i < entries.size(); i++) {
            Map<String, Object> e = entries.get(i);
            String section = "timeline[" + i + "]";
            String event = text(e.get("event"));
            String at = text(e.get("at"));
            Instant time = instant(at);
            if (time == null) {
                if (missing.appliesTo(stage)) {
                    findings.add(missing.finding(section, label(at, event)));
                }
            } else {
                if (previous != null && time.isBefore(previous) && order.appliesTo(stage)) {
                    findings.add(order.finding(section, label(at, event)));
                }
                previous = time;
            }
            if (blame != null) {
                findings.addAll(blame(section + ".event", event, names));
            }
        }
        return findings;
    }

    private static String label(String at, String event) {
        return ((at == null ? "(no time)" : at) + " " + (event == null ? "" : event)).strip();
    }

    // ------------------------------------------------------------------------------------------------ action items

    private List<QualityFinding> actionItems(List<Map<String, Object>> items, QualityStage stage, Rule blame,
                                             Set<String> names) {
        List<QualityFinding> findings = new ArrayList<>();
        Rule owner = rules.rule("action-item-owner");
        Rule due = rules.rule("action-item-due-date");
        Rule priority = rules.rule("action-item-priority");
        Rule vague = rules.rule("action-item-vague");
        Set<String> notAnOwner = lower(owner.strings("notAnOwner"));
        for (int i = 0; i < items.size(); i++) {
            Map<String, Object> item = items.get(i);
            String section = "actionItems[" + i + "]";
            String title = text(item.get("title"));
            if (owner.appliesTo(stage)) {
                String o = text(item.get("owner"));
                boolean bad = o == null || o.contains(",") || o.contains(" ")
                        || notAnOwner.contains(o.toLowerCase(Locale.ROOT)) || !people.isUser(o);
                if (bad) {
                    String hint = o != null && people.isGroup(o) ? "'" + o + "' is a group: name one person's user id."
                            : null;
                    findings.add(owner.finding(section + ".owner", (title == null ? "" : title + " — owner: ")
                            + (o == null ? "(none)" : o), hint));
                }
            }
            if (due.appliesTo(stage) && text(item.get("dueDate")) == null) {
                findings.add(due.finding(section + ".dueDate", title == null ? "" : title));
            }
            String p = text(item.get("priority"));
            if (priority.appliesTo(stage) && (p == null || !PRIORITIES.contains(p.toUpperCase(Locale.ROOT)))) {
                findings.add(priority.finding(section + ".priority", title == null ? "" : title));
            }
            if (vague.appliesTo(stage) && isVagueTitle(title)) {
                findings.add(vague.finding(section + ".title", title == null ? "" : title));
            }
            if (blame != null) {
                findings.addAll(blame(section + ".title", title, names));
            }
        }
        return findings;
    }

    /** True for an empty, too short or vague action-item title ("Improve monitoring", "Fix it"). */
    public boolean isVagueTitle(String title) {
        Rule rule = rules.rule("action-item-vague");
        String t = normalise(title == null ? "" : title);
        if (t.isEmpty()) {
            return true;
        }
        int words = t.split(" ").length;
        if (words < rule.intValue("minWords", 3)) {
            return true;
        }
        for (String phrase : rule.strings("vaguePhrases")) {
            String p = normalise(phrase);
            int phraseWords = p.split(" ").length;
            if (t.equals(p) || (t.startsWith(p + " ") && words <= phraseWords + 1)) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    static String normalise(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}'\\s-]", " ").replaceAll("\\s+", " ").strip();
    }

    private static Set<String> lower(List<String> values) {
        return values.stream().map(v -> v.toLowerCase(Locale.ROOT).strip()).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static String text(Object value) {
        return value == null || value.toString().isBlank() ? null : value.toString().strip();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().filter(Map.class::isInstance).map(m -> (Map<String, Object>) m).toList();
        }
        return List.of();
    }

    private static List<String> strings(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().filter(v -> v != null && !v.toString().isBlank()).map(Object::toString).toList();
        }
        return List.of();
    }

    private static Instant instant(String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
