package dev.aftermath.identity.oidc;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.rest.security.auth.AuthenticationProvider;
import org.camunda.bpm.engine.rest.security.auth.AuthenticationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;

/**
 * The webapps' (Tasklist, Cockpit, Admin) container-based authentication in single sign-on mode: the user is the one
 * Spring Security signed in at the identity provider ({@link OidcConfiguration} names it by the configured user
 * claim). Camunda's {@code ContainerBasedAuthenticationFilter} instantiates this class and then reads the user's
 * groups (its roles, provisioned at sign-in) and authorized apps from the engine, so Camunda's authorizations apply
 * unchanged.
 */
public class OidcWebappAuthenticationProvider implements AuthenticationProvider {

    @Override
    public AuthenticationResult extractAuthenticatedUser(HttpServletRequest request, ProcessEngine engine) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof OAuth2AuthenticationToken token && token.isAuthenticated()) {
            return AuthenticationResult.successful(token.getName());
        }
        return AuthenticationResult.unsuccessful();
    }

    @Override
    public void augmentResponseByAuthenticationChallenge(HttpServletResponse response, ProcessEngine engine) {
        // Spring Security sends the browser to the identity provider before a request gets here
    }
}
