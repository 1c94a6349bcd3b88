package dev.aftermath.web;

import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;

import org.springframework.beans.TypeMismatchException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Errors of the Aftermath API as RFC 9457 problem details ({@code application/problem+json}). Ordered before Spring
 * Boot's {@code ProblemDetailsExceptionHandler} ({@code @Order(0)}, from {@code spring.mvc.problemdetails.enabled}),
 * which would otherwise answer unreadable JSON without naming the {@code body} field.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice(basePackages = "dev.aftermath")
public class ApiExceptionHandler {

    @ExceptionHandler(InvalidInputException.class)
    public ResponseEntity<ProblemDetail> invalid(InvalidInputException e) {
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
        problem.setType(URI.create("urn:aftermath:problem:invalid-input"));
        problem.setTitle(e.title());
        problem.setDetail("Invalid field" + (e.errors().size() == 1 ? "" : "s") + ": "
                + String.join(", ", e.errors().stream().map(FieldError::field).distinct().toList()));
        problem.setProperty("errors", Problems.safe(e.errors()));
        return respond(problem);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    public ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        BodyTooLargeException tooLarge = BodyTooLargeException.in(e);
        if (tooLarge != null) {
            return tooLarge(tooLarge.limit());
        }
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
        problem.setType(URI.create("urn:aftermath:problem:invalid-json"));
        problem.setTitle("Request body is not valid JSON");
        // Jackson's own message names Java types: say where, not what the parser thought
        String field = "body";
        String detail = "The body could not be read as a JSON object";
        if (e.getCause() instanceof JsonProcessingException jpe) {
            if (jpe instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
                field = jsonPath(jme.getPath());
                detail = "The field " + field + " has the wrong type";
            } else if (jpe.getLocation() != null) {
                detail = "The body is not valid JSON (line " + jpe.getLocation().getLineNr() + ", column "
                        + jpe.getLocation().getColumnNr() + ")";
            }
            if (jpe instanceof StreamConstraintsException) {
                detail = "The body is nested too deeply or too long";
            }
        }
        problem.setDetail(detail);
        problem.setProperty("errors", List.of(new FieldError(field, field.equals("body")
                ? "is not a valid JSON object" : "has the wrong type")));
        return respond(problem);
    }

    /** A query or path parameter of the wrong type ({@code page=abc}, {@code AI-x}). */
    @ExceptionHandler(TypeMismatchException.class)
    public ResponseEntity<ProblemDetail> typeMismatch(TypeMismatchException e) {
        String name = e instanceof MethodArgumentTypeMismatchException m ? m.getName() : e.getPropertyName();
        String expected = e.getRequiredType() == null ? "a value of another type"
                : Number.class.isAssignableFrom(e.getRequiredType()) || e.getRequiredType().isPrimitive()
                ? "a whole number in range" : "a value of another type";
        return invalid(new InvalidInputException("Invalid parameter",
                List.of(new FieldError(name == null ? "parameter" : name, "must be " + expected))));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    public ResponseEntity<ProblemDetail> missingParameter(MissingServletRequestParameterException e) {
        return invalid(new InvalidInputException("Invalid parameter",
                List.of(new FieldError(e.getParameterName(), "is required"))));
    }

    public static ResponseEntity<ProblemDetail> tooLarge(long limit) {
        return respond(Problems.bodyTooLarge(limit));
    }

    private static String jsonPath(List<JsonMappingException.Reference> path) {
        StringBuilder s = new StringBuilder();
        for (JsonMappingException.Reference r : path) {
            if (r.getFieldName() != null) {
                s.append(s.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                s.append('[').append(r.getIndex()).append(']');
            }
        }
        return s.isEmpty() ? "body" : s.toString();
    }

    @ExceptionHandler(NotFoundException.class)
    public ResponseEntity<ProblemDetail> notFound(NotFoundException e) {
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.NOT_FOUND);
        problem.setTitle("Not found");
        problem.setDetail(Problems.safe(e.getMessage(), "Not found"));
        return respond(problem);
    }

    @ExceptionHandler(ConflictException.class)
    public ResponseEntity<ProblemDetail> conflict(ConflictException e) {
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.CONFLICT);
        problem.setTitle("Conflict");
        problem.setDetail(Problems.safe(e.getMessage(), "Conflict"));
        e.properties().forEach(problem::setProperty);
        return respond(problem);
    }

    static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
