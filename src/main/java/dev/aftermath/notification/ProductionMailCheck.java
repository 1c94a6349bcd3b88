package dev.aftermath.notification;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The {@code prod} profile delivers mail only through a real SMTP server: without {@code SPRING_MAIL_HOST}
 * ({@code spring.mail.host}) start-up fails at once, before the engine or the web server start, with one log line
 * saying so (and Spring Boot's "APPLICATION FAILED TO START" report from {@link Analyzer}). There is no embedded dev
 * SMTP server and no {@code /inbox} in this profile.
 */
@Component
@Profile("prod")
public class ProductionMailCheck implements BeanFactoryPostProcessor, EnvironmentAware {

    static final String MESSAGE = "SPRING_MAIL_HOST is not set: the prod profile sends mail only through a real "
            + "SMTP server (set SPRING_MAIL_HOST, and SPRING_MAIL_PORT, SPRING_MAIL_USERNAME, SPRING_MAIL_PASSWORD "
            + "as needed)";

    private static final Logger LOG = LoggerFactory.getLogger(ProductionMailCheck.class);

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        String host = environment.getProperty("spring.mail.host");
        if (host == null || host.isBlank()) {
            LOG.error(MESSAGE);
            throw new MailHostMissingException(MESSAGE);
        }
    }

    /** Start-up refused: no mail host in the prod profile. */
    public static class MailHostMissingException extends IllegalStateException {
        public MailHostMissingException(String message) {
            super(message);
        }
    }

    /** Spring Boot's start-up failure report for {@link MailHostMissingException}: the message, no stack trace. */
    public static class Analyzer extends AbstractFailureAnalyzer<MailHostMissingException> {
        @Override
        protected FailureAnalysis analyze(Throwable rootFailure, MailHostMissingException cause) {
            return new FailureAnalysis(cause.getMessage(), "Set SPRING_MAIL_HOST to the SMTP server Aftermath "
                    + "sends its mail through, or run without the prod profile (embedded dev SMTP server and /inbox).",
                    cause);
        }
    }
}
