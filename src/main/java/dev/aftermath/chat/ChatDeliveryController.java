package dev.aftermath.chat;

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
 * The chat outbox for administrators: {@code GET /api/admin/chat-deliveries?status=FAILED} lists messages (newest
 * first) with their last error, {@code GET /api/admin/chat-deliveries/summary} counts them per status and
 * {@code POST /api/admin/chat-deliveries/{id}/retry} queues a failed one again.
 */
@RestController
@RequestMapping("/api/admin/chat-deliveries")
@Tag(name = "administration")
public class ChatDeliveryController {

    private static final Set<String> STATUSES = Set.of(ChatDispatcher.PENDING, ChatDispatcher.SENDING,
            ChatDispatcher.SENT, ChatDispatcher.FAILED);

    private final JdbcClient jdbc;
    private final ChatDispatcher dispatcher;

    public ChatDeliveryController(JdbcClient jdbc, ChatDispatcher dispatcher) {
        this.jdbc = jdbc;
        this.dispatcher = dispatcher;
    }

    @GetMapping
    @Operation(operationId = "listChatDeliveries", summary = "List chat deliveries",
            description = "Callers: administrators (`camunda-admin`; others 403). Changes nothing. Messages of the "
                    + "chat outbox (Slack and Teams), newest first, with their last error.",
            responses = {
                    @ApiResponse(responseCode = "200", description = "One page of chat deliveries",
                            content = @Content(schema = @Schema(implementation = ChatDeliveryPage.class))),
                    @ApiResponse(responseCode = "400", description = "Bad status, page or size"),
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
            throw new InvalidInputException("Invalid chat delivery query", errors);
        }
        String where = status == null ? "" : " where status = :status";
        var count = jdbc.sql("select count(*) from am_chat_delivery" + where);
        var query = jdbc.sql("""
                select id, status, kind, channel_name, address, template, business_key, intent, attempts,
                       next_attempt_at, claimed_by, sent_at, message_ts, last_error, created_at
                  from am_chat_delivery""" + where + " order by created_at desc, id limit :size offset :offset");
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
                    row.put("kind", rs.getString("kind"));
                    row.put("channel", rs.getString("channel_name"));
                    row.put("address", ChatRouting.TEAMS.equals(rs.getString("kind")) ? null
                            : rs.getString("address"));
                    row.put("template", rs.getString("template"));
                    row.put("businessKey", rs.getString("business_key"));
                    row.put("intent", rs.getString("intent"));
                    row.put("attempts", rs.getInt("attempts"));
                    row.put("nextAttemptAt", instant(rs.getTimestamp("next_attempt_at")));
                    row.put("claimedBy", rs.getString("claimed_by"));
                    row.put("sentAt", instant(rs.getTimestamp("sent_at")));
                    row.put("messageTs", rs.getString("message_ts"));
                    row.put("lastError", rs.getString("last_error"));
                    row.put("createdAt", instant(rs.getTimestamp("created_at")));
                    return row;
                }).list();
        return ResponseEntity.ok(new PageResponse<>(items, page, size, total));
    }

    @GetMapping("/summary")
    @Operation(operationId = "countChatDeliveries", summary = "Count chat deliveries per status",
            description = "Callers: administrators (`camunda-admin`; others 403). Changes nothing.",
            responses = {
                    @ApiResponse(responseCode = "200", description = "Deliveries per status", content = @Content(
                            schema = @Schema(implementation = ChatDeliveryCounts.class))),
                    @ApiResponse(responseCode = "403", description = "Not an administrator")})
    public ResponseEntity<?> summary(HttpServletRequest request) {
        ResponseEntity<?> refused = adminOnly(request);
        return refused != null ? refused : ResponseEntity.ok(dispatcher.counts());
    }

    @PostMapping("/{id}/retry")
    @Operation(operationId = "retryChatDelivery", summary = "Post a failed chat message again",
            description = "Callers: administrators (`camunda-admin`; others 403). Puts the message back in the "
                    + "queue with its attempts counted from zero; a message whose last answer was lost is first "
                    + "looked up in the Slack channel. No request body. 409 when it is being sent or was sent.",
            responses = {
                    @ApiResponse(responseCode = "202", description = "Queued", content = @Content(
                            schema = @Schema(implementation = ChatRetryAnswer.class))),
                    @ApiResponse(responseCode = "403", description = "Not an administrator"),
                    @ApiResponse(responseCode = "404", description = "No such delivery"),
                    @ApiResponse(responseCode = "409", description = "Being sent or sent already")})
    public ResponseEntity<?> retry(@PathVariable String id, HttpServletRequest request) {
        ResponseEntity<?> refused = adminOnly(request);
        if (refused != null) {
            return refused;
        }
        Long exists = jdbc.sql("select count(*) from am_chat_delivery where id = ?").param(id).query(Long.class)
                .single();
        if (exists == 0) {
            throw new NotFoundException("No chat delivery " + id);
        }
        if (!dispatcher.retry(id)) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                    "Chat delivery " + id + " is being sent or was sent already: nothing to retry");
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
                "Only administrators (" + IncidentAccess.ADMIN_GROUP + ") see the chat outbox");
        problem.setTitle("Forbidden");
        return ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    @Schema(description = "One chat message to one channel")
    record ChatDelivery(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String id,
                        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"PENDING", "SENDING",
                                "SENT", "FAILED"}) String status,
                        @Schema(allowableValues = {"SLACK", "TEAMS"}) String kind,
                        @Schema(description = "The channel's name in chat-channels.json, or 'incident'") String channel,
                        @Schema(description = "The Slack channel id (none for Teams: the webhook URL is a secret)")
                        String address, String template, String businessKey, String intent, int attempts,
                        @Schema(format = "date-time") String nextAttemptAt, String claimedBy,
                        @Schema(format = "date-time") String sentAt,
                        @Schema(description = "The Slack message's ts") String messageTs, String lastError,
                        @Schema(format = "date-time") String createdAt) {
    }

    @Schema(description = "One page of chat deliveries")
    record ChatDeliveryPage(List<ChatDelivery> items, int page, int size, long total) {
    }

    @Schema(description = "How many chat deliveries are in each status")
    record ChatDeliveryCounts(@Schema(name = "PENDING", requiredMode = Schema.RequiredMode.REQUIRED) long pending,
                              @Schema(name = "SENDING", requiredMode = Schema.RequiredMode.REQUIRED) long sending,
                              @Schema(name = "SENT", requiredMode = Schema.RequiredMode.REQUIRED) long sent,
                              @Schema(name = "FAILED", requiredMode = Schema.RequiredMode.REQUIRED) long failed) {
    }

    @Schema(description = "A chat delivery queued again")
    record ChatRetryAnswer(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String id,
                           @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = "queued")
                           String status) {
    }
}
