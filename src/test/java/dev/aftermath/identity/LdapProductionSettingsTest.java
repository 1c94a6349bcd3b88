package dev.aftermath.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.aftermath.notification.ProductionSettingsCheck;

/**
 * The {@code prod} profile with {@code aftermath.identity.mode=ldap} refuses to start while a setting the directory
 * needs is missing, naming each missing setting and its environment variable; with all of them it starts, and it does
 * not ask for the first administrator's password (no user is created in a read-only directory). The checks run as
 * they do at start-up (bean factory post-processors of a starting context), without the engine.
 */
class LdapProductionSettingsTest {

    private static final List<String> COMPLETE = List.of(
            "aftermath.identity.mode=ldap",
            "aftermath.identity.ldap.url=ldaps://ldap.corp.example:636",
            "aftermath.identity.ldap.manager-dn=cn=aftermath,ou=services,dc=corp,dc=example",
            "aftermath.identity.ldap.manager-password=s3cret",
            "aftermath.identity.ldap.base-dn=dc=corp,dc=example",
            "spring.mail.host=smtp.corp.example");

    private static ApplicationContextRunner prod(List<String> properties) {
        return new ApplicationContextRunner()
                .withInitializer(context -> context.getEnvironment().setActiveProfiles("prod"))
                .withUserConfiguration(IdentitySettingsCheck.class, ProductionSettingsCheck.class)
                .withPropertyValues(properties.toArray(String[]::new));
    }

    private static List<String> without(String prefix) {
        List<String> properties = new ArrayList<>(COMPLETE);
        properties.removeIf(p -> p.startsWith(prefix + "="));
        return properties;
    }

    @Test
    void a_missing_ldap_setting_stops_the_start_naming_it() {
        for (IdentitySettingsCheck.Setting setting : IdentitySettingsCheck.LDAP_REQUIRED) {
            prod(without(setting.property())).run(context -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure())
                        .isInstanceOf(IdentitySettingsCheck.IdentitySettingMissingException.class)
                        .hasMessageContaining(setting.property())
                        .hasMessageContaining(setting.environmentVariable());
                // only the missing one is named
                IdentitySettingsCheck.LDAP_REQUIRED.stream().filter(s -> !s.equals(setting)).forEach(other ->
                        assertThat(context.getStartupFailure().getMessage()).doesNotContain(other.property()));
            });
        }
    }

    @Test
    void a_blank_setting_counts_as_missing_and_all_missing_ones_are_named_at_once() {
        List<String> properties = new ArrayList<>(without("aftermath.identity.ldap.url"));
        properties.add("aftermath.identity.ldap.url=  ");
        properties.removeIf(p -> p.startsWith("aftermath.identity.ldap.base-dn="));
        prod(properties).run(context -> assertThat(context.getStartupFailure())
                .isInstanceOf(IdentitySettingsCheck.IdentitySettingMissingException.class)
                .hasMessageContaining("aftermath.identity.ldap.url (AFTERMATH_LDAP_URL)")
                .hasMessageContaining("aftermath.identity.ldap.base-dn (AFTERMATH_LDAP_BASE_DN)"));
    }

    @Test
    void with_every_ldap_setting_it_starts_without_an_admin_password() {
        prod(COMPLETE).run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void internal_mode_asks_for_no_ldap_setting_but_still_for_the_admin_password() {
        prod(List.of("spring.mail.host=smtp.corp.example")).run(context -> assertThat(context.getStartupFailure())
                .isInstanceOf(ProductionSettingsCheck.SettingMissingException.class)
                .hasMessageContaining("AFTERMATH_ADMIN_PASSWORD"));
        prod(List.of("spring.mail.host=smtp.corp.example", "camunda.bpm.admin-user.password=pw"))
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void outside_prod_nothing_is_checked() {
        new ApplicationContextRunner().withUserConfiguration(IdentitySettingsCheck.class)
                .withPropertyValues("aftermath.identity.mode=ldap")
                .run(context -> assertThat(context).hasNotFailed());
    }
}
