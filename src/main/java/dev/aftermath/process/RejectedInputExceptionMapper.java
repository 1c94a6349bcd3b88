package dev.aftermath.process;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.rest.exception.ProcessEngineExceptionHandler;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.camunda.bpm.engine.rest.exception.RestExceptionHandler;

/**
 * Answers HTTP 400 on the engine REST API (and the webapps' engine API used by Tasklist) when a task or start
 * listener refused the submitted variables with a {@link RejectedInputException}.
 * <p>
 * The engine wraps a listener's exception ({@code ENGINE-03051 There was an exception while invoking the
 * TaskListener}) and the REST resources wrap that again in a {@link RestException} with status 500, so Camunda's own
 * mappers answer 500. These mappers look through the cause chain; anything else goes to Camunda's default mapper.
 * They are registered with a higher priority (lower value) than Camunda's mappers for the same exception types, so
 * Jersey picks them (see {@link EngineRestErrorConfiguration}).
 */
@Priority(RejectedInputExceptionMapper.PRIORITY)
public class RejectedInputExceptionMapper implements ExceptionMapper<ProcessEngineException> {

    /** Lower than Camunda's (default {@link Priorities#USER}): preferred among mappers of the same type. */
    public static final int PRIORITY = Priorities.USER - 100;

    private final ProcessEngineExceptionHandler fallback = new ProcessEngineExceptionHandler();

    @Override
    public Response toResponse(ProcessEngineException exception) {
        return rejected(exception).map(RejectedInputExceptionMapper::badRequest)
                .orElseGet(() -> fallback.toResponse(exception));
    }

    /** The same for the {@link RestException} (status 500) the REST resources wrap engine exceptions into. */
    @Priority(RejectedInputExceptionMapper.PRIORITY)
    public static class ForRestException implements ExceptionMapper<RestException> {

        private final RestExceptionHandler fallback = new RestExceptionHandler();

        @Override
        public Response toResponse(RestException exception) {
            return rejected(exception).map(RejectedInputExceptionMapper::badRequest)
                    .orElseGet(() -> fallback.toResponse(exception));
        }
    }

    /** The first {@link RejectedInputException} in the cause chain of {@code t}, if any. */
    static Optional<RejectedInputException> rejected(Throwable t) {
        Set<Throwable> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable c = t; c != null && seen.add(c); c = c.getCause()) {
            if (c instanceof RejectedInputException r) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    static Response badRequest(RejectedInputException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", RejectedInputException.class.getSimpleName());
        body.put("message", e.getMessage());
        body.put("code", e.getCode());
        body.put("errors", e.errors().stream()
                .map(f -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("field", f.field());
                    m.put("message", f.message());
                    return m;
                })
                .toList());
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
