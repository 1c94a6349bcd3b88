package dev.aftermath.identity;

/** Where people and groups come from ({@code aftermath.identity.mode}). */
public enum IdentityMode {
    /** Camunda's own user and group tables; the demo users outside the production profile. */
    INTERNAL,
    /** An LDAP directory or Active Directory, read-only, through Camunda's LDAP identity provider plugin. */
    LDAP,
    /** Sign-in at an OpenID Connect provider; user id and groups come from the token. */
    OIDC
}
