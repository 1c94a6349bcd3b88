package dev.aftermath.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
 * The {@code prod} profile refuses to start when the chosen identity mode lacks its settings, before the engine or the
 * web server start, with one log line naming every missing setting (and Spring Boot's "APPLICATION FAILED TO START"
 * report from {@link Analyzer}). Mode {@code ldap} needs {@link #LDAP_REQUIRED}. Another mode's check may throw
 * {@link IdentitySettingMissingException} too.
 */
@Component
@Profile("prod")
public class IdentitySettingsCheck implements BeanFactoryPostProcessor, EnvironmentAware {

    /** Settings mode {@code ldap} cannot run without: property and environment variable. */
    static final List<Setting> LDAP_REQUIRED = List.of(
            new Setting("aftermath.identity.ldap.url", "AFTERMATH_LDAP_URL"),
            new Setting("aftermath.identity.ldap.manager-dn", "AFTERMATH_LDAP_MANAGER_DN"),
            new Setting("aftermath.identity.ldap.manager-password", "AFTERMATH_LDAP_MANAGER_PASSWORD"),
            new Setting("aftermath.identity.ldap.base-dn", "AFTERMATH_LDAP_BASE_DN"));

    private static final Logger LOG = LoggerFactory.getLogger(IdentitySettingsCheck.class);

    private Environment environment;

    /** A required setting: its property name and the environment variable application.yml reads it from. */
    public record Setting(String property, String environmentVariable) {
        @Override
        public String toString() {
            return property + " (" + environmentVariable + ")";
        }
    }

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        String mode = environment.getProperty("aftermath.identity.mode", "internal").trim().toLowerCase(Locale.ROOT);
        if (mode.equals("ldap")) {
            List<Setting> missing = new ArrayList<>();
            for (Setting setting : LDAP_REQUIRED) {
                if (blank(setting.property())) {
                    missing.add(setting);
                }
            }
            if (!missing.isEmpty()) {
                String message = "Identity mode ldap needs " + String.join(", ", missing.stream()
                        .map(Setting::toString).toList()) + ": not set (README \"Identity: internal, LDAP or single "
                        + "sign-on\")";
                LOG.error(message);
                throw new IdentitySettingMissingException(message);
            }
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

    /** Start-up refused: the chosen identity mode lacks a setting. */
    public static class IdentitySettingMissingException extends IllegalStateException {
        public IdentitySettingMissingException(String message) {
            super(message);
        }
    }

    /** Spring Boot's start-up failure report for {@link IdentitySettingMissingException}: the message, no trace. */
    public static class Analyzer extends AbstractFailureAnalyzer<IdentitySettingMissingException> {
        @Override
        protected FailureAnalysis analyze(Throwable rootFailure, IdentitySettingMissingException cause) {
            return new FailureAnalysis(cause.getMessage(), "Set them in the environment, or choose another "
                    + "aftermath.identity.mode (AFTERMATH_IDENTITY_MODE).", cause);
        }
    }
}
