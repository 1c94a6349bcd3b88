package dev.aftermath.web;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
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
import org.springframework.beans.factory.annotation.Value;
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

    /** The tags, in the order Swagger UI shows them, with what each group of operations is for. */
    static final Map<String, String> TAGS = new java.util.LinkedHashMap<>();
    static {
        TAGS.put("incidents", "Closed incidents: an incident tool posts them; the post-mortem lifecycle starts");
        TAGS.put("postmortems", "Post-mortems: the document, its public version, timeline contributions, the meeting");
        TAGS.put("library", "The library of published post-mortems");
        TAGS.put("action-items", "Action items of post-mortems: read, complete from a tool, hand over");
        TAGS.put("insights", "Numbers over incidents, post-mortems and action items (JSON and CSV)");
        TAGS.put("administration", "For administrators (camunda-admin): process migration and the mail outbox");
        TAGS.put("webhooks", "Signed webhooks of PagerDuty and Jira (no login: the signature authenticates)");
    }

    @Bean
    public OpenAPI aftermathOpenApi(@Value("${aftermath.base-url:http://localhost:8080}") String baseUrl) {
        OpenAPI api = new OpenAPI()
                .info(new Info().title("Aftermath API").version("v1").description("""
                        Incidents, post-mortems, action items and the post-mortem library of Aftermath. Every endpoint \
                        needs a login: HTTP Basic with a Camunda user, or (for GET) the session cookie of a login to the \
                        Camunda webapps. What a user may not see answers 404, exactly like what does not exist. Bad \
                        input answers 400 application/problem+json with `errors` naming each field; a body above the \
                        request limit (1 MiB by default, `aftermath.max-request-bytes`) answers 413. Webhooks under \
                        /api/webhooks/ authenticate with their own signature header instead.""")
                        .license(new License().name("Apache License 2.0").identifier("Apache-2.0")))
                // relative: the Aftermath that serves this document, wherever it runs
                .servers(List.of(new Server().url("/").description("This Aftermath (its links in mails and "
                        + "documents use aftermath.base-url, here " + baseUrl + ")")))
                .components(new Components()
                        .addSecuritySchemes(BASIC, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                                .description("A Camunda user id and password (every endpoint but the webhooks)"))
                        .addSecuritySchemes(SESSION, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.COOKIE).name("JSESSIONID")
                                .description("The session cookie of a Camunda webapp login (Tasklist, Cockpit); "
                                        + "GET only")))
                .security(List.of(new SecurityRequirement().addList(BASIC), new SecurityRequirement().addList(SESSION)));
        TAGS.forEach((name, description) -> api.addTagsItem(new Tag().name(name).description(description)));
        return api;
    }

    /** The problem schemas (added with the responses that use them, so springdoc keeps them). */
    private static void problemSchemas(OpenAPI openApi) {
        Schema<?> fieldError = new ObjectSchema().description("One invalid input field (web.FieldError)")
                .addProperty("field", new StringSchema().description("The field's name (JSON path, e.g. "
                        + "`entries[2].at`), `body` for the body as a whole").example("severity"))
                .addProperty("message", new StringSchema().description("What is wrong with it")
                        .example("must be one of SEV1, SEV2, SEV3, SEV4 (was 'SEV9')"));
        fieldError.setRequired(List.of("field", "message"));
        Schema<?> problem = new ObjectSchema().description("RFC 9457 problem details (application/problem+json). "
                        + "Further members may name the state that caused a 409 (e.g. `state`).")
                .addProperty("type", new StringSchema().format("uri").description("`about:blank`, or a URN "
                        + "naming the kind of problem").example("urn:aftermath:problem:invalid-input"))
                .addProperty("title", new StringSchema().example("Invalid incident"))
                .addProperty("status", new IntegerSchema().description("The HTTP status").example(400))
                .addProperty("detail", new StringSchema().description("What went wrong, for a person")
                        .example("1 field is invalid"))
                .addProperty("instance", new StringSchema().format("uri-reference").description("The request path")
                        .example("/api/incidents"))
                .addProperty("errors", new ArraySchema().items(new Schema<>().$ref("#/components/schemas/FieldError"))
                        .description("400 and 413: every invalid field"));
        problem.setRequired(List.of("status", "title"));
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        openApi.getComponents().addSchemas("FieldError", fieldError).addSchemas(PROBLEM, problem);
    }

    /**
     * Problem answers on every operation: 400 and 401 everywhere, 404 where a path names a resource, 413 on writes,
     * 403 on writes, 409 on writes to a resource; every 4xx an operation declares itself answers problem details too. Webhooks:
     * no login, their signature instead.
     */
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
                    if (write) {
                        problem(responses, "413", "The body is larger than the request limit (1 MiB by default); "
                                + "`errors` names `body`");
                    }
                    if (!webhook) {
                        if (path.contains("{")) {
                            problem(responses, "404", "Not found, or not visible to the caller");
                        }
                        if (write) {
                            problem(responses, "403", "The caller's role may not do this");
                        }
                        if (write && path.contains("{")) {
                            problem(responses, "409", "The resource is not in a state that allows this");
                        }
                    }
                    responses.forEach((status, response) -> {
                        if (status.startsWith("4") || status.startsWith("5")) {
                            response.setContent(problemContent());
                        } else if (response.getContent() != null && response.getContent().containsKey("*/*")) {
                            // a ResponseEntity<?> method: its answers are JSON
                            response.getContent().put("application/json", response.getContent().remove("*/*"));
                        }
                    });
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
        responses.addApiResponse(status, new ApiResponse().description(description).content(problemContent()));
    }

    private static Content problemContent() {
        return new Content().addMediaType("application/problem+json",
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)));
    }
}
