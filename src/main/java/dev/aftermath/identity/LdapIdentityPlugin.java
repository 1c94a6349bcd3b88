package dev.aftermath.identity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.Session;
import org.camunda.bpm.engine.impl.persistence.entity.GroupEntity;
import org.camunda.bpm.identity.impl.ldap.LdapConfiguration;
import org.camunda.bpm.identity.impl.ldap.LdapGroupEntity;
import org.camunda.bpm.identity.impl.ldap.LdapGroupQuery;
import org.camunda.bpm.identity.impl.ldap.LdapIdentityProviderFactory;
import org.camunda.bpm.identity.impl.ldap.LdapIdentityProviderSession;
import org.camunda.bpm.identity.impl.ldap.LdapUserQueryImpl;
import org.camunda.bpm.identity.impl.ldap.plugin.LdapIdentityProviderPlugin;

/**
 * Identity mode {@code ldap}: Camunda's LDAP identity provider plugin (users and groups read-only from the directory,
 * passwords checked by a bind), configured from {@link LdapProperties}, with one change: the engine sees Aftermath's
 * roles (the Camunda group ids the diagrams, authorizations and mail lists use) instead of the directory's groups.
 * <ul>
 * <li>A group query answers roles: {@code groupId("tech-leads")} finds the role, {@code groupMember(u)} the roles of
 * the directory groups {@code u} is a member of ({@link GroupRoles#rolesOf}). The webapps' login, the REST API's
 * authentication, the engine's candidate-group checks and {@code directory.UserDirectory} all ask this way.</li>
 * <li>A user query with {@code memberOfGroup(role)} answers the members of every directory group mapped to the role
 * ({@link GroupRoles#directoryGroupsOf}), each once, ordered by id.</li>
 * </ul>
 * Directory groups that map to no role are invisible to the engine.
 */
public class LdapIdentityPlugin extends LdapIdentityProviderPlugin {

    /** The type of the role groups (as {@code directory.DirectorySetup} creates them in internal mode). */
    static final String ROLE_TYPE = "WORKFLOW";

    private final GroupRoles roles;

    public LdapIdentityPlugin(LdapProperties ldap, GroupRoles roles) {
        this.roles = roles;
        setServerUrl(ldap.url());
        setManagerDn(ldap.managerDn() == null ? "" : ldap.managerDn());
        setManagerPassword(ldap.managerPassword() == null ? "" : ldap.managerPassword());
        setBaseDn(ldap.baseDn() == null ? "" : ldap.baseDn());
        setUserSearchBase(ldap.userSearchBase());
        setUserSearchFilter(ldap.userSearchFilter());
        setGroupSearchBase(ldap.groupSearchBase());
        setGroupSearchFilter(ldap.groupSearchFilter());
        setUserIdAttribute(ldap.userIdAttribute());
        setUserFirstnameAttribute(ldap.userFirstnameAttribute());
        setUserLastnameAttribute(ldap.userLastnameAttribute());
        setUserEmailAttribute(ldap.userEmailAttribute());
        setGroupIdAttribute(ldap.groupIdAttribute());
        setGroupNameAttribute(ldap.groupIdAttribute());
        setGroupMemberAttribute(ldap.groupMemberAttribute());
        setUsePosixGroups(ldap.usePosixGroups());
        setSortControlSupported(ldap.sortControlSupported());
        setPageSize(ldap.pageSize());
        setUseSsl(ldap.useSsl());
        // a read of another user or group by a logged-in user is checked against the grants, as in internal mode
        setAuthorizationCheckEnabled(true);
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        super.preInit(configuration);
        RoleMappingFactory factory = new RoleMappingFactory(roles);
        factory.setLdapConfiguration(this);
        configuration.setIdentityProviderSessionFactory(factory);
    }

    /** Opens a {@link RoleMappingSession} per command. */
    static class RoleMappingFactory extends LdapIdentityProviderFactory {
        private final GroupRoles roles;

        RoleMappingFactory(GroupRoles roles) {
            this.roles = roles;
        }

        @Override
        public Session openSession() {
            return new RoleMappingSession(ldapConfiguration, roles);
        }
    }

    /** The plugin's session, answering Aftermath's roles where it would answer directory groups. */
    static class RoleMappingSession extends LdapIdentityProviderSession {

        private final GroupRoles roles;
        /** While the directory groups of a user are read to find their roles: only the roles are checked. */
        private boolean readingDirectoryGroups;

        RoleMappingSession(LdapConfiguration configuration, GroupRoles roles) {
            super(configuration);
            this.roles = roles;
        }

        @Override
        public List<Group> findGroupByQueryCriteria(LdapGroupQuery query) {
            if (query.getTenantId() != null) {
                return List.of();
            }
            Collection<String> candidates = query.getUserId() == null ? GroupRoles.ROLES
                    : roles.rolesOf(directoryGroupsOf(query.getUserId()));
            List<Group> found = new ArrayList<>();
            for (String role : candidates) {
                if (matches(query, role) && isAuthorizedToReadGroup(role)) {
                    found.add(roleGroup(role));
                }
            }
            found.sort(Comparator.comparing(Group::getId));
            return page(found, query.getFirstResult(), query.getMaxResults());
        }

