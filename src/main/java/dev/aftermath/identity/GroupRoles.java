package dev.aftermath.identity;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import dev.aftermath.directory.Groups;

/**
 * The mapping between the groups of the organisation's directory or identity provider and Aftermath's roles (the
 * Camunda group ids the diagrams, authorizations and mail lists use). Configured in {@code aftermath.identity.group-roles};
 * a role without an entry is held by the members of the directory group with the role's own name. Group names compare
 * case-insensitively, as LDAP and most identity providers treat them.
 */
@Component
public class GroupRoles {

    /** Every role Aftermath knows: the mapped groups plus the administrators. */
    public static final List<String> ROLES = roles();

    private final Map<String, List<String>> directoryGroupsByRole = new LinkedHashMap<>();

    public GroupRoles(IdentityProperties properties) {
        for (String role : ROLES) {
            List<String> groups = properties.groupRoles().get(role);
            directoryGroupsByRole.put(role, groups == null || groups.isEmpty() ? List.of(role) : List.copyOf(groups));
        }
        for (String role : properties.groupRoles().keySet()) {
            if (!ROLES.contains(role)) {
                throw new IllegalStateException("aftermath.identity.group-roles." + role + ": unknown role; roles are "
                        + String.join(", ", ROLES));
            }
        }
    }

    /** The roles held by a member of these directory groups. */
    public Set<String> rolesOf(Collection<String> directoryGroups) {
        Set<String> lower = new LinkedHashSet<>();
        directoryGroups.forEach(g -> lower.add(g.toLowerCase(Locale.ROOT)));
        Set<String> roles = new LinkedHashSet<>();
        directoryGroupsByRole.forEach((role, groups) -> {
            if (groups.stream().anyMatch(g -> lower.contains(g.toLowerCase(Locale.ROOT)))) {
                roles.add(role);
            }
        });
        return roles;
    }

    /** The directory groups whose members hold this role. */
    public List<String> directoryGroupsOf(String role) {
        List<String> groups = directoryGroupsByRole.get(role);
        if (groups == null) {
            throw new IllegalArgumentException("unknown role " + role);
        }
        return groups;
    }

    private static List<String> roles() {
        List<String> roles = new ArrayList<>(Groups.ALL);
        roles.add(Groups.CAMUNDA_ADMIN);
        return List.copyOf(roles);
    }
}
