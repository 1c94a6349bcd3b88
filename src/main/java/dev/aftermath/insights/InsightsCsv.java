package dev.aftermath.insights;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.stereotype.Component;

import dev.aftermath.insights.InsightsRepository.IncidentRow;
import dev.aftermath.insights.InsightsRepository.ItemRow;

/**
 * The rows behind the insights as CSV (Apache Commons CSV, RFC 4180: CRLF, fields with commas, quotes or line breaks
 * quoted, quotes doubled). Text cells that a spreadsheet would run as a formula (starting with {@code =}, {@code +},
 * {@code -}, {@code @}, tab or carriage return) are prefixed with {@code '}; numbers are written as numbers.
 */
@Component
public class InsightsCsv {

    private final InsightsService insights;

    public InsightsCsv(InsightsService insights) {
        this.insights = insights;
    }

    public String incidents(InsightsService.Data data) {
        return write(List.of("id", "title", "service", "severity", "symptom", "startedAt", "detectedAt",
                "acknowledgedAt", "resolvedAt", "ttdMinutes", "tteMinutes", "ttrMinutes", "durationMinutes",
                "requirement", "publishDeadline", "postmortemStatus", "publishedAt"), data.incidents().stream()
                .map(i -> row(i.id(), i.title(), i.service(), i.severity(), i.symptom(), i.startedAt(),
                        i.detectedAt(), i.acknowledgedAt(), i.resolvedAt(),
                        InsightsService.round1(InsightsService.minutes(i.startedAt(), i.detectedAt())),
                        InsightsService.round1(InsightsService.minutes(i.detectedAt(), i.acknowledgedAt())),
                        InsightsService.round1(InsightsService.minutes(i.detectedAt(), i.resolvedAt())),
                        InsightsService.round1(InsightsService.minutes(i.startedAt(), i.resolvedAt())),
                        i.requirement(), i.publishDeadline(), i.postmortemStatus(), i.publishedAt()))
                .toList());
    }

    /** The post-mortems due for the period's incidents (required, or written after a team decision). */
    public String postmortems(InsightsService.Data data) {
        return write(List.of("incidentId", "title", "service", "severity", "resolvedAt", "status", "publishDeadline",
                "publishedAt", "onTime", "hoursToPublish", "meetingStart", "hoursToMeeting", "reviewRounds",
                "qualityRounds", "rootCauseIdentified", "causeCategory", "actionItems"), data.incidents().stream()
                .filter(IncidentRow::postmortemRequired)
                .map(i -> row(i.id(), i.title(), i.service(), i.severity(), i.resolvedAt(), i.postmortemStatus(),
                        i.publishDeadline(), i.publishedAt(), i.published() ? i.publishedOnTime() : null,
                        InsightsService.round1(InsightsService.hours(i.resolvedAt(), i.publishedAt())),
                        i.meetingStart(),
                        InsightsService.round1(InsightsService.hours(i.resolvedAt(), i.meetingStart())),
                        i.reviewRounds(), i.qualityRounds(), i.published() ? insights.rootCauseIdentified(i) : null,
                        i.causeCategory(), i.actionItems()))
                .toList());
    }

    public String actionItems(InsightsService.Data data) {
        return write(List.of("id", "incidentId", "title", "owner", "priority", "dueDate", "state", "escalationLevel",
                "createdAt", "endedAt", "doneOnTime", "daysToComplete", "service", "severity"), data.items().stream()
                .map(i -> row(i.id(), i.incidentId(), i.title(), i.owner(), i.priority(), i.dueDate(), i.state(),
                        i.escalationLevel(), i.createdAt(), i.endedAt(), insights.doneOnTime(i),
                        "DONE".equals(i.state()) && i.endedAt() != null && i.createdAt() != null
                                ? InsightsService.round1((i.endedAt().toEpochMilli() - i.createdAt().toEpochMilli())
                                / 86_400_000.0) : null,
                        i.service(), i.severity()))
                .toList());
    }

    private static List<Object> row(Object... values) {
        List<Object> row = new ArrayList<>(values.length);
        for (Object v : values) {
            row.add(cell(v));
        }
        return row;
    }

    /** A cell: numbers and booleans as they are, instants ISO-8601, text neutralised against formulas. */
    static Object cell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Number || value instanceof Boolean || value instanceof Instant) {
            return value.toString();
        }
        return neutralise(value.toString());
    }

    /**
     * What a spreadsheet may read as the start of a formula: {@code = + - @}, tab and carriage return, and the
     * full-width forms {@code ＝ ＋ － ＠} (U+FF1D, U+FF0B, U+FF0D, U+FF20) that some spreadsheets fold into them.
     */
    static final String FORMULA_STARTERS = "=+-@\t\r\uFF1D\uFF0B\uFF0D\uFF20";

    /** Prefixes a text a spreadsheet would treat as a formula with a single quote. */
    public static String neutralise(String text) {
        if (!text.isEmpty() && FORMULA_STARTERS.indexOf(text.charAt(0)) >= 0) {
            return "'" + text;
        }
        return text;
    }

    private static String write(List<String> header, List<List<Object>> rows) {
        StringWriter out = new StringWriter();
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).get();
        try (CSVPrinter printer = new CSVPrinter(out, format)) {
            for (List<Object> row : rows) {
                printer.printRecord(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
