package dev.aftermath.insights;

import java.time.Instant;

import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
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

    /** The engine's clock (tests move it with {@code ClockUtil}). */
    static Instant now() {
        return ClockUtil.getCurrentTime().toInstant();
    }

    @Bean
    public JavaDelegate buildWeeklyDigest(InsightsDigests digests, JsonVariables json) {
        return execution -> execution.setVariable(Vars.DIGEST.name(), json.write(digests.weekly(now())));
    }

    @Bean
    public JavaDelegate checkFirstBusinessDay(InsightsDigests digests) {
        return execution -> execution.setVariable(Vars.FIRST_BUSINESS_DAY.name(), digests.isFirstBusinessDayOfQuarter(now()));
    }

    @Bean
    public JavaDelegate buildQuarterlyDigest(InsightsDigests digests, JsonVariables json) {
        return execution -> execution.setVariable(Vars.DIGEST.name(), json.write(digests.quarterly(now())));
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
