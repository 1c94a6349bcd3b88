package dev.aftermath.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.spin.plugin.variable.SpinValues;
import org.junit.jupiter.api.Test;
import org.openapitools.codegen.DefaultGenerator;
import org.openapitools.codegen.config.CodegenConfigurator;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.aftermath.processapi.ActionItemProcess;
import dev.aftermath.support.ProcessTestSupport;

/**
 * The OpenAPI document keeps its promise: a Java client (openapi-generator, library {@code native}) is generated from
 * the live {@code /v3/api-docs}, compiled here, and used as an integrator would use it, against the running app: it
 * closes an incident, reads the post-mortem, completes an action item and hands another over. An operation, a field
 * name, a type, an enum value or a status code that drifts from what the app does breaks generation, compilation,
 * deserialization or an assertion here.
 */
class GeneratedClientTest extends ProcessTestSupport {

    private static final Path OUT = Path.of("target", "generated-client");
    private static final String PACKAGE = "dev.aftermath.client";

    @LocalServerPort int port;

    private ClassLoader client;

    @Test
    void a_client_generated_from_the_document_closes_an_incident_reads_the_postmortem_and_works_action_items()
            throws Exception {
        client = generateAndCompile();

        // close an incident (as an incident commander): 201 with the receipt
        String id = newIncidentId("CLIENT");
        Instant resolved = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        Object closure = model("IncidentClosure");
        set(closure, "id", id);
        set(closure, "title", "Checkout answered 502 for EU customers");
        set(closure, "service", "checkout");
        set(closure, "severity", "SEV1");
        set(closure, "startedAt", resolved.minus(40, ChronoUnit.MINUTES).toString());
        set(closure, "resolvedAt", resolved.toString());
        set(closure, "commander", "jordan");
        set(closure, "responders", List.of("priya", "carlos"));
        set(closure, "usersAffected", 1200L);
        set(closure, "customerImpact", "EU customers could not pay");
        set(closure, "symptom", "checkout-502-" + id);
        set(closure, "author", "priya");
        set(closure, "facilitator", "carlos");
        Object receipt = call(api("IncidentsApi", "jordan"), "closeIncident", closure);
        assertThat(get(receipt, "incidentId")).isEqualTo(id);
        assertThat(String.valueOf(get(receipt, "requirement"))).isEqualTo("REQUIRED");
        assertThat(get(receipt, "publishDeadline")).isInstanceOf(OffsetDateTime.class);
        String processInstanceId = (String) get(receipt, "processInstanceId");
        assertThat(processInstanceId).isNotBlank();
        // the same id again: 200 with the same receipt, nothing new
        assertThat(get(call(api("IncidentsApi", "jordan"), "closeIncident", closure), "processInstanceId"))
                .isEqualTo(processInstanceId);
        // not an incident commander: 403 as the document says
        assertThat(status(() -> call(api("IncidentsApi", "alex"), "closeIncident", closure))).isEqualTo(403);
        Object incident = call(api("IncidentsApi", "sam"), "getIncident", id);
        assertThat(String.valueOf(get(incident, "severity"))).isEqualTo("SEV1");

        // read the post-mortem the lifecycle drafted
        continueAfterDecision(processInstanceId);
        Object postmortem = call(api("PostmortemsApi", "sam"), "getPostmortem", id);
        assertThat(get(postmortem, "incidentId")).isEqualTo(id);
        assertThat(String.valueOf(get(postmortem, "status"))).isEqualTo("DRAFT");
        assertThat((String) get(postmortem, "summary")).isNotBlank();
        assertThat(get(postmortem, "restricted")).isEqualTo(false);
        assertThat(String.valueOf(get(get(postmortem, "links"), "self"))).endsWith("/api/postmortems/" + id);
        assertThat(status(() -> call(api("PostmortemsApi", "sam"), "getPostmortem", "NO-SUCH-" + id)))
                .isEqualTo(404);

        // two action items of the incident, owned by alex
        startItem(id, 1);
        startItem(id, 2);
        Object items = api("ActionItemsApi", "alex");

        // complete the first one
        Object completion = model("CompletionRequest");
        set(completion, "resolution", "Alert on checkout 5xx shipped");
        set(completion, "ticket", "https://tickets.example.com/OPS-9");
        Object done = call(items, "completeActionItem", id, 1, completion);
        assertThat(get(done, "id")).isEqualTo(id + "/AI-1");
        assertThat(String.valueOf(get(done, "state"))).isEqualTo("DONE");
        assertThat(get(done, "resolution")).isEqualTo("Alert on checkout 5xx shipped");
        assertThat(get(done, "ticket")).isEqualTo("https://tickets.example.com/OPS-9");
        List<?> history = (List<?>) get(done, "history");
        assertThat(get(history.get(history.size() - 1), "action")).isEqualTo("COMPLETED_BY_TOOL");
        assertThat(String.valueOf(get(call(items, "getActionItem", id, 1), "state"))).isEqualTo("DONE");
        // ended: 409 as the document says
        assertThat(status(() -> call(items, "completeActionItem", id, 1, completion))).isEqualTo(409);

        // hand the second one over to priya
        Object change = model("OwnerChangeRequest");
        set(change, "owner", "priya");
        set(change, "rationale", "Priya owns the checkout alerts now");
        Object handedOver = call(items, "changeActionItemOwner", id, 2, change);
        assertThat(get(handedOver, "owner")).isEqualTo("priya");
        assertThat(String.valueOf(get(handedOver, "state"))).isEqualTo("OPEN");
        assertThat(get(call(items, "getActionItem", id, 2), "owner")).isEqualTo("priya");
        assertThat(taskService.createTaskQuery().processInstanceBusinessKey(id + "/AI-2").taskAssignee("priya")
                .count()).isEqualTo(1);
        // without a rationale: 400, the document's problem details
        Object bad = model("OwnerChangeRequest");
        set(bad, "owner", "carlos");
        assertThat(status(() -> call(api("ActionItemsApi", "priya"), "changeActionItemOwner", id, 2, bad)))
                .isEqualTo(400);

        // the list of items reads back typed
        Object page = call(items, "listActionItems", null, null, id, 0, 50);
        assertThat(get(page, "total")).isEqualTo(2L);
        assertThat((List<?>) get(page, "items")).hasSize(2);
    }

