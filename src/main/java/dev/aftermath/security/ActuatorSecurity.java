package dev.aftermath.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.camunda.bpm.engine.IdentityService;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.aftermath.directory.UserDirectory;

/**
 * The actuator endpoints other than {@code /actuator/health} ({@code /actuator/prometheus}, {@code /actuator/info})
 * take HTTP Basic of a Camunda user in one of {@code aftermath.metrics.groups} (default {@code camunda-admin}; add
 * e.g. a {@code monitoring} group with a user for the Prometheus scraper). Without credentials 401, others 403.
 */
@Configuration(proxyBeanMethods = false)
public class ActuatorSecurity {

    @Bean
    public FilterRegistrationBean<OncePerRequestFilter> actuatorAuthentication(
            IdentityService identityService, UserDirectory directory,
            @Value("${aftermath.metrics.groups:camunda-admin}") List<String> groups) {
        FilterRegistrationBean<OncePerRequestFilter> registration =
                new FilterRegistrationBean<>(new MetricsFilter(identityService, directory, groups));
        registration.setName("aftermath-actuator-authentication");
        registration.addUrlPatterns("/actuator/*");
        registration.setOrder(15);
        return registration;
    }

    static final class MetricsFilter extends OncePerRequestFilter {

        private final IdentityService identityService;
        private final UserDirectory directory;
        private final List<String> groups;

        MetricsFilter(IdentityService identityService, UserDirectory directory, List<String> groups) {
            this.identityService = identityService;
            this.directory = directory;
            this.groups = groups.stream().map(String::trim).filter(g -> !g.isEmpty()).toList();
        }

        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            String path = request.getRequestURI().substring(request.getContextPath().length());
            return path.equals("/actuator/health") || path.startsWith("/actuator/health/");
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String user = basicUser(request);
            if (user == null) {
                response.setHeader("WWW-Authenticate", "Basic realm=\"aftermath-metrics\", charset=\"UTF-8\"");
                problem(response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized",
                        "Log in with HTTP Basic as a user of " + groups);
                return;
            }
            if (directory.groupIds(user).stream().noneMatch(groups::contains)) {
                problem(response, HttpServletResponse.SC_FORBIDDEN, "Forbidden",
                        "Metrics are for members of " + groups);
                return;
            }
            chain.doFilter(request, response);
        }

        private static void problem(HttpServletResponse response, int status, String title, String detail)
                throws IOException {
            response.setStatus(status);
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                    + ",\"detail\":\"" + detail.replace("\"", "'") + "\"}");
        }

        private String basicUser(HttpServletRequest request) {
            String header = request.getHeader("Authorization");
            if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
                return null;
            }
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                return null;
            }
            String user = decoded.substring(0, colon);
            return identityService.checkPassword(user, decoded.substring(colon + 1)) ? user : null;
        }
    }
}
