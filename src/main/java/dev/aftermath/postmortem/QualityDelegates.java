package dev.aftermath.postmortem;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.aftermath.processapi.PostmortemProcess.Vars;
import dev.aftermath.quality.QualityStage;

/** The gate steps of {@code postmortem.bpmn} ({@code ${checkDraftQuality}}, {@code ${checkFinalQuality}}). */
@Configuration(proxyBeanMethods = false)
public class QualityDelegates {

    @Bean
    public JavaDelegate checkDraftQuality(QualityGate gate) {
        return execution -> check(gate, execution, QualityStage.DRAFT);
    }

    @Bean
    public JavaDelegate checkFinalQuality(QualityGate gate) {
        return execution -> check(gate, execution, QualityStage.FINAL);
    }

    /** One round of the gate: the verdict and the findings for the diagram; the acknowledgement is used up. */
    static void check(QualityGate gate, DelegateExecution execution, QualityStage stage) {
        QualityGate.Outcome outcome = gate.check(execution.getProcessBusinessKey(), execution.getVariables(), stage);
        Vars.QUALITY_PASSED.set(execution, outcome.passed());
        Vars.QUALITY_FINDINGS.set(execution, outcome.findings());
        Vars.ACKNOWLEDGE_WARNINGS.set(execution, false);
    }
}
