package dev.aftermath.web;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Test classpath only: an endpoint that fails the way a bug would, with SQL and a class name in the exception's
 * message, for {@link UnexpectedErrorTest}. Part of the shared test context (component scan), so it costs no second
 * context.
 */
@RestController
@io.swagger.v3.oas.annotations.Hidden // not part of the API: the document the linter reads is the product's
public class FailingTestController {

    static final String PATH = "/api/test-only/unexpected-failure";

    @GetMapping(PATH)
    public String fail() {
        throw new IllegalStateException("PreparedStatementCallback; bad SQL grammar [select * from am_incident "
                + "where id = ?]; nested exception is org.h2.jdbc.JdbcSQLSyntaxErrorException");
    }
}
