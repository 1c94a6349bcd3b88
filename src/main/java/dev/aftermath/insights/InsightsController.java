package dev.aftermath.insights;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.aftermath.security.CurrentUser;
import dev.aftermath.security.IncidentAccess;
import dev.aftermath.template.Templates;
import dev.aftermath.web.InvalidInputException;

/**
 * {@code GET /api/insights?from=&to=&service=&severity=} (JSON), the CSV exports {@code /api/insights/incidents.csv},
 * {@code /postmortems.csv}, {@code /action-items.csv} and the page {@code /insights}. Logged-in users (HTTP Basic or
 * Camunda webapp login, {@code ApiAuthenticationFilter}); restricted incidents count only for those who may see them.
 */
@RestController
@Tag(name = "insights")
public class InsightsController {

    /** Scripts only from this application (ECharts webjar and the page script), no inline script. */
    private static final String PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; "
            + "img-src data:; form-action 'self'; frame-ancestors 'self'";
    private static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final InsightsService insights;
    private final InsightsCsv csv;
    private final InsightsPage page;
    private final IncidentAccess access;
    private final Templates templates;
    private final Clock clock;

    public InsightsController(InsightsService insights, InsightsCsv csv, InsightsPage page, IncidentAccess access,
                              Templates templates, Clock clock) {
        this.clock = clock;
        this.insights = insights;
        this.csv = csv;
        this.page = page;
        this.access = access;
        this.templates = templates;
    }

    @GetMapping(value = "/api/insights", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "getInsights", summary = "Numbers over a period",
            description = "Callers: any logged-in user; restricted incidents count only for those who may see them. Changes nothing. Incidents, post-mortems, action items and recurrences in the period (default: the last "
                    + "90 days).")
    public InsightsReport report(HttpServletRequest request, @Parameter(description = "First day (YYYY-MM-DD)", schema = @Schema(format = "date"))
                                 @RequestParam(required = false) String from,
                                 @Parameter(description = "Last day (YYYY-MM-DD); at most 20 years after from",
                                         schema = @Schema(format = "date"))
                                 @RequestParam(required = false) String to,
                                 @Parameter(schema = @Schema(maxLength = 200))
                                 @RequestParam(required = false) String service,
                                 @Parameter(schema = @Schema(allowableValues = {"SEV1", "SEV2", "SEV3", "SEV4"}))
                                 @RequestParam(required = false) String severity) {
        return insights.report(query(from, to, service, severity), visible(request), Instant.now(clock));
    }

    @GetMapping("/api/insights/incidents.csv")
    @Operation(operationId = "exportIncidents", summary = "Export the incidents of a period as CSV",
            description = "Callers: any logged-in user; restricted incidents count only for those who may see them. Changes nothing. One row per incident, as a download.",
            responses = @ApiResponse(responseCode = "200", description = "CSV with a header row",
                    content = @Content(mediaType = "text/csv", schema = @Schema(type = "string"))))
    public ResponseEntity<String> incidentsCsv(HttpServletRequest request, @Parameter(description = "First day (YYYY-MM-DD)", schema = @Schema(format = "date"))
                                 @RequestParam(required = false) String from,
                                 @Parameter(description = "Last day (YYYY-MM-DD); at most 20 years after from",
                                         schema = @Schema(format = "date"))
                                 @RequestParam(required = false) String to,
                                 @Parameter(schema = @Schema(maxLength = 200))
                                 @RequestParam(required = false) String service,
                                 @Parameter(schema = @Schema(allowableValues = {"SEV1", "SEV2", "SEV3", "SEV4"}))
                                 @RequestParam(required = false) String severity) {
        return csv("incidents.csv", csv.incidents(data(request, from, to, service, severity)));
    }

