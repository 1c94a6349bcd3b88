package dev.aftermath.security;

import java.io.IOException;
import java.util.List;

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
 * Authenticates the Aftermath API and pages: HTTP Basic against the Camunda users, or the session of a user logged
 * into the Camunda webapps (Tasklist, Cockpit). Anything else gets 401.
 */
public class ApiAuthenticationFilter extends OncePerRequestFilter {

    private final IdentityService identityService;
    private final UserDirectory directory;
    private final ObjectMapper mapper;

    public ApiAuthenticationFilter(IdentityService identityService, UserDirectory directory, ObjectMapper mapper) {
        this.identityService = identityService;
        this.directory = directory;
        this.mapper = mapper;
    }

    /** Webhooks authenticate with their own signatures (see the webhook controllers), not with a user. */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getRequestURI().startsWith(request.getContextPath() + "/api/webhooks/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
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
        List<String> groups = directory.groupIds(userId);
        request.setAttribute(CurrentUser.ATTRIBUTE, new CurrentUser(userId, groups));
        identityService.setAuthentication(userId, groups);
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
