package dev.aftermath.notification;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.aftermath.security.CurrentUser;
import dev.aftermath.security.IncidentAccess;
import dev.aftermath.web.FieldError;
import dev.aftermath.web.InvalidInputException;
import dev.aftermath.web.NotFoundException;
import dev.aftermath.web.PageResponse;

/**
 * The mail outbox for administrators: {@code GET /api/admin/mail-deliveries?status=FAILED} lists deliveries (newest
 * first) with their last error, {@code GET /api/admin/mail-deliveries/summary} counts them per status, and
 * {@code POST /api/admin/mail-deliveries/{id}/retry} puts a failed delivery back in the queue (sent at once).
 */
@RestController
@RequestMapping("/api/admin/mail-deliveries")
@Tag(name = "administration")
public class MailDeliveryController {

    private static final Set<String> STATUSES = Set.of(MailDispatcher.PENDING, MailDispatcher.SENDING,
            MailDispatcher.SENT, MailDispatcher.FAILED);

    private final JdbcClient jdbc;
    private final MailDispatcher dispatcher;

    public MailDeliveryController(JdbcClient jdbc, MailDispatcher dispatcher) {
        this.jdbc = jdbc;
        this.dispatcher = dispatcher;
    }

    @GetMapping
    @Operation(operationId = "listMailDeliveries", summary = "List mail deliveries",
            description = "Callers: administrators (`camunda-admin`; others 403). Changes nothing. Deliveries of the "
                    + "mail outbox, newest first, with their last error.",
            responses = {
                    @ApiResponse(responseCode = "200", description = "One page of deliveries",
                            content = @Content(schema = @Schema(implementation = MailDeliveryPage.class))),
                    @ApiResponse(responseCode = "403", description = "Not an administrator")})
    public ResponseEntity<?> list(@Parameter(description = "Only deliveries in this status", schema = @Schema(
                                          allowableValues = {"PENDING", "SENDING", "SENT", "FAILED"}))
                                  @RequestParam(required = false) String status,
                                  @Parameter(description = "Page, from 0",
                                          schema = @Schema(type = "integer", format = "int32", minimum = "0",
                                                  maximum = "10000", defaultValue = "0"))
                                  @RequestParam(defaultValue = "0") int page,
                                  @Parameter(description = "Page size", schema = @Schema(type = "integer",
                                          format = "int32", minimum = "1", maximum = "200", defaultValue = "50"))
                                  @RequestParam(defaultValue = "50") int size, HttpServletRequest request) {
        ResponseEntity<?> refused = adminOnly(request);
        if (refused != null) {
            return refused;
        }
        List<FieldError> errors = new ArrayList<>();
        PageResponse.check(page, size, errors);
        if (status != null && !STATUSES.contains(status)) {
            errors.add(new FieldError("status", "must be one of PENDING, SENDING, SENT, FAILED"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("Invalid mail delivery query", errors);
        }
        String where = status == null ? "" : " where d.status = :status";
        var count = jdbc.sql("select count(*) from am_mail_delivery d" + where);
        var query = jdbc.sql("""
                select d.id, d.status, d.user_id, d.address, d.attempts, d.next_attempt_at, d.claimed_by, d.sent_at,
                       d.last_error, d.created_at, m.subject, m.step, m.business_key
                  from am_mail_delivery d join am_mail_message m on m.id = d.message_id""" + where
                + " order by d.created_at desc, d.id limit :size offset :offset");
        if (status != null) {
            count = count.param("status", status);
            query = query.param("status", status);
        }
        long total = count.query(Long.class).single();
        List<Map<String, Object>> items = query.param("size", size).param("offset", (long) page * size)
                .query((rs, i) -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("id", rs.getString("id"));
                    row.put("status", rs.getString("status"));
                    row.put("recipient", rs.getString("user_id"));
                    row.put("address", rs.getString("address"));
                    row.put("subject", rs.getString("subject"));
                    row.put("incidentId", rs.getString("business_key"));
                    row.put("step", rs.getString("step"));
                    row.put("attempts", rs.getInt("attempts"));
                    row.put("nextAttemptAt", instant(rs.getTimestamp("next_attempt_at")));
                    row.put("claimedBy", rs.getString("claimed_by"));
                    row.put("sentAt", instant(rs.getTimestamp("sent_at")));
                    row.put("lastError", rs.getString("last_error"));
                    row.put("createdAt", instant(rs.getTimestamp("created_at")));
                    return row;
                }).list();
        return ResponseEntity.ok(new PageResponse<>(items, page, size, total));
    }

    @GetMapping("/summary")
    @Operation(operationId = "countMailDeliveries", summary = "Count mail deliveries per status",
            description = "Callers: administrators (`camunda-admin`; others 403). Changes nothing.",
            responses = {
                    @ApiResponse(responseCode = "200", description = "Deliveries per status", content = @Content(
                            schema = @Schema(implementation = DeliveryCounts.class))),
                    @ApiResponse(responseCode = "403", description = "Not an administrator")})
    public ResponseEntity<?> summary(HttpServletRequest request) {
        ResponseEntity<?> refused = adminOnly(request);
        return refused != null ? refused : ResponseEntity.ok(dispatcher.counts());
    }

    @PostMapping("/{id}/retry")
    @Operation(operationId = "retryMailDelivery", summary = "Send a failed mail delivery again",
            description = "Callers: administrators (`camunda-admin`; others 403). Puts the delivery back in the "
                    + "queue; it is sent at once. No request body. 409 when it is being sent or was sent already.",
            responses = {
                    @ApiResponse(responseCode = "202", description = "Queued", content = @Content(
                            schema = @Schema(implementation = RetryAnswer.class))),
                    @ApiResponse(responseCode = "403", description = "Not an administrator"),
                    @ApiResponse(responseCode = "404", description = "No such delivery"),
                    @ApiResponse(responseCode = "409", description = "Being sent or sent already")})
    public ResponseEntity<?> retry(@PathVariable String id, HttpServletRequest request) {
        ResponseEntity<?> refused = adminOnly(request);
        if (refused != null) {
            return refused;
        }
        Long exists = jdbc.sql("select count(*) from am_mail_delivery where id = ?").param(id).query(Long.class)
                .single();
        if (exists == 0) {
            throw new NotFoundException("No mail delivery " + id);
        }
        if (!dispatcher.retry(id)) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                    "Delivery " + id + " is being sent or was sent already: nothing to retry");
            problem.setTitle("Conflict");
            return ResponseEntity.status(HttpStatus.CONFLICT).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(problem);
        }
        return ResponseEntity.accepted().body(Map.of("id", id, "status", "queued"));
    }

    private static String instant(java.sql.Timestamp t) {
        return t == null ? null : t.toInstant().toString();
    }

    private static ResponseEntity<?> adminOnly(HttpServletRequest request) {
        if (CurrentUser.of(request).inAnyGroup(IncidentAccess.ADMIN_GROUP)) {
            return null;
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN,
                "Only administrators (" + IncidentAccess.ADMIN_GROUP + ") see the mail outbox");
        problem.setTitle("Forbidden");
        return ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /** One delivery of the outbox, for the OpenAPI document (the list answers maps). */
    @Schema(description = "One delivery of one mail to one recipient")
    record MailDelivery(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String id,
                        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"PENDING", "SENDING",
                                "SENT", "FAILED"}) String status,
                        @Schema(description = "User id") String recipient,
                        @Schema(format = "email") String address, String subject,
                        @Schema(description = "The post-mortem's incident") String incidentId,
                        @Schema(description = "The process step that sent it") String step, int attempts,
                        @Schema(format = "date-time") String nextAttemptAt,
                        @Schema(description = "The node sending it") String claimedBy,
                        @Schema(format = "date-time") String sentAt, String lastError,
                        @Schema(format = "date-time") String createdAt) {
    }

    /** One page of deliveries. */
    @Schema(description = "One page of mail deliveries")
    record MailDeliveryPage(List<MailDelivery> items, int page, int size, long total) {
    }

    /** Deliveries per status. */
    @Schema(description = "How many deliveries are in each status")
    record DeliveryCounts(@Schema(name = "PENDING", requiredMode = Schema.RequiredMode.REQUIRED) long pending,
                          @Schema(name = "SENDING", requiredMode = Schema.RequiredMode.REQUIRED) long sending,
                          @Schema(name = "SENT", requiredMode = Schema.RequiredMode.REQUIRED) long sent,
                          @Schema(name = "FAILED", requiredMode = Schema.RequiredMode.REQUIRED) long failed) {
    }

    /** The answer to a retry. */
    @Schema(description = "A delivery queued again")
    record RetryAnswer(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String id,
                       @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = "queued") String status) {
    }
}
