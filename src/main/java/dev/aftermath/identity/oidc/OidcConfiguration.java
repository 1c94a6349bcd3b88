package dev.aftermath.identity.oidc;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.ContainerBasedAuthenticationFilter;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.DelegatingFilterProxyRegistrationBean;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.logout.HttpStatusReturningLogoutSuccessHandler;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import static org.springframework.security.web.util.matcher.AntPathRequestMatcher.antMatcher;

import dev.aftermath.identity.GroupRoles;
import dev.aftermath.process.SystemCalls;
import dev.aftermath.security.CurrentUser;
import dev.aftermath.security.ExternalAuthentication;
import dev.aftermath.web.Problems;

/**
 * Single sign-on ({@code aftermath.identity.mode=oidc}): Spring Security around the whole application. Camunda 7.24
 * documents a Spring Security OAuth2 integration ({@code camunda-bpm-spring-boot-starter-security}), but that
 * artifact is not published to Maven Central, so it is wired here the way that integration works:
 * <ul>
 *   <li>Tasklist, Cockpit, Admin, the library, {@code /insights}, {@code /inbox} and Swagger UI: OAuth2 login at the
 *       provider (authorization code flow). At sign-in the user is provisioned in Camunda's tables
 *       ({@link OidcUsers}) and its webapp authentication put in the session; Camunda's
 *       {@code ContainerBasedAuthenticationFilter} with {@link OidcWebappAuthenticationProvider} keeps the webapps on
 *       the signed-in user.</li>
 *   <li>{@code /api} and the other Aftermath pages with {@code Authorization: Bearer}: a resource server; the JWT is
 *       checked against the provider's keys, issuer, lifetime (and audience when configured). Expired or foreign:
 *       401; the roles come from the token's groups claim, so a token without the role gets the API's 403.</li>
 *   <li>HTTP Basic keeps working beside it ({@code /api}, {@code /engine-rest}, actuator); the webhooks keep their
 *       signatures and health stays open.</li>
 *   <li>{@code /logout}: ends the session and, when the provider advertises an {@code end_session_endpoint}, signs
 *       out there too (RP-initiated logout). The webapps' own "Sign out" ends the session here.</li>
 * </ul>
 * In the other modes Spring Security's servlet auto-configuration is excluded (application.yml) and nothing of it
 * runs.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "aftermath.identity.mode", havingValue = "oidc")
@EnableWebSecurity
public class OidcConfiguration {

    /** Before every other filter (Spring Boot's own default order for Spring Security). */
    static final int FILTER_ORDER = -100;

    private static final List<String> OUTSIDE_BEARER = List.of("/api/webhooks/", "/camunda/", "/engine-rest/",
            "/actuator/");

    @Bean
    public OidcUsers oidcUsers(OidcProperties properties, GroupRoles groupRoles, IdentityService identityService,
                               SystemCalls system) {
        return new OidcUsers(properties, groupRoles, identityService, system);
    }

    /** The provider's endpoints by discovery ({@code {issuer}/.well-known/openid-configuration}) at start-up. */
    @Bean
    public ClientRegistrationRepository clientRegistrations(OidcProperties properties) {
        ClientRegistration registration = ClientRegistrations.fromIssuerLocation(properties.issuerUri())
                .registrationId(properties.registrationId())
                .clientId(properties.clientId())
                .clientSecret(properties.clientSecret())
                .scope(properties.scopes())
                // userinfo need not carry the user claim (Entra's does not): it is read from ID token + userinfo
                .userNameAttributeName("sub")
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                .build();
        return new InMemoryClientRegistrationRepository(registration);
    }

    /** Bearer tokens: the provider's keys (JWKS by discovery, on first use), issuer, lifetime, audience if set. */
    @Bean
    public JwtDecoder jwtDecoder(OidcProperties properties, Clock clock) {
        return new SupplierJwtDecoder(() -> {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(properties.issuerUri()).build();
            JwtTimestampValidator lifetime = new JwtTimestampValidator();
            lifetime.setClock(clock);
            List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>(List.of(lifetime,
                    new JwtIssuerValidator(properties.issuerUri())));
            if (properties.audience() != null) {
                validators.add(new JwtClaimValidator<List<String>>("aud",
                        aud -> aud != null && aud.contains(properties.audience())));
            }
            decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
            return decoder;
        });
    }

    /** The caller of a bearer request for the Aftermath API's own filter: user id and roles from the token. */
    @Bean
    public ExternalAuthentication bearerCallers() {
        return request -> {
            Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
            if (authentication instanceof JwtAuthenticationToken token && token.isAuthenticated()) {
                return new CurrentUser(token.getName(),
                        token.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList());
            }
            return null;
        };
    }

    @Bean
    @Order(1)
    public SecurityFilterChain bearerTokens(HttpSecurity http, OidcUsers users, ObjectMapper mapper)
            throws Exception {
        BearerTokenAuthenticationEntryPoint challenge = new BearerTokenAuthenticationEntryPoint();
        http.securityMatcher(OidcConfiguration::bearerRequest)
                .csrf(csrf -> csrf.disable())
                .headers(headers -> headers.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(authorize -> authorize.anyRequest().authenticated())
                .oauth2ResourceServer(server -> server
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(source -> bearerAuthentication(source, users)))
                        .authenticationEntryPoint((request, response, failure) -> {
                            challenge.commence(request, response, failure);
                            Problems.write(response, mapper, Problems.of(HttpStatus.UNAUTHORIZED,
                                    "The bearer token is not accepted: expired, not yet valid, malformed or not "
                                            + "issued by this application's identity provider"));
                        }));
        return http.build();
    }

    @Bean
    @Order(2)
    public SecurityFilterChain singleSignOn(HttpSecurity http, OidcProperties properties, OidcUsers users,
                                            ClientRegistrationRepository registrations, ProcessEngine engine)
            throws Exception {
        SavedRequestAwareAuthenticationSuccessHandler landing = new SavedRequestAwareAuthenticationSuccessHandler();
        OidcClientInitiatedLogoutSuccessHandler providerLogout =
                new OidcClientInitiatedLogoutSuccessHandler(registrations);
        providerLogout.setPostLogoutRedirectUri(properties.postLogoutRedirectUri());
        providerLogout.setDefaultTargetUrl("/");
        RequestMatcher webappLogout = antMatcher(HttpMethod.POST, "/camunda/api/admin/auth/user/*/logout");
        HttpStatusReturningLogoutSuccessHandler webappLogoutAnswer = new HttpStatusReturningLogoutSuccessHandler();
        http.csrf(csrf -> csrf.disable()) // the webapps keep their own CSRF filter; the API writes need Basic or a token
                .headers(headers -> headers.disable()) // Aftermath's and the webapps' header filters stay in charge
                .authorizeHttpRequests(authorize -> authorize
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.FORWARD, DispatcherType.ASYNC,
                                DispatcherType.INCLUDE).permitAll()
                        // their own logins: HTTP Basic (Aftermath API, engine REST, metrics), signatures (webhooks);
                        // health open
                        .requestMatchers("/api/**", "/engine-rest/**", "/actuator/**", "/error").permitAll()
                        .requestMatchers(OidcConfiguration::basicRequest).permitAll()
                        .anyRequest().authenticated())
                // the webapps' API calls get 401; any other request (a page, whatever it accepts) goes to the provider
                .exceptionHandling(exceptions -> exceptions
                        .defaultAuthenticationEntryPointFor(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED),
                                antMatcher("/camunda/api/**"))
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint(
                                "/oauth2/authorization/" + properties.registrationId()), AnyRequestMatcher.INSTANCE))
                .oauth2Login(login -> login.userInfoEndpoint(userInfo -> userInfo.oidcUserService(people(properties)))
                        .successHandler((request, response, authentication) -> {
                    OAuth2AuthenticationToken token = (OAuth2AuthenticationToken) authentication;
                    users.provision(token.getName(), token.getPrincipal().getAttributes());
                    signIntoWebapps(request.getSession(), engine, token.getName());
                    landing.onAuthenticationSuccess(request, response, authentication);
                }))
                .logout(logout -> logout
                        .logoutRequestMatcher(new OrRequestMatcher(antMatcher("/logout"), webappLogout))
                        .invalidateHttpSession(true)
                        .clearAuthentication(true)
                        .logoutSuccessHandler((request, response, authentication) -> {
                            if (webappLogout.matches(request)) {
                                webappLogoutAnswer.onLogoutSuccess(request, response, authentication);
                            } else {
                                providerLogout.onLogoutSuccess(request, response, authentication);
                            }
                        }));
        return http.build();
    }

    /**
     * The signed-in person: the claims of the ID token and of the userinfo answer together, named by the configured
     * user claim (a token without it is refused).
     */
    static OidcUserService people(OidcProperties properties) {
        OidcUserService service = new OidcUserService();
        service.setOidcUserMapper((request, userInfo) -> new DefaultOidcUser(
                List.of(new OidcUserAuthority(request.getIdToken(), userInfo)), request.getIdToken(), userInfo,
                properties.userClaim()));
        return service;
    }

    /** Spring Security's filter chain in front of every other filter, for requests, errors and async dispatches. */
    @Bean
    public DelegatingFilterProxyRegistrationBean securityFilterChainRegistration() {
        DelegatingFilterProxyRegistrationBean registration =
                new DelegatingFilterProxyRegistrationBean("springSecurityFilterChain");
        registration.setOrder(FILTER_ORDER);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC);
        return registration;
    }

    /** The webapps take the signed-in user from Spring Security (before Camunda's own authentication filter). */
    @Bean
    public FilterRegistrationBean<ContainerBasedAuthenticationFilter> webappSingleSignOn() {
        FilterRegistrationBean<ContainerBasedAuthenticationFilter> registration =
                new FilterRegistrationBean<>(new ContainerBasedAuthenticationFilter());
        registration.setName("webapp-single-sign-on");
        registration.addInitParameter("authentication-provider", OidcWebappAuthenticationProvider.class.getName());
        registration.addUrlPatterns("/camunda/*");
        registration.setOrder(15);
        return registration;
    }

    /**
     * The webapps' authentication of the user, in the session, as Camunda's own login creates it (groups and
     * authorized apps read from the engine), so the library and the other pages see the signed-in user at once.
     */
    static void signIntoWebapps(HttpSession session, ProcessEngine engine, String userId) {
        UserAuthentication authentication = AuthenticationUtil.createAuthentication(engine, userId);
        Authentications authentications = AuthenticationUtil.getAuthsFromSession(session);
        authentications.addOrReplace(authentication);
        AuthenticationUtil.updateSession(session, authentications);
    }

    private static AbstractAuthenticationToken bearerAuthentication(Jwt jwt, OidcUsers users) {
        String userId = users.userId(jwt.getClaims());
        List<SimpleGrantedAuthority> roles = users.roles(jwt.getClaims()).stream().map(SimpleGrantedAuthority::new)
                .toList();
        return new JwtAuthenticationToken(jwt, roles, userId != null ? userId : jwt.getSubject());
    }

    private static boolean bearerRequest(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !authorization.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
            return false;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return OUTSIDE_BEARER.stream().noneMatch(path::startsWith);
    }

    private static boolean basicRequest(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        return authorization != null && authorization.toLowerCase(Locale.ROOT).startsWith("basic ");
    }
}
