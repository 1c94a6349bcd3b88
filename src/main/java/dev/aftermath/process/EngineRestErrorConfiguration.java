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

    /**
     * The webapps' JAX-RS servlets as Camunda's {@code CamundaBpmWebappInitializer} registers them: name, then the
     * application class and the path below the webapps' application path. The plugin APIs (Cockpit's process
     * instance search, ...) are in these too, so they answer with the same problem details.
     */
    static final Map<String, String[]> WEBAPP_API_SERVLETS = new java.util.LinkedHashMap<>();

    static {
        WEBAPP_API_SERVLETS.put("Cockpit Api",
                new String[] {"org.camunda.bpm.cockpit.impl.web.CockpitApplication", "/api/cockpit/*"});
        WEBAPP_API_SERVLETS.put("Admin Api",
                new String[] {"org.camunda.bpm.admin.impl.web.AdminApplication", "/api/admin/*"});
        WEBAPP_API_SERVLETS.put("Tasklist Api",
                new String[] {"org.camunda.bpm.tasklist.impl.web.TasklistApplication", "/api/tasklist/*"});
        WEBAPP_API_SERVLETS.put(WEBAPP_ENGINE_API_SERVLET,
                new String[] {EngineRestApplication.class.getName(), "/api/engine/*"});
        WEBAPP_API_SERVLETS.put("Welcome Api",
                new String[] {"org.camunda.bpm.welcome.impl.web.WelcomeApplication", "/api/welcome/*"});
    }

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
            // Camunda's initializer may not have run yet (initializers of equal order run in bean order): each API
            // servlet is then registered exactly as it would; it then skips the servlet and still maps its filters
            // (login, CSRF, engines) to the same path.
            for (Map.Entry<String, String[]> api : WEBAPP_API_SERVLETS.entrySet()) {
                ServletRegistration registration = servletContext.getServletRegistration(api.getKey());
                if (registration == null) {
                    ServletRegistration.Dynamic added = servletContext.addServlet(api.getKey(), ServletContainer.class);
                    added.addMapping(camunda.getWebapp().getApplicationPath() + api.getValue()[1]);
                    added.setInitParameters(Map.of(ServletProperties.JAXRS_APPLICATION_CLASS, api.getValue()[0]));
                    registration = added;
                }
                if (!registration.setInitParameter(ServerProperties.PROVIDER_CLASSNAMES, MAPPERS)) {
                    LOG.warn("Servlet '{}' already has {} = {}: its errors may name Java classes", api.getKey(),
                            ServerProperties.PROVIDER_CLASSNAMES,
                            registration.getInitParameter(ServerProperties.PROVIDER_CLASSNAMES));
                }
            }
        };
    }
}
