package dev.aftermath.web;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The last resort of the Aftermath controllers: whatever no other handler answered. Ordered last, so that every
 * other advice (and Spring Boot's problem-details handler for Spring MVC's own errors) comes first. A client error
 * keeps its status and standard problem details; anything else is an unexpected error: 500 with an error id, the
 * exception itself only in the log.
 */
@Order(Ordered.LOWEST_PRECEDENCE)
@RestControllerAdvice(basePackages = "dev.aftermath")
public class UnexpectedErrorHandler {

    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedErrorHandler.class);

    @ExceptionHandler(Exception.class)
    public ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        BodyTooLargeException tooLarge = BodyTooLargeException.in(e);
        if (tooLarge != null) {
            return ApiExceptionHandler.tooLarge(tooLarge.limit());
        }
        if (e instanceof ErrorResponse response && response.getStatusCode().is4xxClientError()) {
            ProblemDetail body = response.getBody();
            ProblemDetail problem = ProblemDetail.forStatus(response.getStatusCode());
            problem.setTitle(body.getTitle());
            problem.setDetail(Problems.safe(body.getDetail(), body.getTitle()));
            return ApiExceptionHandler.respond(problem);
        }
        if (Problems.isCollision(e)) {
            LOG.info("Write collided with another on {} {}: {}", request.getMethod(), request.getRequestURI(),
                    e.toString());
            return ApiExceptionHandler.respond(Problems.collision());
        }
        String errorId = Problems.errorId();
        LOG.error("Unexpected error {} on {} {}", errorId, request.getMethod(), request.getRequestURI(), e);
        return ApiExceptionHandler.respond(Problems.internal(errorId));
    }
}
