package dev.aftermath.security;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.camunda.bpm.engine.IdentityService;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.aftermath.directory.UserDirectory;
import dev.aftermath.web.Problems;

/**
 * The actuator endpoints other than {@code /actuator/health} ({@code /actuator/prometheus}, {@code /actuator/info})
 * take HTTP Basic of a Camunda user in one of {@code aftermath.metrics.groups} (default {@code camunda-admin}; add
 * e.g. a {@code monitoring} group with a user for the Prometheus scraper). Without credentials 401, others 403.
 */
@Configuration(proxyBeanMethods = false)
public class ActuatorSecurity {

    @Bean
    public FilterRegistrationBean<OncePerRequestFilter> actuatorAuthentication(
            IdentityService identityService, UserDirectory directory, ObjectMapper mapper,
            @Value("${aftermath.metrics.groups:camunda-admin}") List<String> groups) {
        FilterRegistrationBean<OncePerRequestFilter> registration =
                new FilterRegistrationBean<>(new MetricsFilter(identityService, directory, mapper, groups));
        registration.setName("aftermath-actuator-authentication");
        registration.addUrlPatterns("/actuator/*");
        registration.setOrder(15);
        return registration;
    }

    static final class MetricsFilter extends OncePerRequestFilter {

        private final IdentityService identityService;
        private final UserDirectory directory;
        private final ObjectMapper mapper;
        private final List<String> groups;

        MetricsFilter(IdentityService identityService, UserDirectory directory, ObjectMapper mapper,
                      List<String> groups) {
            this.identityService = identityService;
            this.directory = directory;
            this.mapper = mapper;
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
            String user = BasicCredentials.authenticatedUser(request, identityService);
            if (user == null) {
                response.setHeader("WWW-Authenticate", "Basic realm=\"aftermath-metrics\", charset=\"UTF-8\"");
                Problems.write(response, mapper, Problems.of(HttpStatus.UNAUTHORIZED,
                        "Log in with HTTP Basic as a user of " + groups));
                return;
            }
            if (directory.groupIds(user).stream().noneMatch(groups::contains)) {
                Problems.write(response, mapper, Problems.of(HttpStatus.FORBIDDEN,
                        "Metrics are for members of " + groups));
                return;
            }
            chain.doFilter(request, response);
        }

    }
}
