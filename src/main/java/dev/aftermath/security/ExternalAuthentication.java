package dev.aftermath.security;

import jakarta.servlet.http.HttpServletRequest;

/**
 * A caller authenticated by something other than HTTP Basic or the webapps' session: in single sign-on mode a bearer
 * token ({@code identity.oidc}). The Aftermath API asks it first; a token carries no ambient credential a browser could
 * be tricked into sending, so a token caller may change data as an HTTP Basic caller may.
 */
public interface ExternalAuthentication {

    /** Nobody: the internal and LDAP modes. */
    ExternalAuthentication NONE = request -> null;

    /** The caller this request authenticated with a token, with its Aftermath roles, or null. */
    CurrentUser tokenCaller(HttpServletRequest request);
}
