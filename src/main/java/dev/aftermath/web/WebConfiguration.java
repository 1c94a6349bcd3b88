package dev.aftermath.web;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Input limits that apply before any controller: body size and JSON nesting. */
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

    @Bean
    public Jackson2ObjectMapperBuilderCustomizer jsonNestingLimit() {
        return builder -> builder.postConfigurer(mapper -> mapper.getFactory().setStreamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(MAX_JSON_NESTING).build()));
    }
}
