package dev.aftermath.postmortem;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.spin.plugin.variable.value.JsonValue;
import org.springframework.stereotype.Service;

import dev.aftermath.document.PostmortemDocument;
import dev.aftermath.process.JsonVariables;
import dev.aftermath.processapi.PostmortemProcess.Vars;
import dev.aftermath.quality.QualityChecker;
import dev.aftermath.quality.QualityFinding.Severity;
import dev.aftermath.quality.QualityFinding;
import dev.aftermath.quality.QualityRound.Verdict;
import dev.aftermath.quality.QualityRound;
import dev.aftermath.quality.QualityRoundRepository;
import dev.aftermath.quality.QualityStage;

/**
 * The quality gate after the draft and after finalisation. Blocking findings always send the document back to the
 * author; warnings send it back once, unless the author acknowledged them ({@code acknowledgeWarnings}). The verdict
 * is {@code qualityPassed}; the findings go to the next task as {@code qualityFindings} (JSON list of
 * {@code {section, text, rule, severity, why, hint}}) and every round is stored for the API.
 */
@Service
public class QualityGate {

    private final QualityChecker checker;
    private final QualityRoundRepository rounds;
    private final PostmortemDocuments documents;
    private final PostmortemService postmortems;
    private final JsonVariables json;

    public QualityGate(QualityChecker checker, QualityRoundRepository rounds, PostmortemDocuments documents,
                       PostmortemService postmortems, JsonVariables json) {
        this.checker = checker;
        this.rounds = rounds;
        this.documents = documents;
        this.postmortems = postmortems;
        this.json = json;
    }

    /** A gate round's outcome as the diagram reads it: the verdict and the findings for the next task. */
    public record Outcome(boolean passed, JsonValue findings, QualityRound round) {
    }

    /**
     * One round of the gate over the document in the process {@code variables}; a draft sent back is stored as
     * DRAFT; a version that passes is recorded as the one the mails quote. The caller writes {@code qualityPassed}, {@code qualityFindings} and {@code acknowledgeWarnings = false}.
     */
    public Outcome check(String incidentId, Map<String, Object> variables, QualityStage stage) {
        List<QualityFinding> findings = checker.check(document(variables), stage);
        boolean blocking = findings.stream().anyMatch(f -> f.severity() == Severity.BLOCKING);
        boolean warnings = findings.stream().anyMatch(f -> f.severity() == Severity.WARNING);
        boolean acknowledged = truthy(variables.get(Vars.ACKNOWLEDGE_WARNINGS.name()));
        boolean sendBack = blocking || (warnings && !acknowledged && !rounds.warnedBefore(incidentId, stage));
        QualityRound round = rounds.add(incidentId, stage, sendBack ? Verdict.SENT_BACK : Verdict.PASSED,
                acknowledged, findings);
        Outcome outcome = new Outcome(!sendBack, json.write(sendBack ? round.findings() : List.of()), round);
        if (sendBack && stage == QualityStage.DRAFT) {
            Map<String, Object> after = new HashMap<>(variables);
            Vars.QUALITY_PASSED.put(after, outcome.passed());
            Vars.QUALITY_FINDINGS.put(after, outcome.findings());
            Vars.ACKNOWLEDGE_WARNINGS.put(after, false);
            postmortems.snapshot(incidentId, after, PostmortemStatus.DRAFT);
        }
        if (!sendBack) {
            postmortems.recordPassed(incidentId, variables);
        }
        return outcome;
    }

    /** The document as the gate sees it: sections from the variables, the timeline in the author's order. */
    PostmortemDocument document(Map<String, Object> vars) {
        return documents.forGate(vars);
    }

    /** The rounds of a post-mortem, for the API ({@code qualityRounds}). */
    public List<Map<String, Object>> rounds(String incidentId) {
        return rounds.rounds(incidentId).stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("round", r.round());
            m.put("stage", r.stage());
            m.put("verdict", r.verdict());
            m.put("blocking", r.blocking());
            m.put("warnings", r.warnings());
            m.put("acknowledgedWarnings", r.acknowledged());
            m.put("checkedAt", r.checkedAt());
            m.put("findings", r.findings());
            return m;
        }).toList();
    }

    private static boolean truthy(Object value) {
        return value instanceof Boolean b ? b : value != null && "true".equalsIgnoreCase(value.toString().trim());
    }
}
