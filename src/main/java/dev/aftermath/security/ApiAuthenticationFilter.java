package dev.aftermath.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.webapp.impl.security.auth.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.aftermath.directory.UserDirectory;
import dev.aftermath.web.Problems;

/**
 * Authenticates the Aftermath API and pages: a bearer token in single sign-on mode ({@link ExternalAuthentication}),
 * HTTP Basic against the Camunda users, or the session of a user logged into the Camunda webapps (Tasklist, Cockpit).
 * Anything else gets 401.
 */
public class ApiAuthenticationFilter extends OncePerRequestFilter {

    private final IdentityService identityService;
    private final UserDirectory directory;
    private final ObjectMapper mapper;
    private final ExternalAuthentication external;

    public ApiAuthenticationFilter(IdentityService identityService, UserDirectory directory, ObjectMapper mapper) {
        this(identityService, directory, mapper, ExternalAuthentication.NONE);
    }

    public ApiAuthenticationFilter(IdentityService identityService, UserDirectory directory, ObjectMapper mapper,
                                   ExternalAuthentication external) {
        this.identityService = identityService;
        this.directory = directory;
        this.mapper = mapper;
        this.external = external;
    }

    /** Webhooks authenticate with their own signatures (see the webhook controllers), not with a user. */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getRequestURI().startsWith(request.getContextPath() + "/api/webhooks/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        CurrentUser tokenCaller = external.tokenCaller(request);
        if (tokenCaller != null) {
            // the token's roles, not the directory's: a service account need not exist in Camunda's tables
            proceedAs(tokenCaller, request, response, chain);
            return;
        }
        String userId = BasicCredentials.authenticatedUser(request, identityService);
        if (userId == null && isSafe(request)) {
            // A webapp login only reads: changes need HTTP Basic, so no other site can make a browser post for us.
            userId = sessionUser(request);
        }
        if (userId == null) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"aftermath\", charset=\"UTF-8\"");
            Problems.write(response, mapper, Problems.of(HttpStatus.UNAUTHORIZED,
                    "Log in with HTTP Basic (a Camunda user) or through the Camunda webapps"));
            return;
        }
        proceedAs(new CurrentUser(userId, directory.groupIds(userId)), request, response, chain);
    }

    private void proceedAs(CurrentUser user, HttpServletRequest request, HttpServletResponse response,
                           FilterChain chain) throws ServletException, IOException {
        request.setAttribute(CurrentUser.ATTRIBUTE, user);
        identityService.setAuthentication(user.id(), user.groups());
        try {
            chain.doFilter(request, response);
        } finally {
            identityService.clearAuthentication();
        }
    }

    private static boolean isSafe(HttpServletRequest request) {
        return "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
    }

    private static String sessionUser(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return null;
        }
        Authentications authentications = AuthenticationUtil.getAuthsFromSession(session);
        if (authentications == null) {
            return null;
        }
        Authentication authentication = authentications.getAuthenticationForProcessEngine("default");
        return authentication == null ? null : authentication.getName();
    }
}
