package dev.aftermath.security;

import java.io.IOException;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.aftermath.directory.UserDirectory;
import dev.aftermath.web.Problems;

/**
 * The engine's metrics (activity instances, job executions, task users: how busy the team is) are for
 * {@code camunda-admin} only; the engine itself lets every authenticated user query them. The user is the one the
 * engine REST login authenticated ({@code /engine-rest}), or the webapps' session ({@code /camunda/api/engine}).
 */
public class EngineMetricsFilter extends OncePerRequestFilter {

    static final Pattern METRICS = Pattern.compile("^/(engine-rest|camunda/api/engine/engine/[^/]+)/metrics(/.*)?$");

    private final IdentityService identityService;
    private final UserDirectory directory;
    private final ObjectMapper mapper;

    public EngineMetricsFilter(IdentityService identityService, UserDirectory directory, ObjectMapper mapper) {
        this.identityService = identityService;
        this.directory = directory;
        this.mapper = mapper;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !METRICS.matcher(request.getRequestURI().substring(request.getContextPath().length())).matches();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String user = user(request);
        if (user != null && directory.groupIds(user).contains(Groups.CAMUNDA_ADMIN)) {
            chain.doFilter(request, response);
            return;
        }
        Problems.write(response, mapper, Problems.of(user == null ? HttpStatus.UNAUTHORIZED : HttpStatus.FORBIDDEN,
                "The engine's metrics are for administrators"));
    }

    private String user(HttpServletRequest request) {
        Authentication current = identityService.getCurrentAuthentication();
        if (current != null && current.getUserId() != null) {
            return current.getUserId();
        }
        HttpSession session = request.getSession(false);
        Authentications authentications = session == null ? null : AuthenticationUtil.getAuthsFromSession(session);
        var webapp = authentications == null ? null : authentications.getAuthenticationForProcessEngine("default");
        return webapp == null ? null : webapp.getName();
    }
}
