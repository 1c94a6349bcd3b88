package dev.aftermath.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The container's error page ({@code /error}, instead of Spring Boot's whitelabel page): whatever failed outside a
 * controller (a filter, a servlet of the Camunda webapps, an unknown path) is answered as problem details. A server
 * error gets an error id that is logged with the exception; the answer never carries the exception's text.
 */
@RestController
public class ProblemErrorController implements ErrorController {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemErrorController.class);

    @RequestMapping("${server.error.path:/error}")
    public ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Throwable exception = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        HttpStatus status = code instanceof Integer i && HttpStatus.resolve(i) != null ? HttpStatus.valueOf(i)
                : HttpStatus.INTERNAL_SERVER_ERROR;
        BodyTooLargeException tooLarge = BodyTooLargeException.in(exception);
        if (tooLarge != null) {
            return ApiExceptionHandler.tooLarge(tooLarge.limit());
        }
        ProblemDetail problem;
        if (status.is5xxServerError()) {
            String errorId = Problems.errorId();
            LOG.error("Unexpected error {} on {}", errorId, request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI),
                    exception);
            problem = Problems.internal(errorId);
            problem.setStatus(status.value());
        } else {
            problem = ProblemDetail.forStatus(status);
            problem.setTitle(status.getReasonPhrase());
            Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
            problem.setDetail(Problems.safe(message == null ? null : message.toString(), status.getReasonPhrase()));
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
