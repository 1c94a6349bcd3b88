package dev.aftermath.process;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.exception.NotFoundException;
import org.camunda.bpm.engine.exception.NullValueException;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.aftermath.web.BodyTooLargeException;
import dev.aftermath.web.Problems;

/**
 * Error answers of the engine REST API ({@code /engine-rest}) and of the webapps' engine API that Tasklist uses
 * ({@code /camunda/api/engine/...}), replacing Camunda's exception mappers:
 * <ul>
 * <li>a form rule broken in a task or start listener ({@link RejectedInputException}): 400 naming the fields;</li>
 * <li>an unknown task, process instance, job ... id: 404 (Camunda answers some of these with 500);</li>
 * <li>Camunda's client errors keep their status (400, 403, 404, 409); their message is kept unless it would leak
 * internals;</li>
 * <li>anything else: 500 with an error id that is also logged, with the exception.</li>
 * </ul>
 * Bodies are problem details ({@code type}, {@code title}, {@code status}, {@code detail}) plus Camunda's
 * {@code message} (what Tasklist shows) and {@code code}; never an exception name, SQL or a stack trace.
 * <p>
 * The engine wraps a listener's exception ({@code ENGINE-03051 There was an exception while invoking the
 * TaskListener}) and the REST resources wrap that again in a {@link RestException} with status 500, so these mappers
 * look through the cause chain. Jersey picks the mapper of the nearest exception type, then the higher priority:
 * one class per type Camunda maps, each with a higher priority (lower value) than Camunda's own.
 */
@Priority(RejectedInputExceptionMapper.PRIORITY)
public class RejectedInputExceptionMapper implements ExceptionMapper<ProcessEngineException> {

    /** Lower than Camunda's (default {@link Priorities#USER}): preferred among mappers of the same type. */
    public static final int PRIORITY = Priorities.USER - 100;

    private static final Logger LOG = LoggerFactory.getLogger(RejectedInputExceptionMapper.class);

    /** A request the engine refuses because of the state of a process (deleting a task of a running process). */
    private static final Pattern IN_A_RUNNING_PROCESS = Pattern.compile("(?i)because (it )?is part of a running process");

    /** A request that matches nothing the engine could act on ({@code POST /condition} without a subscription). */
    private static final Pattern NOTHING_MATCHED = Pattern.compile("(?i)no subscriptions were found");

    private static final Pattern NOT_FOUND = Pattern.compile(
            "(?i)cannot find|not found|no [a-z ]+ found|does not exist|doesn't exist|unknown [a-z ]+ id");

    @Override
    public Response toResponse(ProcessEngineException exception) {
        return respond(exception);
    }

    /** The same for the {@link RestException} (status 500) the REST resources wrap engine exceptions into. */
    @Priority(RejectedInputExceptionMapper.PRIORITY)
    public static class ForRestException implements ExceptionMapper<RestException> {
        @Override
        public Response toResponse(RestException exception) {
            return respond(exception);
        }
    }

    /** Everything else (Camunda's catch-all mapper is for {@link Throwable}). */
    @Priority(RejectedInputExceptionMapper.PRIORITY)
    public static class ForThrowable implements ExceptionMapper<Throwable> {
        @Override
        public Response toResponse(Throwable exception) {
            return respond(exception);
        }
    }

    /** Unreadable JSON (Camunda maps Jackson's exceptions with their messages, which name Java types). */
    @Priority(RejectedInputExceptionMapper.PRIORITY)
    public static class ForJson implements ExceptionMapper<JsonProcessingException> {
        @Override
        public Response toResponse(JsonProcessingException exception) {
            return respond(exception);
        }
    }

    /** Camunda maps Jackson's parse errors with a mapper of their own type: the nearest type wins, so this one. */
    @Priority(RejectedInputExceptionMapper.PRIORITY)
    public static class ForJsonParse implements ExceptionMapper<com.fasterxml.jackson.core.JsonParseException> {
        @Override
        public Response toResponse(com.fasterxml.jackson.core.JsonParseException exception) {
            return respond(exception);
        }
    }

    /** The same for Jackson's mapping errors (a value of the wrong shape). */
    @Priority(RejectedInputExceptionMapper.PRIORITY)
    public static class ForJsonMapping implements ExceptionMapper<com.fasterxml.jackson.databind.JsonMappingException> {
        @Override
        public Response toResponse(com.fasterxml.jackson.databind.JsonMappingException exception) {
            return respond(exception);
        }
    }

    /** The mapper classes, for registration. */
    public static final Class<?>[] MAPPERS = {RejectedInputExceptionMapper.class, ForRestException.class,
            ForThrowable.class, ForJson.class, ForJsonParse.class, ForJsonMapping.class};

