package dev.aftermath.security;

import java.util.Objects;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.auth.DefaultAuthorizationProvider;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.identity.IdentityOperationResult;
import org.camunda.bpm.engine.impl.identity.db.DbIdentityServiceProvider;
import org.camunda.bpm.engine.impl.persistence.GenericManagerFactory;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationEntity;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Users may change their own password and nothing else of their identity: name and e-mail (which mail, documents and
 * the Jira mapping trust) and the account itself are managed by administrators ({@code camunda-admin}).
 * <ul>
 * <li>Camunda grants every new user {@code ALL} on their own {@code User} resource; here the owner gets {@code READ}
 * only, and owner grants of users created before are cut down to {@code READ} at start-up.</li>
 * <li>Saving one's own user without {@code UPDATE} is allowed when nothing but the password changes
 * ({@code PUT /engine-rest/user/{id}/credentials}, the password form of the webapps' profile page, which also asks
 * for the current password). A change of name or e-mail, or a delete, needs {@code UPDATE} / {@code DELETE}: 403.</li>
 * </ul>
 */
@Component
public class OwnProfilePlugin extends AbstractProcessEnginePlugin {

    private static final Logger LOG = LoggerFactory.getLogger(OwnProfilePlugin.class);

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.setResourceAuthorizationProvider(new OwnerReadsOnly());
        // internal mode only: another identity provider (identity.LdapIdentityPlugin) keeps its own, read-only one
        if (configuration.getIdentityProviderSessionFactory() == null) {
            configuration.setIdentityProviderSessionFactory(new GenericManagerFactory(OwnPasswordOnly.class));
        }
    }

    @Override
    public void postProcessEngineBuild(ProcessEngine engine) {
        AuthorizationService authorizations = engine.getAuthorizationService();
        for (Authorization grant : authorizations.createAuthorizationQuery().resourceType(Resources.USER)
                .authorizationType(Authorization.AUTH_TYPE_GRANT).list()) {
            boolean owner = grant.getUserId() != null && grant.getUserId().equals(grant.getResourceId());
            if (owner && (grant.isPermissionGranted(Permissions.UPDATE)
                    || grant.isPermissionGranted(Permissions.DELETE))) {
                grant.setPermissions(new Permissions[] {Permissions.READ});
                try {
                    authorizations.saveAuthorization(grant);
                    LOG.info("User '{}' may no longer change or delete their own account (READ only)",
                            grant.getUserId());
                } catch (RuntimeException raced) {
                    // another node starting at the same moment did it (optimistic lock): it is done either way
                    LOG.debug("Owner grant of '{}' raced with another node: {}", grant.getUserId(), raced.toString());
                }
            }
        }
    }

    /** Camunda's default authorizations, but a new user may only read their own account. */
    public static class OwnerReadsOnly extends DefaultAuthorizationProvider {
        @Override
        public AuthorizationEntity[] newUser(User user) {
            AuthorizationEntity[] grants = super.newUser(user);
            for (AuthorizationEntity grant : grants) {
                if (Resources.USER.resourceType() == grant.getResourceType()
                        && Objects.equals(user.getId(), grant.getResourceId())) {
                    grant.setPermissions(new Permissions[] {Permissions.READ});
                }
            }
            return grants;
        }
    }

    /** The database identity provider, letting a user save their own account when only the password changes. */
    public static class OwnPasswordOnly extends DbIdentityServiceProvider {
        @Override
        public IdentityOperationResult saveUser(User user) {
            if (user instanceof UserEntity changed && changed.getRevision() != 0) {
                UserEntity stored = ownAccountWithSameProfile(changed);
                if (stored != null) {
                    // only the password changes: written onto the stored row (its revision guards concurrent saves)
                    changed.encryptPassword();
                    stored.setDbPassword(changed.getPassword());
                    stored.setSalt(changed.getSalt());
                    return new IdentityOperationResult(stored, IdentityOperationResult.OPERATION_UPDATE);
                }
            }
            return super.saveUser(user);
        }

        /** The stored account when {@code changed} is the caller's own and differs from it in the password only. */
        private UserEntity ownAccountWithSameProfile(UserEntity changed) {
            Authentication current = getCurrentAuthentication();
            if (current == null || !Objects.equals(current.getUserId(), changed.getId())) {
                return null;
            }
            UserEntity stored = findUserById(changed.getId());
            boolean sameProfile = stored != null && stored != changed
                    && Objects.equals(stored.getFirstName(), changed.getFirstName())
                    && Objects.equals(stored.getLastName(), changed.getLastName())
                    && Objects.equals(stored.getEmail(), changed.getEmail());
            return sameProfile ? stored : null;
        }
    }
}
