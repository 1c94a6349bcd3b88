package dev.aftermath.security;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.aftermath.directory.UserDirectory;

/**
 * Nothing but {@code /actuator/health} is open: the engine REST API takes HTTP Basic (Camunda users), the Aftermath
 * API and pages take HTTP Basic or a Camunda webapp login, and the webapps keep Camunda's own login and CSRF.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    @Bean
    public FilterRegistrationBean<ProcessEngineAuthenticationFilter> engineRestAuthentication() {
        FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration =
                new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
        registration.setName("engine-rest-authentication");
        registration.addInitParameter("authentication-provider", HttpBasicAuthenticationProvider.class.getName());
        registration.addUrlPatterns("/engine-rest/*");
        registration.setOrder(10);
        return registration;
    }

    @Bean
    public FilterRegistrationBean<ApiAuthenticationFilter> apiAuthentication(IdentityService identityService,
                                                                             UserDirectory directory,
                                                                             ObjectMapper mapper,
                                                                             ObjectProvider<ExternalAuthentication> external) {
        FilterRegistrationBean<ApiAuthenticationFilter> registration = new FilterRegistrationBean<>(
                new ApiAuthenticationFilter(identityService, directory, mapper,
                        external.getIfAvailable(() -> ExternalAuthentication.NONE)));
        registration.setName("aftermath-api-authentication");
        registration.addUrlPatterns("/api/*", "/inbox", "/inbox/*", "/library", "/library/*", "/insights");
        // the OpenAPI description and Swagger UI (springdoc) behind the same login as the API
        registration.addUrlPatterns("/v3/api-docs", "/v3/api-docs/*", "/v3/api-docs.yaml", "/swagger-ui.html",
                "/swagger-ui/*");
        registration.setOrder(20);
        return registration;
    }

    /**
     * The engine's metrics ({@code /engine-rest/metrics}, and the same resource of the webapps' engine API) are for
     * administrators: after the engine REST login (order 10), anyone else gets 403.
     */
    @Bean
    public FilterRegistrationBean<EngineMetricsFilter> engineMetricsForAdmins(IdentityService identityService,
                                                                             UserDirectory directory,
                                                                             ObjectMapper mapper) {
        FilterRegistrationBean<EngineMetricsFilter> registration =
                new FilterRegistrationBean<>(new EngineMetricsFilter(identityService, directory, mapper));
        registration.setName("engine-metrics-for-admins");
        registration.addUrlPatterns("/engine-rest/*", "/camunda/api/engine/*");
        registration.setOrder(11);
        return registration;
    }
}
