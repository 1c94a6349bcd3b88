package dev.aftermath.insights;

import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.stereotype.Component;

import dev.aftermath.incident.Severity;
import dev.aftermath.insights.InsightsReport.CauseCount;
import dev.aftermath.insights.InsightsRepository.IncidentRow;
import dev.aftermath.insights.InsightsRepository.ItemRow;
import dev.aftermath.template.Formats;
import dev.aftermath.web.InvalidInputException;

/**
 * The model of {@code templates/web/insights.vm}: the report, the filters, and one chart description per chart
 * ({@code id, title, kind, unit, categories, series[{name, data}]}). The page renders each chart as a table (always)
 * and, with ECharts, as a chart from the same description.
 */
@Component
public class InsightsPage {

    private final InsightsService insights;
    private final ObjectMapper json;

    public InsightsPage(InsightsService insights, ObjectMapper json) {
        this.insights = insights;
        this.json = json;
    }

    public Map<String, Object> model(InsightsService.Data data, InsightsReport report, Instant now) {
        Map<String, Object> model = new LinkedHashMap<>();
        InsightsQuery q = data.query();
        Map<String, Object> filters = new LinkedHashMap<>();
        filters.put("from", q.from().toString());
        filters.put("to", q.to().toString());
        filters.put("service", q.service());
        filters.put("severity", q.severity());
        model.put("filters", filters);
        model.put("query", queryString(q));
        model.put("severities", List.of(Severity.values()).stream().map(Enum::name).toList());
        model.put("services", data.incidents().stream().map(IncidentRow::service)
                .filter(s -> s != null && !s.isBlank()).collect(Collectors.toCollection(TreeSet::new)));
        model.put("report", report);
        // the denominator of "published on time": required post-mortems published or past their deadline
        model.put("onTimeJudged", InsightsService.judgedOnTime(data.incidents(), now).size());
        List<Map<String, Object>> charts = charts(data, report, now);
        model.put("charts", charts);
        model.put("chartsJson", write(charts));
        model.put("zone", insights.zone().getId());
        model.put("fmt", new Formats(insights.zone(), id -> id));
        return model;
    }

    /**
     * The model of the page for a question it cannot answer ({@code from} after {@code to}, a bad date or severity):
     * the filters as typed and {@code $errors} ({field, message}, as the API names them); no numbers.
     */
    public Map<String, Object> invalid(InvalidInputException e, String from, String to, String service,
                                       String severity) {
        Map<String, Object> model = new LinkedHashMap<>();
        Map<String, Object> filters = new LinkedHashMap<>();
        filters.put("from", from);
        filters.put("to", to);
        filters.put("service", service == null || service.isBlank() ? null : service.strip());
        filters.put("severity", severity == null || severity.isBlank() ? null : severity.strip());
        model.put("filters", filters);
        model.put("errors", e.errors().stream().map(f -> Map.of("field", f.field(), "message", f.message())).toList());
        model.put("severities", List.of(Severity.values()).stream().map(Enum::name).toList());
        model.put("services", List.of());
        model.put("zone", insights.zone().getId());
        model.put("fmt", new Formats(insights.zone(), id -> id));
        return model;
    }