    // ------------------------------------------------------------------------------------------ generate and compile

    private ClassLoader generateAndCompile() throws Exception {
        HttpResponse<String> doc = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/v3/api-docs")).header("Authorization", basic("alex"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(doc.statusCode()).isEqualTo(200);
        deleteRecursively(OUT);
        Files.createDirectories(OUT);
        Path spec = OUT.resolve("openapi.json");
        Files.writeString(spec, doc.body());

        CodegenConfigurator config = new CodegenConfigurator()
                .setGeneratorName("java")
                .setLibrary("native")
                .setInputSpec(spec.toAbsolutePath().toString())
                .setOutputDir(OUT.resolve("project").toAbsolutePath().toString())
                .setInvokerPackage(PACKAGE)
                .setApiPackage(PACKAGE + ".api")
                .setModelPackage(PACKAGE + ".model")
                .addAdditionalProperty("openApiNullable", false)
                .addAdditionalProperty("useJakartaEe", true)
                .addAdditionalProperty("annotationLibrary", "none")
                .addAdditionalProperty("hideGenerationTimestamp", true)
                .addAdditionalProperty("dateLibrary", "java8");
        DefaultGenerator generator = new DefaultGenerator();
        generator.setGeneratorPropertyDefault("apiTests", "false");
        generator.setGeneratorPropertyDefault("modelTests", "false");
        generator.setGeneratorPropertyDefault("apiDocs", "false");
        generator.setGeneratorPropertyDefault("modelDocs", "false");
        generator.opts(config.toClientOptInput()).generate();

        Path sources = OUT.resolve("project/src/main/java");
        List<Path> java;
        try (Stream<Path> files = Files.walk(sources)) {
            java = files.filter(f -> f.toString().endsWith(".java")).toList();
        }
        assertThat(java).as("generated sources").isNotEmpty();
        Path classes = Files.createDirectories(OUT.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT,
                StandardCharsets.UTF_8)) {
            boolean compiled = javac.getTask(null, files, diagnostics, List.of("-d", classes.toString(),
                            "-classpath", classpath, "-proc:none", "-nowarn", "-encoding", "UTF-8"), null,
                    files.getJavaFileObjectsFromPaths(java)).call();
            assertThat(compiled).as("the generated client compiles: %s", diagnostics.getDiagnostics()).isTrue();
        }
        return new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    // ------------------------------------------------------------------------------------------ the client, typed thinly

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8));
    }

    /** An API class of the generated client for {@code user} (HTTP Basic) against the running app. */
    private Object api(String name, String user) throws Exception {
        Class<?> apiClientClass = client.loadClass(PACKAGE + ".ApiClient");
        Object apiClient = apiClientClass.getConstructor().newInstance();
        apiClientClass.getMethod("updateBaseUri", String.class).invoke(apiClient, "http://localhost:" + port);
        Consumer<HttpRequest.Builder> login = b -> b.header("Authorization", basic(user));
        apiClientClass.getMethod("setRequestInterceptor", Consumer.class).invoke(apiClient, login);
        return client.loadClass(PACKAGE + ".api." + name).getConstructor(apiClientClass).newInstance(apiClient);
    }

    private Object model(String name) throws Exception {
        return client.loadClass(PACKAGE + ".model." + name).getConstructor().newInstance();
    }

    /** Calls the generated operation method {@code name} with these arguments (the overload without headers). */
    private static Object call(Object target, String name, Object... args) throws Exception {
        for (Method m : target.getClass().getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == args.length) {
                try {
                    return m.invoke(target, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause() instanceof Exception ex ? ex : e;
                }
            }
        }
        throw new AssertionError("The generated " + target.getClass().getSimpleName() + " has no operation " + name
                + " with " + args.length + " parameters");
    }

    /** Sets a model property through its generated setter, turning text into the type the document declared. */
    private static void set(Object model, String property, Object value) throws Exception {
        String setter = "set" + Character.toUpperCase(property.charAt(0)) + property.substring(1);
        for (Method m : model.getClass().getMethods()) {
            if (m.getName().equals(setter) && m.getParameterCount() == 1) {
                Class<?> type = m.getParameterTypes()[0];
                Object v = value;
                if (type == OffsetDateTime.class && value instanceof String s) {
                    v = OffsetDateTime.parse(s);
                } else if (type.isEnum() && value instanceof String s) {
                    v = type.getMethod("fromValue", String.class).invoke(null, s);
                }
                m.invoke(model, v);
                return;
            }
        }
        throw new AssertionError(model.getClass().getSimpleName() + " has no property " + property);
    }

    private static Object get(Object model, String property) throws Exception {
        Method getter = model.getClass().getMethod("get" + Character.toUpperCase(property.charAt(0))
                + property.substring(1));
        return getter.invoke(model);
    }

    /** The HTTP status of the generated client's ApiException that {@code call} throws. */
    private static int status(ThrowingCall call) throws Exception {
        List<Integer> codes = new ArrayList<>();
        assertThatThrownBy(() -> {
            try {
                call.run();
            } catch (Exception e) {
                if (e.getClass().getSimpleName().equals("ApiException")) {
                    codes.add((Integer) e.getClass().getMethod("getCode").invoke(e));
                    assertThat((String) e.getClass().getMethod("getResponseBody").invoke(e)).contains("\"status\"");
                }
                throw e;
            }
        }).isNotNull();
        assertThat(codes).as("an ApiException with a status").hasSize(1);
        return codes.get(0);
    }

    @FunctionalInterface
    private interface ThrowingCall {
        Object run() throws Exception;
    }

    // ------------------------------------------------------------------------------------------ action items

    /** An action item of the incident, owned by alex, as the post-mortem's publication starts it. */
    private void startItem(String incidentId, int n) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("incidentId", incidentId);
        vars.put("itemNumber", n);
        vars.put("actionItem", SpinValues.jsonValue("{\"title\":\"Alert on checkout 5xx (" + n + ")\","
                + "\"owner\":\"alex\",\"dueDate\":\"" + LocalDate.now().plusDays(14) + "\",\"priority\":\"HIGH\"}")
                .create());
        ProcessInstance pi = runtimeService.startProcessInstanceByKey(ActionItemProcess.KEY, incidentId + "/AI-" + n,
                vars);
        assertThat(pi.isEnded()).isFalse();
        runAsyncJobs();
    }
}
