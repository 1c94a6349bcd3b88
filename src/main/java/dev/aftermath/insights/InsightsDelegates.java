package dev.aftermath.insights;

import java.time.Clock;

import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.aftermath.processapi.InsightsProcess.Vars;
import dev.aftermath.process.JsonVariables;

/**
 * The delegates the insights diagrams name ({@code ${bean}}): each asks {@link InsightsDigests} for a model at the
 * engine's current time and stores it as a JSON variable for the mail step ({@code ${sendMail}},
 * {@code templates/mail/insights/}).
 */
@Configuration(proxyBeanMethods = false)
public class InsightsDelegates {

    @Bean
    public JavaDelegate buildWeeklyDigest(InsightsDigests digests, JsonVariables json, Clock clock) {
        return execution -> Vars.DIGEST.set(execution, json.write(digests.weekly(clock.instant())));
    }

    @Bean
    public JavaDelegate checkFirstBusinessDay(InsightsDigests digests, Clock clock) {
        return execution -> Vars.FIRST_BUSINESS_DAY.set(execution,
                digests.isFirstBusinessDayOfQuarter(clock.instant()));
    }

    @Bean
    public JavaDelegate buildQuarterlyDigest(InsightsDigests digests, JsonVariables json, Clock clock) {
        return execution -> Vars.DIGEST.set(execution, json.write(digests.quarterly(clock.instant())));
    }

    @Bean
    public JavaDelegate buildLeadershipBrief(InsightsDigests digests, JsonVariables json) {
        return execution -> {
            var brief = digests.brief(execution.getProcessBusinessKey());
            execution.setVariable(Vars.RESTRICTED.name(), Boolean.TRUE.equals(brief.get("restricted")));
            execution.setVariable(Vars.BRIEF.name(), json.write(brief));
        };
    }
}
