package dev.aftermath.quality;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The word lists of {@code processes/quality-rules.json} that the language rules share: people, blame words, root-cause
 * words and action-item words, compiled once per version of the file. Every word of a list is never taken for a name.
 */
final class LanguageWords {

    final Words pronouns;
    final Words possessivePronouns;
    final Words roleHeads;
    final Words roles;
    final Words teamHeads;
    final Set<String> notAPerson = new HashSet<>();
    final List<String> notANameSuffixes;
    final Set<String> vocabulary = new HashSet<>();
    final Words harmVerbs;
    final Words harmPhrases;
    final Set<String> misVerbsNeutral = new HashSet<>();
    final Words omissionLeads;
    final Words omissionNeutral;
    final Words destructiveVerbs;
    final Words riskyVerbs;
    final Words wrongMarkers;
    final Words productionMarkers;
    final Words letResults;
    final Words harmNouns;
    final Words faultNouns;
    final Words faultLinks;
    final Words evaluative;
    final Words technicalCollocations;
    final Words counterfactualModals;
    final Words cleftPraise;
    final Words accountability;
    final Words accountabilityOn;
    final Words justifications;
    final Idioms neglectIdioms;
    final Words habitualMarkers;
    final Words judgements;
    final Words faultyModifiers;
    final Words harmOutcomes;
    final Words attributionLinks;
    final Words ambivalentLinks;
    final Words mitigations;
    final Words complementNouns;
    final Words responsibilityNouns;
    final Words responsibleFor;
    final Words explanationMarkers;
    final Words subjectExplanations;
    final Words notExplanations;
    final Words errorNouns;
    final Words errorModifiers;
    final Words fillers;
    final Words enablingWords;
    final Words systemicCues;
    final Words causeBreaks;
    final Words leadIns;
    final Words attitude;
    final Words exploratory;
    final Words goal;
    final Words changeVerbs;
    final Words makeComparatives;
    final Words genericNouns;
    final Words problemNouns;
    final Words vagueModifiers;
    final Words commonAdjectives;
    final Words stopwords;
    final Set<String> commonHyphenated = new HashSet<>();
    final Set<String> genericAcronyms = new HashSet<>();
    final int minWords;

    LanguageWords(JsonNode root) {
        JsonNode blame = root.path("rules").path("blame-language");
        JsonNode people = blame.path("people");
        JsonNode w = blame.path("words");
        JsonNode rc = root.path("rules").path("root-cause-human-error");
        JsonNode av = root.path("rules").path("action-item-vague");
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
        neglectIdioms = new Idioms(w.path("neglectIdioms"));
        habitualMarkers = new Words(w.path("habitualMarkers"));
        judgements = new Words(w.path("judgements"));
        faultyModifiers = new Words(w.path("faultyModifiers"));
        harmOutcomes = new Words(w.path("harmOutcomes"));
        attributionLinks = new Words(w.path("attributionLinks"));
        ambivalentLinks = new Words(w.path("ambivalentLinks"));
        mitigations = new Words(w.path("mitigations"));
        complementNouns = new Words(w.path("complementNouns"));
        responsibilityNouns = new Words(w.path("responsibilityNouns"));
        responsibleFor = new Words(w.path("responsibleFor"));
        explanationMarkers = new Words(rc.path("explanationMarkers"));
        subjectExplanations = new Words(rc.path("subjectExplanations"));
        notExplanations = new Words(rc.path("notExplanations"));
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
}