    List<Map<String, Object>> charts(InsightsService.Data data, InsightsReport report, Instant now) {
        List<String> months = report.trend().stream().map(InsightsReport.Month::month).toList();
        List<Map<String, Object>> charts = new ArrayList<>();

        charts.add(chart("chart-mttr", "MTTR by month", "line", "minutes", months,
                series("MTTR (minutes)", report.trend().stream().map(m -> (Object) m.mttrMinutes()).toList())));

        Map<YearMonth, List<IncidentRow>> byMonth = data.incidents().stream().collect(Collectors.groupingBy(
                r -> YearMonth.from(r.resolvedAt().atZone(insights.zone()))));
        List<Map<String, Object>> severitySeries = new ArrayList<>();
        for (Severity s : Severity.values()) {
            severitySeries.add(series(s.name(), months.stream().map(m -> (Object) byMonth
                    .getOrDefault(YearMonth.parse(m), List.of()).stream()
                    .filter(r -> s.name().equals(r.severity())).count()).toList()));
        }
        charts.add(chart("chart-severity", "Incidents by severity per month", "stacked", "incidents", months,
                severitySeries.toArray(Map[]::new)));

        List<Object> onTime = new ArrayList<>();
        List<Object> late = new ArrayList<>();
        for (String m : months) {
            List<IncidentRow> judged = byMonth.getOrDefault(YearMonth.parse(m), List.of()).stream()
                    .filter(IncidentRow::postmortemRequired)
                    .filter(r -> r.published() || (r.publishDeadline() != null && r.publishDeadline().isBefore(now)))
                    .toList();
            long ok = judged.stream().filter(IncidentRow::publishedOnTime).count();
            onTime.add(ok);
            late.add(judged.size() - ok);
        }
        charts.add(chart("chart-ontime", "Post-mortems on time vs late", "stacked", "post-mortems", months,
                series("On time", onTime), series("Late or missing", late)));

        charts.add(chart("chart-completion", "Action-item completion rate by month (due date)", "bar", "%", months,
                series("Done on time (%)", report.trend().stream().map(m -> (Object) m.completionRatePercent())
                        .toList())));

        List<String> levels = List.of("Level 0", "Level 1", "Level 2", "Level 3", "Level 4");
        List<Object> openByLevel = new ArrayList<>();
        for (int level = 0; level <= 4; level++) {
            int l = level;
            openByLevel.add(data.items().stream().filter(ItemRow::open).filter(i -> i.escalationLevel() == l).count());
        }
        charts.add(chart("chart-escalation", "Open action items by escalation level", "bar", "items", levels,
                series("Open items", openByLevel)));

        List<String> quarters = report.causeCategories().stream().map(CauseCount::quarter).distinct().toList();
        List<String> categories = report.causeCategories().stream().map(CauseCount::category).distinct().sorted()
                .toList();
        List<Map<String, Object>> causeSeries = new ArrayList<>();
        for (String c : categories) {
            causeSeries.add(series(c, quarters.stream().map(qt -> (Object) report.causeCategories().stream()
                    .filter(cc -> cc.quarter().equals(qt) && cc.category().equals(c))
                    .mapToLong(CauseCount::count).sum()).toList()));
        }
        charts.add(chart("chart-causes", "Cause categories per quarter", "stacked", "post-mortems", quarters,
                causeSeries.toArray(Map[]::new)));

        charts.add(chart("chart-recurrences", "Recurrences after a post-mortem", "bar", "incidents",
                report.recurrences().stream().map(r -> r.service() + " / " + r.symptom() + " (" + r.postmortemId()
                        + ")").toList(),
                series("Incidents after publication", report.recurrences().stream()
                        .map(r -> (Object) r.occurrencesAfter()).toList())));
        return charts;
    }

    @SafeVarargs
    private static Map<String, Object> chart(String id, String title, String kind, String unit,
                                             List<String> categories, Map<String, Object>... series) {
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("id", id);
        chart.put("title", title);
        chart.put("kind", kind);
        chart.put("unit", unit);
        chart.put("categories", categories);
        chart.put("series", List.of(series));
        // the table behind the chart: one row per category, one column per series
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < categories.size(); i++) {
            List<Object> row = new ArrayList<>();
            row.add(categories.get(i));
            for (Map<String, Object> s : series) {
                Object v = ((List<?>) s.get("data")).get(i);
                row.add(v == null ? "-" : v);
            }
            rows.add(row);
        }
        chart.put("rows", rows);
        return chart;
    }

    private static Map<String, Object> series(String name, List<Object> data) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", name);
        s.put("data", data);
        return s;
    }

    static String queryString(InsightsQuery q) {
        StringBuilder s = new StringBuilder("from=").append(q.from()).append("&to=").append(q.to());
        if (q.service() != null) {
            s.append("&service=").append(java.net.URLEncoder.encode(q.service(), java.nio.charset.StandardCharsets.UTF_8));
        }
        if (q.severity() != null) {
            s.append("&severity=").append(q.severity());
        }
        return s.toString();
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
