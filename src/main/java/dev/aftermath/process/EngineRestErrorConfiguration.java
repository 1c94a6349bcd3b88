package dev.aftermath.process;

import java.util.Map;

import jakarta.servlet.ServletRegistration;

import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.camunda.bpm.webapp.impl.engine.EngineRestApplication;
import org.camunda.bpm.spring.boot.starter.webapp.CamundaBpmWebappInitializer;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.servlet.ServletContainer;
import org.glassfish.jersey.servlet.ServletProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.jersey.ResourceConfigCustomizer;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A form rule broken in a task listener ({@link RejectedInputException}) is a bad request, not a server error: HTTP
 * 400 naming the fields, both on {@code /engine-rest} and on the engine API of the Camunda webapps that Tasklist
 * submits its forms to ({@code /camunda/api/engine/...}).
 */
@Configuration(proxyBeanMethods = false)
public class EngineRestErrorConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(EngineRestErrorConfiguration.class);

    /** Name of the webapps' engine API servlet, as registered by Camunda's {@code CamundaBpmWebappInitializer}. */
    static final String WEBAPP_ENGINE_API_SERVLET = "Engine Api";

    static final String MAPPERS = String.join(",", java.util.Arrays.stream(RejectedInputExceptionMapper.MAPPERS)
            .map(Class::getName).toList());

    /** The webapps' other JAX-RS servlets (Tasklist's, Cockpit's, Admin's own APIs): the same error answers. */
    static final java.util.List<String> OTHER_WEBAPP_API_SERVLETS = java.util.List.of("Tasklist Api", "Cockpit Api",
            "Admin Api", "Welcome Api");

    /** {@code /engine-rest}: the Jersey application of the Camunda REST starter. */
    @Bean
    public ResourceConfigCustomizer rejectedInputExceptionMappers() {
        return config -> {
            for (Class<?> mapper : RejectedInputExceptionMapper.MAPPERS) {
                config.register(mapper, RejectedInputExceptionMapper.PRIORITY);
            }
        };
    }

    /**
     * {@code /camunda/api/engine/*}: a plain Jersey servlet of the webapps, out of reach of Spring's Jersey
     * configuration; the mappers are added as providers through its init parameters. Whichever of this initializer
     * and Camunda's runs first, the servlet ends up with Camunda's application and these providers.
     */
    @Bean
    public ServletContextInitializer webappEngineApiRejectedInputMappers(CamundaBpmProperties camunda,
            ObjectProvider<CamundaBpmWebappInitializer> webapps) {
        return servletContext -> {
            if (webapps.getIfAvailable() == null) {
                return; // no webapps, no webapp engine API
            }
            ServletRegistration engineApi = servletContext.getServletRegistration(WEBAPP_ENGINE_API_SERVLET);
            if (engineApi == null) {
                // Camunda's initializer has not run yet (initializers of equal order run in bean order): register
                // the servlet exactly as it would; it then skips the servlet and still maps its filters (login,
                // CSRF, engines) to the same path.
                ServletRegistration.Dynamic registration =
                        servletContext.addServlet(WEBAPP_ENGINE_API_SERVLET, ServletContainer.class);
                registration.addMapping(camunda.getWebapp().getApplicationPath() + "/api/engine/*");
                registration.setInitParameters(Map.of(ServletProperties.JAXRS_APPLICATION_CLASS,
                        EngineRestApplication.class.getName()));
                engineApi = registration;
            }
            if (!engineApi.setInitParameter(ServerProperties.PROVIDER_CLASSNAMES, MAPPERS)) {
                LOG.warn("Servlet '{}' already has {} = {}: Tasklist will show rejected form input as a server error",
                        WEBAPP_ENGINE_API_SERVLET, ServerProperties.PROVIDER_CLASSNAMES,
                        engineApi.getInitParameter(ServerProperties.PROVIDER_CLASSNAMES));
            }
            for (String name : OTHER_WEBAPP_API_SERVLETS) {
                ServletRegistration api = servletContext.getServletRegistration(name);
                if (api != null) {
                    api.setInitParameter(ServerProperties.PROVIDER_CLASSNAMES, MAPPERS);
                }
            }
        };
    }
}
