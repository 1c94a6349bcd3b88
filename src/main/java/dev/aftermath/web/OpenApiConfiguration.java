package dev.aftermath.web;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI 3 description of every {@code /api} endpoint at {@code /v3/api-docs} (Swagger UI at
 * {@code /swagger-ui.html}), behind the same login as the API: how to authenticate (HTTP Basic with a Camunda user,
 * or the session of a Camunda webapp login for reading), and the problem details ({@code application/problem+json},
 * with {@code errors} naming each bad field) every endpoint may answer. Webhooks authenticate by signature instead.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

    static final String BASIC = "basic";
    static final String SESSION = "camundaSession";
    static final String PROBLEM = "Problem";
    static final String WEBHOOKS = "/api/webhooks/";

    @Bean
    public OpenAPI aftermathOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Aftermath API").version("v1").description("""
                        Incidents, post-mortems, action items and the post-mortem library of Aftermath. Every endpoint \
                        needs a login: HTTP Basic with a Camunda user, or (for GET) the session cookie of a login to the \
                        Camunda webapps. What a user may not see answers 404. Bad input answers 400 \
                        application/problem+json with `errors` naming each field. Webhooks under /api/webhooks/ \
                        authenticate with their own signature header instead."""))
                .components(new Components()
                        .addSecuritySchemes(BASIC, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                                .description("A Camunda user id and password"))
                        .addSecuritySchemes(SESSION, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.COOKIE).name("JSESSIONID")
                                .description("The session of a Camunda webapp login (Tasklist, Cockpit); GET only")))
                .security(List.of(new SecurityRequirement().addList(BASIC), new SecurityRequirement().addList(SESSION)));
    }

    /** The problem schemas (added with the responses that use them, so springdoc keeps them). */
    private static void problemSchemas(OpenAPI openApi) {
        Schema<?> fieldError = new ObjectSchema().description("One invalid input field")
                .addProperty("field", new StringSchema().description("the field's name (JSON path)"))
                .addProperty("message", new StringSchema().description("what is wrong with it"));
        Schema<?> problem = new ObjectSchema().description("RFC 9457 problem details (application/problem+json)")
                .addProperty("type", new StringSchema().example("urn:aftermath:problem:invalid-input"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema())
                .addProperty("errors", new ArraySchema().items(new Schema<>().$ref("#/components/schemas/FieldError"))
                        .description("400: every invalid field"));
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        openApi.getComponents().addSchemas("FieldError", fieldError).addSchemas(PROBLEM, problem);
    }

    /** Problem answers on every operation; webhooks without a login but with their signature. */
    @Bean
    public OpenApiCustomizer aftermathProblemResponses() {
        return openApi -> {
            problemSchemas(openApi);
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().forEach((path, item) -> {
                boolean webhook = path.startsWith(WEBHOOKS);
                for (Map.Entry<PathItem.HttpMethod, Operation> e : item.readOperationsMap().entrySet()) {
                    Operation op = e.getValue();
                    ApiResponses responses = op.getResponses() == null ? new ApiResponses() : op.getResponses();
                    boolean write = e.getKey() != PathItem.HttpMethod.GET && e.getKey() != PathItem.HttpMethod.HEAD;
                    problem(responses, "400", "Invalid input: `errors` names each bad field");
                    problem(responses, "401", webhook ? "The signature header is missing or does not match the body"
                            : "Not logged in (HTTP Basic or a Camunda webapp session)");
                    if (!webhook) {
                        if (path.contains("{")) {
                            problem(responses, "404", "Not found, or not visible to the caller");
                        }
                        if (write) {
                            problem(responses, "403", "The caller's role may not do this");
                            problem(responses, "409", "The resource is not in a state that allows this");
                        }
                    }
                    op.setResponses(responses);
                    if (webhook) {
                        op.setSecurity(List.of());
                    }
                }
            });
        };
    }

    private static void problem(ApiResponses responses, String status, String description) {
        if (responses.containsKey(status)) {
            return;
        }
        responses.addApiResponse(status, new ApiResponse().description(description).content(new Content()
                .addMediaType("application/problem+json",
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)))));
    }
}