    @GetMapping("/api/insights/postmortems.csv")
    @Operation(operationId = "exportPostmortems", summary = "Export the postmortems of a period as CSV",
            description = "Callers: any logged-in user; restricted incidents count only for those who may see them. Changes nothing. One row per postmortem, as a download.",
            responses = @ApiResponse(responseCode = "200", description = "CSV with a header row",
                    content = @Content(mediaType = "text/csv", schema = @Schema(type = "string"))))
    public ResponseEntity<String> postmortemsCsv(HttpServletRequest request, @Parameter(description = "First day (YYYY-MM-DD)", schema = @Schema(format = "date"))
                                 @RequestParam(required = false) String from,
                                 @Parameter(description = "Last day (YYYY-MM-DD); at most 20 years after from",
                                         schema = @Schema(format = "date"))
                                 @RequestParam(required = false) String to,
                                 @Parameter(schema = @Schema(maxLength = 200))
                                 @RequestParam(required = false) String service,
                                 @Parameter(schema = @Schema(allowableValues = {"SEV1", "SEV2", "SEV3", "SEV4"}))
                                 @RequestParam(required = false) String severity) {
        return csv("postmortems.csv", csv.postmortems(data(request, from, to, service, severity)));
    }

    @GetMapping("/api/insights/action-items.csv")
    @Operation(operationId = "exportActionItems", summary = "Export the action items of a period as CSV",
            description = "Callers: any logged-in user; restricted incidents count only for those who may see them. Changes nothing. One row per action item, as a download.",
            responses = @ApiResponse(responseCode = "200", description = "CSV with a header row",
                    content = @Content(mediaType = "text/csv", schema = @Schema(type = "string"))))
    public ResponseEntity<String> actionItemsCsv(HttpServletRequest request, @Parameter(description = "First day (YYYY-MM-DD)", schema = @Schema(format = "date"))
                                 @RequestParam(required = false) String from,
                                 @Parameter(description = "Last day (YYYY-MM-DD); at most 20 years after from",
                                         schema = @Schema(format = "date"))
                                 @RequestParam(required = false) String to,
                                 @Parameter(schema = @Schema(maxLength = 200))
                                 @RequestParam(required = false) String service,
                                 @Parameter(schema = @Schema(allowableValues = {"SEV1", "SEV2", "SEV3", "SEV4"}))
                                 @RequestParam(required = false) String severity) {
        return csv("action-items.csv", csv.actionItems(data(request, from, to, service, severity)));
    }

    @GetMapping("/insights")
    public ResponseEntity<String> page(HttpServletRequest request, @RequestParam(required = false) String from,
                                       @RequestParam(required = false) String to,
                                       @RequestParam(required = false) String service,
                                       @RequestParam(required = false) String severity) {
        InsightsService.Data data;
        try {
            data = data(request, from, to, service, severity);
        } catch (InvalidInputException e) {
            // a person, not an API client: the page again, with what is wrong in words and the filters as typed
            return ResponseEntity.badRequest().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                    .header("Content-Security-Policy", PAGE_CSP)
                    .body(templates.html("web/insights.vm", page.invalid(e, from, to, service, severity)));
        }
        InsightsReport report = insights.report(data, Instant.now(clock));
        Map<String, Object> model = page.model(data, report, Instant.now(clock));
        model.put("openNow", insights.openNow(data.query(), visible(request)));
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .header("Content-Security-Policy", PAGE_CSP).body(templates.html("web/insights.vm", model));
    }

    private InsightsService.Data data(HttpServletRequest request, String from, String to, String service,
                                      String severity) {
        return insights.data(query(from, to, service, severity), visible(request));
    }

    private InsightsQuery query(String from, String to, String service, String severity) {
        return InsightsQuery.parse(from, to, service, severity, insights.zone(), clock);
    }

    private IncidentAccess.SqlFilter visible(HttpServletRequest request) {
        return access.visibleTo(CurrentUser.of(request), "i.id");
    }

    private static ResponseEntity<String> csv(String name, String body) {
        return ResponseEntity.ok().contentType(CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"")
                .header("X-Content-Type-Options", "nosniff").body(body);
    }
}
