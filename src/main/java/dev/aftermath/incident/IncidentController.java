package dev.aftermath.incident;

import java.net.URI;
import java.time.Instant;

import jakarta.servlet.http.HttpServletRequest;

import com.fasterxml.jackson.databind.JsonNode;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.aftermath.directory.Groups;
import dev.aftermath.security.CurrentUser;
import dev.aftermath.web.PageResponse;
import dev.aftermath.web.QueryParams;

@RestController
@RequestMapping("/api/incidents")
@Tag(name = "incidents")
public class IncidentController {

    private final IncidentService service;

    public IncidentController(IncidentService service) {
        this.service = service;
    }

    /** An incident tool posts a closed incident; the lifecycle starts once per incident id. */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "closeIncident", summary = "Post a closed incident",
            description = "Callers: members of `incident-commanders` or `camunda-admin` (others 403). Records the "
                    + "incident and starts its post-mortem lifecycle: the policy decides whether a post-mortem is "
                    + "required, with its deadlines. Idempotent per incident id: the same id again changes nothing and "
                    + "answers 200 with the first receipt. Every bad field is named in one 400.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = IncidentClosure.class))),
            responses = {
                    @ApiResponse(responseCode = "201", description = "Received: the lifecycle started",
                            headers = @Header(name = "Location", description = "The incident",
                                    schema = @Schema(type = "string", format = "uri-reference")),
                            content = @Content(schema = @Schema(implementation = Receipt.class))),
                    @ApiResponse(responseCode = "200", description = "This id was received before: its receipt",
                            headers = @Header(name = "Location", description = "The incident",
                                    schema = @Schema(type = "string", format = "uri-reference")),
                            content = @Content(schema = @Schema(implementation = Receipt.class))),
                    @ApiResponse(responseCode = "400", description = "Invalid closure: `errors` names each field"),
                    @ApiResponse(responseCode = "403", description = "Not an incident commander or administrator")})
    public ResponseEntity<?> post(@RequestBody JsonNode body, HttpServletRequest request) {
        CurrentUser user = CurrentUser.of(request);
        if (!user.inAnyGroup(Groups.INCIDENT_COMMANDERS, Groups.CAMUNDA_ADMIN)) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, "User '" + user.id()
                    + "' may not post incidents: only members of " + Groups.INCIDENT_COMMANDERS + " or "
                    + Groups.CAMUNDA_ADMIN);
            return ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(problem);
        }
        IncidentService.Received received;
        try {
            received = service.receive(body, user.id());
        } catch (DuplicateKeyException raced) {
            // the same id posted twice at once: the other request created it
            received = new IncidentService.Received(service.get(body.get("id").asText().trim()), false);
        }
        Incident i = received.incident();
        // an existing incident the poster may not see (restricted, not a participant): its id only, nothing of it
        Receipt receipt = received.created() || service.canSee(user, i.id())
                ? new Receipt(i.id(), i.processInstanceId(), i.requirement(), i.reason(), i.publishDeadline(),
                i.meetingDeadline())
                : new Receipt(i.id(), null, null, null, null, null);
        URI location = URI.create("/api/incidents/" + i.id());
        return received.created() ? ResponseEntity.created(location).body(receipt)
                : ResponseEntity.ok().location(location).body(receipt);
    }

    /** Incidents with their requirement, reason and recurrence count, newest resolution first. */
    @GetMapping
    @Operation(operationId = "listIncidents", summary = "List incidents",
            description = "Callers: any logged-in user; restricted incidents only for their participants, security "
                    + "and admins. Changes nothing. Newest resolution first, with requirement, reason and recurrence.",
            responses = @ApiResponse(responseCode = "200", description = "One page of incidents",
                    content = @Content(schema = @Schema(implementation = IncidentPage.class))))
    public PageResponse<Incident> list(@Parameter(description = "Service, exact", schema = @Schema(maxLength = 200))
                                       @RequestParam(required = false) String service,
                                       @Parameter(description = "Symptom, exact", schema = @Schema(maxLength = 200))
                                       @RequestParam(required = false) String symptom,
                                       @Parameter(description = "Resolved at or after (YYYY-MM-DD or instant)",
                                               schema = @Schema(maxLength = 40))
                                       @RequestParam(required = false) String from,
                                       @Parameter(description = "Resolved on or before (YYYY-MM-DD or instant)",
                                               schema = @Schema(maxLength = 40))
                                       @RequestParam(required = false) String to,
                                       @Parameter(description = "Page, from 0",
                                               schema = @Schema(type = "integer", format = "int32", minimum = "0",
                                                 maximum = "10000", defaultValue = "0"))
                                       @RequestParam(defaultValue = "0") int page,
                                       @Parameter(description = "Page size",
                                               schema = @Schema(type = "integer", format = "int32", minimum = "1",
                                                 maximum = "200", defaultValue = "20"))
                                       @RequestParam(defaultValue = "20") int size, HttpServletRequest request) {
        PageResponse.check(page, size);
        service = QueryParams.text("service", service);
        symptom = QueryParams.text("symptom", symptom);
        Instant fromInstant = QueryParams.instant("from", from, false);
        Instant toInstant = QueryParams.instant("to", to, true);
        CurrentUser user = CurrentUser.of(request);
        return new PageResponse<>(this.service.search(user, service, symptom, fromInstant, toInstant, page, size), page,
                size, this.service.count(user, service, symptom, fromInstant, toInstant));
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getIncident", summary = "Read one incident",
            description = "Callers: any logged-in user who may see the incident (a restricted one answers 404 to "
                    + "others, like an unknown id). Changes nothing. The posted fields plus requirement, reason, "
                    + "deadlines, state and the process instance.")
    public Incident get(@PathVariable String id, HttpServletRequest request) {
        return service.get(CurrentUser.of(request), id);
    }

    @Schema(description = "What the lifecycle decided for a received incident")
    public record Receipt(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "INC-2041") String incidentId,
                          @Schema(description = "The post-mortem process instance (Camunda)") String processInstanceId,
                          @Schema(allowableValues = {"REQUIRED", "TEAM_DECISION", "NOT_REQUIRED"}, example = "REQUIRED")
                          String requirement,
                          @Schema(description = "Why (the policy's rule)", example = "SEV1/SEV2 always")
                          String reason,
                          @Schema(description = "When the post-mortem must be published, if required")
                          Instant publishDeadline,
                          @Schema(description = "When the review meeting must have taken place, if required")
                          Instant meetingDeadline) {
    }

    /** One page of incidents (for the OpenAPI document: generics have no name there). */
    @Schema(description = "One page of incidents")
    record IncidentPage(java.util.List<Incident> items, @Schema(example = "0") int page,
                        @Schema(example = "20") int size, @Schema(example = "1") long total) {
    }
}