    static Response respond(Throwable exception) {
        BodyTooLargeException tooLarge = BodyTooLargeException.in(exception);
        if (tooLarge != null) {
            return problem(413, "urn:aftermath:problem:body-too-large", "Request body too large",
                    tooLarge.getMessage(), null, Map.of("errors", java.util.List.of(
                            error("body", "must be at most " + tooLarge.limit() + " bytes"))));
        }
        Optional<RejectedInputException> rejected = rejected(exception);
        if (rejected.isPresent()) {
            return badRequest(rejected.get());
        }
        int status = status(exception);
        if (status >= 500) {
            String errorId = Problems.errorId();
            LOG.error("Unexpected engine API error {}", errorId, exception);
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("errorId", errorId);
            return problem(status, "urn:aftermath:problem:internal-error", "Internal error",
                    "The request failed unexpectedly. Quote error id " + errorId
                            + " to the administrator: the log has the details.", null, extra);
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "Request refused" : known.getReasonPhrase();
        if (status == 403) {
            LOG.debug("Engine API refused (403)", exception);
        }
        ProcessEngineException engine = find(exception, ProcessEngineException.class);
        if (status == 409 && find(exception, OptimisticLockingException.class) != null) {
            return problem(409, "urn:aftermath:problem:concurrent-change", "Changed at the same moment",
                    "Someone changed the same task or instance at the same moment and this change was not made: read "
                            + "it again and retry if it is still needed.", engine.getCode(), Map.of());
        }
        String message = exception instanceof WebApplicationException ? title
                : exception instanceof JsonProcessingException || find(exception, JsonProcessingException.class) != null
                ? "The body is not valid JSON of the expected shape" : Problems.safe(message(exception), title);
        return problem(status, "urn:aftermath:problem:" + title.toLowerCase().replace(' ', '-'), title, message,
                engine == null ? null : engine.getCode(), Map.of());
    }

    /** The status: Camunda's, except that an unknown id is 404 and an engine failure that is the client's is 4xx. */
    static int status(Throwable t) {
        if (t instanceof WebApplicationException w) {
            return w.getResponse().getStatus();
        }
        if (find(t, AuthorizationException.class) != null) {
            return 403;
        }
        if (find(t, NotFoundException.class) != null) {
            return 404;
        }
        NullValueException nullValue = find(t, NullValueException.class);
        if (nullValue != null) {
            return nullValue.getMessage() != null && NOT_FOUND.matcher(nullValue.getMessage()).find() ? 404 : 400;
        }
        if (t instanceof RestException r && r.getStatus() != null
                && r.getStatus() != Response.Status.INTERNAL_SERVER_ERROR) {
            return r.getStatus().getStatusCode();
        }
        if (find(t, BadUserRequestException.class) != null) {
            BadUserRequestException b = find(t, BadUserRequestException.class);
            return b.getMessage() != null && NOT_FOUND.matcher(b.getMessage()).find() ? 404 : 400;
        }
        if (find(t, OptimisticLockingException.class) != null) {
            return 409;
        }
        if (find(t, JsonProcessingException.class) != null) {
            return 400;
        }
        ProcessEngineException engine = find(t, ProcessEngineException.class);
        if (engine != null && engine.getMessage() != null && IN_A_RUNNING_PROCESS.matcher(engine.getMessage()).find()) {
            return 409;
        }
        if (engine != null && engine.getMessage() != null && NOTHING_MATCHED.matcher(engine.getMessage()).find()) {
            return 400;
        }
        return 500;
    }

    private static String message(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c.getMessage() != null && !c.getMessage().isBlank()) {
                return c.getMessage();
            }
        }
        return null;
    }

    static <T extends Throwable> T find(Throwable t, Class<T> type) {
        Set<Throwable> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable c = t; c != null && seen.add(c); c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    /** The first {@link RejectedInputException} in the cause chain of {@code t}, if any. */
    static Optional<RejectedInputException> rejected(Throwable t) {
        return Optional.ofNullable(find(t, RejectedInputException.class));
    }

    static Response badRequest(RejectedInputException e) {
        Map<String, Object> extra = new LinkedHashMap<>();
        java.util.List<dev.aftermath.web.FieldError> errors = Problems.safe(e.errors());
        extra.put("errors", errors.stream().map(f -> error(f.field(), f.message())).toList());
        String detail = String.join("; ", errors.stream().map(f -> f.field() + ": " + f.message()).toList());
        return problem(400, "urn:aftermath:problem:invalid-input", "Invalid input", detail, e.getCode(), extra);
    }

    private static Map<String, Object> error(String field, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("field", field);
        m.put("message", message);
        return m;
    }

    private static Response problem(int status, String type, String title, String detail, Integer code,
                                    Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("message", detail);
        if (code != null) {
            body.put("code", code);
        }
        body.putAll(extra);
        return Response.status(status).type(new MediaType("application", "problem+json")).entity(body).build();
    }
}
