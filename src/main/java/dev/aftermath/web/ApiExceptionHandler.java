package dev.aftermath.web;

import java.net.URI;
import java.util.List;

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
        problem.setProperty("errors", e.errors());
        return respond(problem);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    public ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
        problem.setType(URI.create("urn:aftermath:problem:invalid-json"));
        problem.setTitle("Request body is not valid JSON");
        String cause = e.getMostSpecificCause().getMessage();
        problem.setDetail(cause == null ? "The body could not be read" : cause.lines().findFirst().orElse(cause));
        problem.setProperty("errors", List.of(new FieldError("body", "is not a valid JSON object")));
        return respond(problem);
    }

    @ExceptionHandler(NotFoundException.class)
    public ResponseEntity<ProblemDetail> notFound(NotFoundException e) {
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.NOT_FOUND);
        problem.setTitle("Not found");
        problem.setDetail(e.getMessage());
        return respond(problem);
    }

    @ExceptionHandler(ConflictException.class)
    public ResponseEntity<ProblemDetail> conflict(ConflictException e) {
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.CONFLICT);
        problem.setTitle("Conflict");
        problem.setDetail(e.getMessage());
        e.properties().forEach(problem::setProperty);
        return respond(problem);
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
