package dev.aftermath.identity.oidc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import dev.aftermath.notification.ProductionSettingsCheck.SettingMissingException;

/**
 * In single sign-on mode ({@code aftermath.identity.mode=oidc}) start-up is refused, before the engine or the web
 * server start, when the provider's issuer, the client id or the client secret is missing: one log line and Spring
 * Boot's failure report name each missing setting. In the {@code prod} profile as in any other: without them nobody
 * could sign in.
 */
@Component
public class OidcSettingsCheck implements BeanFactoryPostProcessor, EnvironmentAware {

    static final List<Setting> REQUIRED = List.of(
            new Setting("aftermath.identity.oidc.issuer-uri", "AFTERMATH_OIDC_ISSUER_URI"),
            new Setting("aftermath.identity.oidc.client-id", "AFTERMATH_OIDC_CLIENT_ID"),
            new Setting("aftermath.identity.oidc.client-secret", "AFTERMATH_OIDC_CLIENT_SECRET"));

    private static final Logger LOG = LoggerFactory.getLogger(OidcSettingsCheck.class);

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        if (!"oidc".equals(String.valueOf(environment.getProperty("aftermath.identity.mode")).trim()
                .toLowerCase(Locale.ROOT))) {
            return;
        }
        List<String> missing = new ArrayList<>();
        for (Setting setting : REQUIRED) {
            if (blank(setting.property())) {
                missing.add(setting.variable() + " (" + setting.property() + ")");
            }
        }
        if (!missing.isEmpty()) {
            String message = String.join(", ", missing) + (missing.size() == 1 ? " is" : " are")
                    + " not set: single sign-on (AFTERMATH_IDENTITY_MODE=oidc) needs the provider's issuer URI and "
                    + "the client id and secret of Aftermath's registration there";
            LOG.error(message);
            throw new SettingMissingException(message);
        }
    }

    private boolean blank(String property) {
        try {
            return OidcProperties.blank(environment.getProperty(property));
        } catch (IllegalArgumentException unresolvablePlaceholder) {
            return true;
        }
    }

    record Setting(String property, String variable) {
    }
}
