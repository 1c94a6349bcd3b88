package dev.aftermath.postmortem;

import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The gate steps of {@code postmortem.bpmn} ({@code ${checkDraftQuality}}, {@code ${checkFinalQuality}}). */
@Configuration(proxyBeanMethods = false)
public class QualityDelegates {

    @Bean
    public JavaDelegate checkDraftQuality(QualityGate gate) {
        return gate::checkDraft;
    }

    @Bean
    public JavaDelegate checkFinalQuality(QualityGate gate) {
        return gate::checkFinal;
    }
}
