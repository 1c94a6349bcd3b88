package dev.aftermath.web;

import jakarta.servlet.DispatcherType;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** What applies before any controller: security headers, body size and JSON nesting limits. */
@Configuration(proxyBeanMethods = false)
public class WebConfiguration {

    /** JSON deeper than this is refused (400 naming the body); no payload of Aftermath needs more than a few levels. */
    public static final int MAX_JSON_NESTING = 32;

    @Bean
    public FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimit(
            @Value("${aftermath.max-request-bytes:1048576}") long maxBytes, ObjectMapper mapper) {
        FilterRegistrationBean<RequestSizeLimitFilter> registration =
                new FilterRegistrationBean<>(new RequestSizeLimitFilter(maxBytes, mapper));
        registration.setName("aftermath-request-size-limit");
        registration.addUrlPatterns("/api/*", "/engine-rest/*", "/camunda/api/*");
        // before authentication and before anything that could read the body
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    /** Security headers on every answer, error pages included (see {@link SecurityHeadersFilter}). */
    @Bean
    public FilterRegistrationBean<SecurityHeadersFilter> securityHeaders() {
        FilterRegistrationBean<SecurityHeadersFilter> registration =
                new FilterRegistrationBean<>(new SecurityHeadersFilter());
        registration.setName("aftermath-security-headers");
        registration.addUrlPatterns("/*");
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    public Jackson2ObjectMapperBuilderCustomizer jsonNestingLimit() {
        return builder -> builder.postConfigurer(mapper -> mapper.getFactory().setStreamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(MAX_JSON_NESTING).build()));
    }
}
