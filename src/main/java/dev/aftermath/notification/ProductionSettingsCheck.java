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
 * The {@code prod} profile refuses to start without what it cannot run safely without, before the engine or the web
 * server start, with one log line naming the missing setting (and Spring Boot's "APPLICATION FAILED TO START" report
 * from {@link Analyzer}):
 * <ul>
 * <li>{@code SPRING_MAIL_HOST}: mail goes only through a real SMTP server (no embedded dev server, no {@code /inbox}
 * in this profile);</li>
 * <li>{@code AFTERMATH_ADMIN_PASSWORD}: the first administrator's password (Spring would otherwise create the user with
 * the unresolved placeholder as its password); not in identity modes other than {@code internal}, where no user is
 * created (their own settings are checked by {@code identity.IdentitySettingsCheck}).</li>
 * </ul>
 */
@Component
@Profile("prod")
public class ProductionSettingsCheck implements BeanFactoryPostProcessor, EnvironmentAware {

    static final String MAIL_HOST_MISSING = "SPRING_MAIL_HOST is not set: the prod profile sends mail only through a "
            + "real SMTP server (set SPRING_MAIL_HOST, and SPRING_MAIL_PORT, SPRING_MAIL_USERNAME, SPRING_MAIL_PASSWORD "
            + "as needed)";
    static final String ADMIN_PASSWORD_MISSING = "AFTERMATH_ADMIN_PASSWORD is not set: the prod profile creates the "
            + "first administrator (AFTERMATH_ADMIN_USER, default admin) with this password";

    private static final Logger LOG = LoggerFactory.getLogger(ProductionSettingsCheck.class);

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        if (blank("spring.mail.host")) {
            fail(MAIL_HOST_MISSING);
        }
        if ("internal".equalsIgnoreCase(environment.getProperty("aftermath.identity.mode", "internal").trim())
                && blank("camunda.bpm.admin-user.password")) {
            fail(ADMIN_PASSWORD_MISSING);
        }
    }

    private boolean blank(String property) {
        try {
            String value = environment.getProperty(property);
            return value == null || value.isBlank() || value.contains("${");
        } catch (IllegalArgumentException unresolvablePlaceholder) {
            return true;
        }
    }

    private static void fail(String message) {
        LOG.error(message);
        throw new SettingMissingException(message);
    }

    /** Start-up refused: a setting the prod profile needs is missing. */
    public static class SettingMissingException extends IllegalStateException {
        public SettingMissingException(String message) {
            super(message);
        }
    }

    /** Spring Boot's start-up failure report for {@link SettingMissingException}: the message, no stack trace. */
    public static class Analyzer extends AbstractFailureAnalyzer<SettingMissingException> {
        @Override
        protected FailureAnalysis analyze(Throwable rootFailure, SettingMissingException cause) {
            return new FailureAnalysis(cause.getMessage(), "Set it in the environment, or run without the prod "
                    + "profile (demo users, embedded dev SMTP server and /inbox).", cause);
        }
    }
}
