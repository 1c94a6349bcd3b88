package dev.aftermath.identity;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Identity mode {@code ldap} ({@code aftermath.identity.mode=ldap}): the engine reads users and groups from the
 * directory through {@link LdapIdentityPlugin}. The directory is read-only, so nothing creates users here: Camunda's
 * first-administrator creation ({@code camunda.bpm.admin-user}, set by the default and prod profiles) is left out, and
 * {@code directory.DirectorySetup} creates no demo users and no groups. Administrators are the members of the directory
 * groups mapped to the role {@code camunda-admin}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "aftermath.identity.mode", havingValue = "ldap")
public class LdapIdentityConfiguration {

    /** The bean of Camunda's Spring Boot starter that creates {@code camunda.bpm.admin-user}. */
    static final String ADMIN_USER_CREATION = "createAdminUserConfiguration";

    private static final Logger LOG = LoggerFactory.getLogger(LdapIdentityConfiguration.class);

    @Bean
    public LdapIdentityPlugin ldapIdentityPlugin(LdapProperties ldap, GroupRoles roles) {
        LOG.info("Identity mode ldap: users and groups from {} (base {}), read-only", ldap.url(), ldap.baseDn());
        return new LdapIdentityPlugin(ldap, roles);
    }

    /** No first administrator is created in the read-only directory. */
    @Bean
    public static BeanDefinitionRegistryPostProcessor noAdminUserCreationInTheDirectory() {
        return registry -> removeAdminUserCreation(registry);
    }

    private static void removeAdminUserCreation(BeanDefinitionRegistry registry) {
        if (registry.containsBeanDefinition(ADMIN_USER_CREATION)) {
            registry.removeBeanDefinition(ADMIN_USER_CREATION);
            LOG.info("camunda.bpm.admin-user is not created in ldap mode: administrators are the members of the "
                    + "directory groups mapped to camunda-admin (aftermath.identity.group-roles)");
        }
    }
}
