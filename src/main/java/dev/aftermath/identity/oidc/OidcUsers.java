package dev.aftermath.identity.oidc;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.aftermath.identity.GroupRoles;
import dev.aftermath.process.SystemCalls;

/**
 * People who sign in at the identity provider: their user id and Aftermath roles read from the token's claims, and
 * their record in Camunda's own user and membership tables brought up to date at each browser sign-in (just-in-time
 * provisioning), so that mail recipients, names, candidate-group lookups and Camunda's authorizations work as with
 * the internal directory. Only Aftermath's roles are written as memberships; other groups of the token are not kept.
 */
public class OidcUsers {

    private static final Logger LOG = LoggerFactory.getLogger(OidcUsers.class);

    private final OidcProperties properties;
    private final GroupRoles groupRoles;
    private final IdentityService identityService;
    private final SystemCalls system;

    public OidcUsers(OidcProperties properties, GroupRoles groupRoles, IdentityService identityService,
                     SystemCalls system) {
        this.properties = properties;
        this.groupRoles = groupRoles;
        this.identityService = identityService;
        this.system = system;
    }

    /** The user id: the configured claim ({@code preferred_username} unless set otherwise), or null. */
    public String userId(Map<String, Object> claims) {
        Object value = claims.get(properties.userClaim());
        return value == null || value.toString().isBlank() ? null : value.toString().trim();
    }

    /** The Aftermath roles of the token's groups claim (a list, or a comma-separated string). */
    public List<String> roles(Map<String, Object> claims) {
        return List.copyOf(groupRoles.rolesOf(groups(claims.get(properties.groupsClaim()))));
    }

    static List<String> groups(Object claim) {
        List<String> groups = new ArrayList<>();
        if (claim instanceof Collection<?> values) {
            values.stream().filter(v -> v != null && !v.toString().isBlank()).forEach(v -> groups.add(v.toString()));
        } else if (claim != null) {
            for (String g : claim.toString().split(",")) {
                if (!g.isBlank()) {
                    groups.add(g.trim());
                }
            }
        }
        return groups;
    }

    /**
     * Creates or updates the user (name and e-mail from the token) and sets its role memberships to the token's
     * roles: a role the token no longer grants is taken away.
     */
    public void provision(String userId, Map<String, Object> claims) {
        List<String> roles = roles(claims);
        system.run(() -> {
            User user = identityService.createUserQuery().userId(userId).singleResult();
            boolean created = user == null;
            if (created) {
                user = identityService.newUser(userId);
            }
            String first = text(claims.get("given_name"));
            String last = text(claims.get("family_name"));
            if (first == null && last == null) {
                first = text(claims.get("name"));
            }
            String email = text(claims.get("email"));
            boolean changed = created;
            if (first != null && !first.equals(user.getFirstName())) {
                user.setFirstName(first);
                changed = true;
            }
            if (last != null && !last.equals(user.getLastName())) {
                user.setLastName(last);
                changed = true;
            }
            if (email != null && !email.equals(user.getEmail())) {
                user.setEmail(email);
                changed = true;
            }
            if (changed) {
                identityService.saveUser(user);
            }
            Set<String> held = Set.copyOf(identityService.createGroupQuery().groupMember(userId).list().stream()
                    .map(Group::getId).toList());
            for (String role : GroupRoles.ROLES) {
                if (roles.contains(role) && !held.contains(role)) {
                    ensureGroup(role);
                    identityService.createMembership(userId, role);
                } else if (!roles.contains(role) && held.contains(role)) {
                    identityService.deleteMembership(userId, role);
                }
            }
            if (created) {
                LOG.info("Signed in for the first time at the identity provider: user '{}' with roles {}", userId,
                        roles);
            }
        });
    }

    private void ensureGroup(String id) {
        if (identityService.createGroupQuery().groupId(id).count() == 0) {
            Group group = identityService.newGroup(id);
            group.setName(id);
            group.setType(id.equals("camunda-admin") ? "SYSTEM" : "WORKFLOW");
            identityService.saveGroup(group);
        }
    }

    private static String text(Object value) {
        return value == null || value.toString().isBlank() ? null : value.toString().trim();
    }
}
