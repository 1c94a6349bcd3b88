package dev.aftermath.quality;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

import dev.aftermath.calendar.Timestamps;
import dev.aftermath.document.PostmortemDocument;
import dev.aftermath.document.PostmortemDocument.ActionItem;
import dev.aftermath.document.PostmortemDocument.TimelineContribution;
import dev.aftermath.document.PostmortemDocument.TimelineEntry;
import dev.aftermath.quality.QualityRules.Rule;

/**
 * Checks a post-mortem document against the rules of {@code processes/quality-rules.json}: its sections
 * ({@code summary}, {@code rootCause}, {@code whys}, {@code contributingFactors}, {@code timeline} in the order the
 * author gave it, {@code actionItems}, ...). Pure: no process, no database.
 */
@Component
public class QualityChecker {

    /** Free-text sections scanned for blame language, in document order. */
    static final List<String> TEXT_SECTIONS = List.of("summary", "impact", "rootCause", "whatWentWell", "whatWentWrong",
            "lessonsLearned", "meetingNotes");
    static final Set<String> PRIORITIES = Set.of("HIGH", "MEDIUM", "LOW");

    private final QualityRules rules;
    private final People people;
    private volatile LanguageRules language;

    /**
     * Compiles the word lists. The OpenNLP models are loaded on the first check, not at start-up: the
     * application starts without them and a node that never checks a document never holds them (issue 24, footprint).
     */
    public QualityChecker(QualityRules rules, People people) {
        this.rules = rules;
        this.people = people;
        language();
    }

    /** The English models, loaded once per JVM on first use. */
    private static EnglishNlp nlp() {
        return EnglishNlp.get();
    }

    /** The language rules compiled from the current rules file (recompiled after an edit). */
    LanguageRules language() {
        JsonNode root = rules.document();
        LanguageRules compiled = language;
        if (compiled == null || !compiled.compiledFrom(root)) {
            compiled = new LanguageRules(root);
            language = compiled;
        }
        return compiled;
    }

    /** Every finding for the document at the given stage, in document order. */
    public List<QualityFinding> check(PostmortemDocument doc, QualityStage stage) {
        List<QualityFinding> findings = new ArrayList<>();
        Set<String> names = people.names();
        Rule blame = rules.rule("blame-language");
        boolean checkBlame = blame.appliesTo(stage);

        Rule missing = rules.rule("root-cause-missing");
        Rule shallow = rules.rule("root-cause-human-error");
        String rootCause = text(doc.rootCause());
        if (rootCause == null && missing.appliesTo(stage)) {
            findings.add(missing.finding("rootCause", ""));
        } else if (rootCause != null && shallow.appliesTo(stage) && isShallowRootCause(rootCause, names)) {
            findings.add(shallow.finding("rootCause", rootCause));
        }
        if (checkBlame) {
            for (String section : TEXT_SECTIONS) {
                findings.addAll(blame(section, text(section(doc, section)), names));
            }
        }

        List<String> whys = strings(doc.whys());
        Rule minWhys = rules.rule("min-whys");
        if (minWhys.appliesTo(stage) && whys.size() < minWhys.min()) {
            findings.add(minWhys.finding("whys", whys.size() + " of " + minWhys.min()));
        }
        List<String> factors = strings(doc.contributingFactors());
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

        findings.addAll(timeline(list(doc.timeline()), stage, checkBlame ? blame : null, names));
        if (checkBlame) {
            // what responders wrote about what they knew at the time (their entries are in the timeline above)
            List<TimelineContribution> contributions = list(doc.timelineContributions());
            for (int i = 0; i < contributions.size(); i++) {
                findings.addAll(blame("timelineContributions[" + i + "].notes",
                        text(contributions.get(i).notes()), names));
            }
        }
        findings.addAll(actionItems(list(doc.actionItems()), stage, checkBlame ? blame : null, names));
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
        LanguageRules language = language();
        for (String sentence : nlp().sentences(text)) {
            QualityFinding finding = blameFinding(rule, language, section, sentence, names);
            if (finding != null) {
                findings.add(finding);
            }
        }
        return findings;
    }

    /** The finding for a blaming sentence (its kind's why and hint), or {@code null} when the sentence does not blame. */
    private QualityFinding blameFinding(Rule rule, LanguageRules language, String section, String sentence,
                                        Set<String> names) {
        for (LanguageRules.Phrase phrase : language.phrases) {
            if (phrase.pattern().matcher(sentence).find()) {
                return rule.finding(section, sentence, phrase.hint());
            }
        }
        String kind = language.blame(nlp().analyse(sentence, false), names);
        if (kind == null) {
            return null;
        }
        JsonNode k = rule.path("kinds").path(kind);
        return new QualityFinding(section, sentence, rule.id(), rule.severity(), k.path("why").asText(rule.why()),
                QualityRules.Rule.withQuestion(k.path("hint").asText(rule.path("hint").asText("")),
                        k.path("question").asText(rule.question())));
    }

