package dev.aftermath.web;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * What an error answer may say. Unexpected errors are HTTP 500 problem details with an error id (also in the log, with
 * the exception); no answer carries SQL, a Java exception or class name, or a stack trace.
 */
public final class Problems {

    /** Text that must never reach a client: SQL, Java exception and class names, stack frames. */
    public static final Pattern LEAK = Pattern.compile(
            "SQL|Exception|\\bat [a-z]+\\.|\\b(org|java|javax|jakarta|com|dev)\\.[a-z]+\\.|\\b(select|insert|update|"
                    + "delete)\\s|\\bfrom\\s+[a-z_]+\\s+where\\b|###|ENGINE-03083|\\bACT_[A-Z]+_",
            Pattern.CASE_INSENSITIVE);

    private Problems() {
    }

    public static String errorId() {
        return UUID.randomUUID().toString();
    }

    /** The 500 answer: nothing about the cause, only the id under which the log has it. */
    public static ProblemDetail internal(String errorId) {
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.INTERNAL_SERVER_ERROR);
        problem.setType(URI.create("urn:aftermath:problem:internal-error"));
        problem.setTitle("Internal error");
        problem.setDetail("The request failed unexpectedly. Quote error id " + errorId
                + " to the administrator: the log has the details.");
        problem.setProperty("errorId", errorId);
        return problem;
    }

    /** The 413 answer to a body above {@code limit} bytes, naming the body as the field in error. */
    public static ProblemDetail bodyTooLarge(long limit) {
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.PAYLOAD_TOO_LARGE);
        problem.setType(URI.create("urn:aftermath:problem:body-too-large"));
        problem.setTitle("Request body too large");
        problem.setDetail("The request body exceeds " + limit + " bytes");
        problem.setProperty("errors", List.of(new FieldError("body", "must be at most " + limit + " bytes")));
        return problem;
    }

    /**
     * Whether {@code e} is two writes colliding: the engine's optimistic lock
     * ({@code OptimisticLockingException}, e.g. two owner changes of one item, a completion racing the ticket step)
     * or the database's (a lost lock, a deadlock). Not the client's fault and not a failure: 409, read again and retry.
     */
    public static boolean isCollision(Throwable e) {
        boolean engineFlush = false;
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof org.camunda.bpm.engine.OptimisticLockingException
                    || c instanceof org.springframework.dao.ConcurrencyFailureException) {
                return true;
            }
            engineFlush |= c instanceof org.camunda.bpm.engine.ProcessEnginePersistenceException;
            if (c instanceof java.sql.SQLException sql && collidedInDatabase(sql, engineFlush)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A statement the database refused because another transaction changed the same rows at the same moment:
     * serialization failure or deadlock (PostgreSQL 40001, 40P01), or, in the engine's flush, a foreign key that a
     * concurrent transaction has just made invalid (23503: on PostgreSQL the engine deletes an execution that a
     * committed transaction has just given a child, where H2 reports the engine's optimistic lock instead).
     */
    private static boolean collidedInDatabase(java.sql.SQLException sql, boolean engineFlush) {
        for (java.sql.SQLException s = sql; s != null; s = s.getNextException() == s ? null : s.getNextException()) {
            String state = s.getSQLState();
            if ("40001".equals(state) || "40P01".equals(state) || (engineFlush && "23503".equals(state))) {
                return true;
            }
        }
        return false;
    }

    /** The 409 answer to a write that collided with another one at the same moment. */
    public static ProblemDetail collision() {
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.CONFLICT);
        problem.setType(URI.create("urn:aftermath:problem:concurrent-change"));
        problem.setTitle("Changed at the same moment");
        problem.setDetail("Someone changed the same item at the same moment and this change was not made: read it "
                + "again and retry if it is still needed.");
        return problem;
    }

    /** Problem details of type {@code about:blank}: the status, its reason phrase as the title, and a detail. */
    public static ProblemDetail of(HttpStatus status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(status.getReasonPhrase());
        return problem;
    }

    /**
     * Writes problem details as the answer of a servlet filter (before Spring MVC, which would otherwise do it):
     * {@code application/problem+json} in UTF-8, serialised by the application's {@code ObjectMapper}.
     */
    public static void write(HttpServletResponse response, ObjectMapper mapper, ProblemDetail problem)
            throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(mapper.writeValueAsString(problem));
    }

    /**
     * Field errors as they may be answered: a message that echoes input looking like SQL, a class name or a stack
     * frame is replaced by a neutral one (the field is still named).
     */
    public static List<FieldError> safe(List<FieldError> errors) {
        return errors.stream().map(e -> new FieldError(e.field(), safe(e.message(), "is not valid"))).toList();
    }

    /** {@code message}, or {@code fallback} when it is empty or would leak internals. */
    public static String safe(String message, String fallback) {
        if (message == null || message.isBlank() || LEAK.matcher(message).find()) {
            return fallback;
        }
        return message;
    }
}
