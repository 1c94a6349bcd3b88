package dev.aftermath.incident;

import java.util.List;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;

/**
 * The body of {@code POST /api/incidents} as the OpenAPI document describes it. The controller still reads the raw JSON
 * with {@link IncidentPayload} (which names every bad field in one 400); this record only states the contract: types,
 * formats, the limits of {@code web.InputLimits} and which fields are required.
 */
@Schema(name = "IncidentClosure", description = "A closed incident as the incident tool posts it. Unknown fields are "
        + "ignored; text refuses control characters (line breaks only in customerImpact).")
public record IncidentClosure(
        @Schema(description = "The incident tool's id: letters, digits, '.', '_', ':', '-', starting with a letter or "
                + "digit; posting the same id again answers 200 with the first receipt", requiredMode =
                RequiredMode.REQUIRED, maxLength = 200, pattern = "^[A-Za-z0-9][A-Za-z0-9._:-]*$",
                example = "INC-2041") String id,
        @Schema(maxLength = 300, example = "Checkout returns 502 for EU customers") String title,
        @Schema(maxLength = 200, example = "checkout") String service,
        @Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = {"SEV1", "SEV2", "SEV3", "SEV4"},
                example = "SEV2") String severity,
        @Schema(format = "date-time", maxLength = 40, description = "Years 1970-9999",
                example = "2026-11-20T13:05:00Z") String startedAt,
        @Schema(format = "date-time", maxLength = 40, description = "Not before startedAt",
                example = "2026-11-20T13:09:00Z") String detectedAt,
        @Schema(format = "date-time", maxLength = 40, description = "Not before detectedAt",
                example = "2026-11-20T13:12:00Z") String acknowledgedAt,
        @Schema(format = "date-time", maxLength = 40, description = "Not before detectedAt",
                example = "2026-11-20T14:01:00Z") String mitigatedAt,
        @Schema(format = "date-time", maxLength = 40, requiredMode = RequiredMode.REQUIRED, description = "When the "
                + "incident was closed: not before startedAt/detectedAt, not in the future",
                example = "2026-11-20T14:23:00Z") String resolvedAt,
        @Schema(requiredMode = RequiredMode.REQUIRED, maxLength = 100, description = "A known Camunda user id",
                example = "jordan") String commander,
        @ArraySchema(maxItems = 50, schema = @Schema(maxLength = 100, description = "A known Camunda user id",
                example = "sam"), arraySchema = @Schema(description = "Known user ids; 2,000 characters in all"))
        List<String> responders,
        @Schema(minimum = "0", maximum = "1000000000000", example = "1200") Long usersAffected,
        @Schema(minimum = "0", maximum = "100", example = "3.5") Double usersAffectedPercent,
        @Schema(maxLength = 10_000, description = "Multi-line text", example = "EU customers could not pay for 78 "
                + "minutes.") String customerImpact,
        @Schema(maxLength = 500, description = "A fingerprint of the symptom; incidents with the same symptom count "
                + "as recurrences", example = "checkout-502") String symptom,
        @Schema(defaultValue = "false") Boolean dataLoss,
        @Schema(defaultValue = "false", description = "A security incident is restricted: only its participants, "
                + "security and admins see it") Boolean securityIncident,
        @Schema(defaultValue = "false") Boolean slaBreached,
        @Schema(defaultValue = "false") Boolean nearMiss,
        @Schema(defaultValue = "false", description = "Restrict the post-mortem to its participants")
        Boolean restricted,
        @ArraySchema(maxItems = 200, arraySchema = @Schema(description = "At most 100,000 characters as JSON"))
        List<TimelineItem> timeline,
        @Schema(maxLength = 100, description = "A known user id; the commander when absent", example = "sam")
        String author,
        @Schema(maxLength = 100, description = "A known user id", example = "riley") String facilitator,
        @Schema(maxLength = 100, pattern = "^#?[A-Za-z0-9][A-Za-z0-9._-]*$", description = "The incident's own chat "
                + "channel: a Slack channel id or a channel name; chat notifications and the timeline import use it",
                example = "C0123ABCD") String chatChannel) {

    /** One timeline entry of a closure. */
    @Schema(name = "IncidentTimelineItem", description = "One line of the incident timeline")
    public record TimelineItem(
            @Schema(format = "date-time", maxLength = 40, requiredMode = RequiredMode.REQUIRED,
                    example = "2026-11-20T13:09:00Z") String at,
            @Schema(maxLength = 1000, requiredMode = RequiredMode.REQUIRED, example = "Alert: checkout 5xx > 5%")
            String event,
            @Schema(maxLength = 200, example = "pagerduty") String source,
            @Schema(maxLength = 200, example = "sam") String actor) {
    }
}