    // ------------------------------------------------------------------------------------------------ root cause

    /**
     * True when the root cause stops at a person's error: only "human error" and its kin (after lead-ins such as "the
     * root cause was"), or, in any wording, an error, slip or harmful act of a person or role with no systemic
     * condition beside it.
     */
    public boolean isShallowRootCause(String rootCause) {
        return isShallowRootCause(rootCause, people.names());
    }

    private boolean isShallowRootCause(String rootCause, Set<String> names) {
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
        if (s.isEmpty() || shallow.contains(s)) {
            return true;
        }
        LanguageRules language = language();
        return language.personError(nlp().sentences(rootCause).stream().map(x -> nlp().analyse(x, false)).toList(), names);
    }

    // ------------------------------------------------------------------------------------------------ timeline

    private List<QualityFinding> timeline(List<TimelineEntry> entries, QualityStage stage, Rule blame,
                                          Set<String> names) {
        List<QualityFinding> findings = new ArrayList<>();
        Rule missing = rules.rule("timeline-time-missing");
        Rule order = rules.rule("timeline-order");
        Instant previous = null;
        for (int i = 0; i < entries.size(); i++) {
            TimelineEntry e = entries.get(i);
            String section = "timeline[" + i + "]";
            String event = text(e.event());
            String at = text(e.at());
            Instant time = Timestamps.parse(at);
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

    private List<QualityFinding> actionItems(List<ActionItem> items, QualityStage stage, Rule blame,
                                             Set<String> names) {
        List<QualityFinding> findings = new ArrayList<>();
        Rule owner = rules.rule("action-item-owner");
        Rule due = rules.rule("action-item-due-date");
        Rule priority = rules.rule("action-item-priority");
        Rule vague = rules.rule("action-item-vague");
        Set<String> notAnOwner = lower(owner.strings("notAnOwner"));
        for (int i = 0; i < items.size(); i++) {
            ActionItem item = items.get(i);
            String section = "actionItems[" + i + "]";
            String title = text(item.title());
            if (owner.appliesTo(stage)) {
                String o = text(item.owner());
                boolean bad = o == null || o.contains(",") || o.contains(" ")
                        || notAnOwner.contains(o.toLowerCase(Locale.ROOT)) || !people.isUser(o);
                if (bad) {
                    String hint = o != null && people.isGroup(o) ? "'" + o + "' is a group: name one person's user id."
                            : null;
                    findings.add(owner.finding(section + ".owner", (title == null ? "" : title + " — owner: ")
                            + (o == null ? "(none)" : o), hint));
                }
            }
            if (due.appliesTo(stage) && text(item.dueDate()) == null) {
                findings.add(due.finding(section + ".dueDate", title == null ? "" : title));
            }
            String p = text(item.priority());
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

    /**
     * True for an empty or vague action-item title: an attitude ("Be more careful"), an exploratory or goal verb without
     * an artefact, threshold or deliverable ("Look into the cache problems", "Improve monitoring"), or an object with only
     * generic nouns ("Add more tests"). See {@code action-item-vague} in quality-rules.json.
     */
    public boolean isVagueTitle(String title) {
        if (title == null || title.isBlank()) {
            return true;
        }
        String t = title.strip();
        return language().vague(nlp().analyse(t, true), t);
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

    /** The text of one of the {@link #TEXT_SECTIONS}. */
    static String section(PostmortemDocument doc, String section) {
        return switch (section) {
            case "summary" -> doc.summary();
            case "impact" -> doc.impact();
            case "rootCause" -> doc.rootCause();
            case "whatWentWell" -> doc.whatWentWell();
            case "whatWentWrong" -> doc.whatWentWrong();
            case "lessonsLearned" -> doc.lessonsLearned();
            case "meetingNotes" -> doc.meetingNotes();
            default -> throw new IllegalArgumentException("Not a text section: " + section);
        };
    }

    /** The entries of a list part of the document, none when it is missing; missing entries are skipped. */
    private static <T> List<T> list(List<T> values) {
        return values == null ? List.of() : values.stream().filter(java.util.Objects::nonNull).toList();
    }

    private static List<String> strings(List<String> values) {
        return list(values).stream().filter(v -> !v.isBlank()).toList();
    }
}
