package dev.aftermath.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code aftermath.identity.ldap.*}: the directory read in {@code ldap} mode (see README "Identity: internal, LDAP or
 * single sign-on"). The defaults fit OpenLDAP ({@code inetOrgPerson} users under {@code ou=people}, {@code groupOfNames}
 * groups under {@code ou=groups}); the README has the values for Active Directory.
 *
 * @param url                    {@code ldap://host:389} or {@code ldaps://host:636} (required)
 * @param managerDn              the account that searches the directory (required)
 * @param managerPassword        its password (required)
 * @param baseDn                 the base of every search, e.g. {@code dc=example,dc=com} (required)
 * @param userSearchBase         where users are, relative to the base DN
 * @param userSearchFilter       which entries are users
 * @param groupSearchBase        where groups are, relative to the base DN
 * @param groupSearchFilter      which entries are groups
 * @param userIdAttribute        the login name (Camunda user id)
 * @param userFirstnameAttribute first name
 * @param userLastnameAttribute  last name
 * @param userEmailAttribute     e-mail address (mail and the Jira mapping use it)
 * @param groupIdAttribute       the group name that {@code aftermath.identity.group-roles} maps to roles
 * @param groupMemberAttribute   the attribute of a group listing its members' DNs
 * @param usePosixGroups         members listed by user id ({@code memberUid}) instead of DN
 * @param sortControlSupported   the server supports server-side sorting (Active Directory does, OpenLDAP by default not)
 * @param pageSize               page size of paged searches (Active Directory answers at most 1000 entries without);
 *                               empty: no paging
 * @param useSsl                 use SSL on the connection (with an {@code ldaps://} URL)
 */
@ConfigurationProperties("aftermath.identity.ldap")
public record LdapProperties(String url, String managerDn, String managerPassword, String baseDn,
                             String userSearchBase, String userSearchFilter, String groupSearchBase,
                             String groupSearchFilter, String userIdAttribute, String userFirstnameAttribute,
                             String userLastnameAttribute, String userEmailAttribute, String groupIdAttribute,
                             String groupMemberAttribute, Boolean usePosixGroups, Boolean sortControlSupported,
                             Integer pageSize, Boolean useSsl) {

    public LdapProperties {
        userSearchBase = or(userSearchBase, "ou=people");
        userSearchFilter = or(userSearchFilter, "(objectClass=inetOrgPerson)");
        groupSearchBase = or(groupSearchBase, "ou=groups");
        groupSearchFilter = or(groupSearchFilter, "(objectClass=groupOfNames)");
        userIdAttribute = or(userIdAttribute, "uid");
        userFirstnameAttribute = or(userFirstnameAttribute, "givenName");
        userLastnameAttribute = or(userLastnameAttribute, "sn");
        userEmailAttribute = or(userEmailAttribute, "mail");
        groupIdAttribute = or(groupIdAttribute, "cn");
        groupMemberAttribute = or(groupMemberAttribute, "member");
        usePosixGroups = usePosixGroups != null && usePosixGroups;
        sortControlSupported = sortControlSupported != null && sortControlSupported;
        useSsl = useSsl != null && useSsl;
    }

    private static String or(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
