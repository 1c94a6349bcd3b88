package dev.aftermath.migration;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.aftermath.security.CurrentUser;
import dev.aftermath.security.IncidentAccess;
import dev.aftermath.web.FieldError;
import dev.aftermath.web.InvalidInputException;

/**
 * {@code POST /api/admin/migrations} {@code {processKey, dryRun}} (admins only): migrates every running instance of the
 * older versions of {@code postmortem}, {@code action-item} or {@code task-notification} to the latest version, or
 * with {@code dryRun: true} only reports per source version how many instances there are and which activities cannot
 * be mapped.
 */
@RestController
@RequestMapping("/api/admin/migrations")
@Tag(name = "administration")
public class MigrationController {

    private final MigrationService migrations;

    public MigrationController(MigrationService migrations) {
        this.migrations = migrations;
    }

    @PostMapping
    @Operation(operationId = "migrateInstances", summary = "Migrate running process instances to the latest version",
            description = "Callers: administrators (`camunda-admin`; others 403). Migrates every running instance "
                    + "of the older versions of one process to its latest version; with `dryRun: true` changes "
                    + "nothing and reports per source version how many instances there are and which activities "
                    + "cannot be mapped.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = MigrationRequest.class))),
            responses = {
                    @ApiResponse(responseCode = "200", description = "What was (or would be) migrated",
                            content = @Content(schema = @Schema(implementation = MigrationService.Report.class))),
                    @ApiResponse(responseCode = "400", description = "An unknown processKey, or a dryRun that is "
                            + "not a boolean"),
                    @ApiResponse(responseCode = "403", description = "Not an administrator")})
    public ResponseEntity<?> migrate(@RequestBody(required = false) Map<String, Object> body,
                                     HttpServletRequest request) {
        CurrentUser user = CurrentUser.of(request);
        if (!user.inAnyGroup(IncidentAccess.ADMIN_GROUP)) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN,
                    "Only administrators (" + IncidentAccess.ADMIN_GROUP + ") migrate running instances");
            problem.setTitle("Forbidden");
            return ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(problem);
        }
        List<FieldError> errors = new ArrayList<>();
        Object key = body == null ? null : body.get("processKey");
        if (key == null || !MigrationService.KEYS.contains(key.toString())) {
            errors.add(new FieldError("processKey", "must be one of " + String.join(", ", MigrationService.KEYS)));
        }
        Object dryRun = body == null ? null : body.get("dryRun");
        if (dryRun != null && !(dryRun instanceof Boolean)) {
            errors.add(new FieldError("dryRun", "must be true or false"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("Invalid migration request", errors);
        }
        return ResponseEntity.ok(migrations.migrate(key.toString(), Boolean.TRUE.equals(dryRun)));
    }

    /** The body of a migration, for the OpenAPI document (read leniently as a map). */
    @Schema(description = "Which process to migrate")
    record MigrationRequest(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"postmortem", "action-item",
                    "task-notification"}, example = "postmortem") String processKey,
            @Schema(defaultValue = "false", description = "Only report, change nothing", example = "true")
            Boolean dryRun) {
    }
}
