package dev.aftermath.incident;

import java.net.URI;
import java.time.Instant;

import jakarta.servlet.http.HttpServletRequest;

import com.fasterxml.jackson.databind.JsonNode;

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
public class IncidentController {

    private final IncidentService service;

    public IncidentController(IncidentService service) {
        this.service = service;
    }

    /** An incident tool posts a closed incident; the lifecycle starts once per incident id. */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
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
    public PageResponse<Incident> list(@RequestParam(required = false) String service,
                                       @RequestParam(required = false) String symptom,
                                       @RequestParam(required = false) String from,
                                       @RequestParam(required = false) String to,
                                       @RequestParam(defaultValue = "0") int page,
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
    public Incident get(@PathVariable String id, HttpServletRequest request) {
        return service.get(CurrentUser.of(request), id);
    }

    public record Receipt(String incidentId, String processInstanceId, String requirement, String reason,
                          Instant publishDeadline, Instant meetingDeadline) {
    }
}