        @Override
        public List<User> findUserByQueryCriteria(LdapUserQueryImpl query) {
            String role = query.getGroupId();
            if (role == null) {
                return super.findUserByQueryCriteria(query);
            }
            if (!GroupRoles.ROLES.contains(role)) {
                return List.of();
            }
            Map<String, User> members = new TreeMap<>();
            for (String directoryGroup : roles.directoryGroupsOf(role)) {
                if (getDnForGroup(directoryGroup).isEmpty()) {
                    // not in the directory: no members (the plugin would search the whole tree for an empty DN)
                    continue;
                }
                LdapUserQueryImpl byGroup = sameCriteria(query);
                byGroup.memberOfGroup(directoryGroup);
                for (User user : super.findUserByQueryCriteria(byGroup)) {
                    members.putIfAbsent(user.getId(), user);
                }
            }
            return page(new ArrayList<>(members.values()), query.getFirstResult(), query.getMaxResults());
        }

        /** The directory groups (ids) the user is a member of, read without the engine's grants (roles are checked). */
        private Set<String> directoryGroupsOf(String userId) {
            LdapGroupQuery byMember = new LdapGroupQuery();
            byMember.groupMember(userId);
            Set<String> ids = new LinkedHashSet<>();
            readingDirectoryGroups = true;
            try {
                super.findGroupByQueryCriteria(byMember).forEach(g -> ids.add(g.getId()));
            } finally {
                readingDirectoryGroups = false;
            }
            return ids;
        }

        /** The DN of a directory group (the plugin's own lookup would ask for a role of that name). */
        @Override
        protected String getDnForGroup(String directoryGroupId) {
            LdapGroupQuery byId = new LdapGroupQuery();
            byId.groupId(directoryGroupId);
            readingDirectoryGroups = true;
            try {
                List<Group> groups = super.findGroupByQueryCriteria(byId);
                return groups.size() == 1 && groups.get(0) instanceof LdapGroupEntity group ? group.getDn() : "";
            } finally {
                readingDirectoryGroups = false;
            }
        }

        /**
         * The engine's grants, unless the command runs with the checks off (as the database provider does; Aftermath
         * reads the directory on its own behalf so, {@code process.SystemCalls}): the plugin itself asks only whether
         * authorization is enabled at all.
         */
        @Override
        protected boolean isAuthorizedToRead(Resource resource, String resourceId) {
            CommandContext command = Context.getCommandContext();
            return (command != null && !command.isAuthorizationCheckEnabled())
                    || super.isAuthorizedToRead(resource, resourceId);
        }

        @Override
        protected boolean isAuthorizedToReadGroup(String groupId) {
            return readingDirectoryGroups || super.isAuthorizedToReadGroup(groupId);
        }

        private LdapUserQueryImpl sameCriteria(LdapUserQueryImpl query) {
            LdapUserQueryImpl copy = new LdapUserQueryImpl(ldapConfiguration);
            if (query.getId() != null) {
                copy.userId(query.getId());
            }
            if (query.getIds() != null && query.getIds().length > 0) {
                copy.userIdIn(query.getIds());
            }
            if (query.getEmail() != null) {
                copy.userEmail(query.getEmail());
            }
            if (query.getEmailLike() != null) {
                copy.userEmailLike(query.getEmailLike());
            }
            if (query.getFirstName() != null) {
                copy.userFirstName(query.getFirstName());
            }
            if (query.getFirstNameLike() != null) {
                copy.userFirstNameLike(query.getFirstNameLike());
            }
            if (query.getLastName() != null) {
                copy.userLastName(query.getLastName());
            }
            if (query.getLastNameLike() != null) {
                copy.userLastNameLike(query.getLastNameLike());
            }
            return copy;
        }

        private static boolean matches(LdapGroupQuery query, String role) {
            return (query.getId() == null || query.getId().equals(role))
                    && (query.getIds() == null || query.getIds().length == 0 || List.of(query.getIds()).contains(role))
                    && (query.getName() == null || query.getName().equals(role))
                    && (query.getNameLike() == null || like(query.getNameLike(), role))
                    && (query.getType() == null || query.getType().equals(ROLE_TYPE));
        }

        /** SQL {@code LIKE} with {@code %} (the engine's wildcard) or {@code *} (the LDAP one). */
        private static boolean like(String pattern, String value) {
            String regex = Arrays.stream(pattern.split("[%*]", -1)).map(Pattern::quote)
                    .collect(Collectors.joining(".*"));
            return value.matches(regex);
        }

        private static GroupEntity roleGroup(String role) {
            GroupEntity group = new GroupEntity(role);
            group.setName(role);
            group.setType(ROLE_TYPE);
            return group;
        }

        private static <T> List<T> page(List<T> all, int first, int max) {
            return all.stream().skip(Math.max(first, 0)).limit(Math.max(max, 0)).toList();
        }
    }
}
