package dev.aftermath.insights;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.stereotype.Service;

import dev.aftermath.document.PostmortemDocument;
import dev.aftermath.document.PostmortemDocument.ActionItem;
import dev.aftermath.calendar.BusinessCalendar;
import dev.aftermath.directory.UserDirectory;
import dev.aftermath.insights.InsightsReport.TargetResult;
import dev.aftermath.insights.InsightsRepository.IncidentRow;
import dev.aftermath.insights.InsightsRepository.ItemRow;
import dev.aftermath.security.IncidentAccess;
import dev.aftermath.security.IncidentAccess.SqlFilter;
import dev.aftermath.web.Links;

/**
 * The models of the weekly and quarterly digests and the leadership brief (plain Java: the delegates pass the time
 * and the incident id). Digests go to groups, so restricted incidents are left out of them.
 */
@Service
public class InsightsDigests {

    /** The four headline rates of the weekly digest, by the targets file's metric names. */
    static final List<String> HEADLINE_RATES = List.of("postmortems.onTimePercent",
            "actionItems.completionRatePercent", "actionItems.highCompletionPercent",
            "postmortems.rootCauseIdentifiedPercent");
    private static final Set<Integer> QUARTER_MONTHS = Set.of(1, 4, 7, 10);

    private final InsightsService insights;
    private final InsightsRepository repository;
    private final IncidentAccess access;
    private final BusinessCalendar calendar;
    private final UserDirectory directory;
    private final Links links;
    private final ObjectMapper json;

    public InsightsDigests(InsightsService insights, InsightsRepository repository, IncidentAccess access,
                           BusinessCalendar calendar, UserDirectory directory, Links links, ObjectMapper json) {
        this.insights = insights;
        this.repository = repository;
        this.access = access;
        this.calendar = calendar;
        this.directory = directory;
        this.links = links;
        this.json = json;
    }

    /** What a group may see: incidents that are not restricted. */
    private SqlFilter everyone() {
        return access.visibleTo(null, "i.id");
    }

    // ------------------------------------------------------------------------------------------------ weekly

    /**
     * The weekly digest at {@code now}: post-mortems due this week (Monday to Sunday in the calendar zone) and those
     * past their deadline, open items overdue by escalation level with their owners, items completed last week, and
     * the four headline rates over the last 90 days against their targets.
     */
    public Map<String, Object> weekly(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, calendar.zone());
        LocalDate monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        Instant weekStart = monday.atStartOfDay(calendar.zone()).toInstant();
        Instant weekEnd = monday.plusDays(7).atStartOfDay(calendar.zone()).toInstant();
        Instant lastWeekStart = monday.minusDays(7).atStartOfDay(calendar.zone()).toInstant();
        SqlFilter visible = everyone();

        Map<String, Object> model = new LinkedHashMap<>();
        model.put("weekStart", monday.toString());
        model.put("weekEnd", monday.plusDays(6).toString());
        model.put("dueThisWeek", postmortems(repository.dueBetween(weekStart, weekEnd, visible)));
        model.put("late", postmortems(repository.pastDeadline(now, visible)));
        model.put("overdueLevels", levels(repository.openItems(visible).stream()
                .filter(i -> "OVERDUE".equals(i.state())).toList()));
        model.put("completedLastWeek", items(repository.itemsDone(lastWeekStart, weekStart, visible)));
        model.put("lastWeekStart", monday.minusDays(7).toString());
        InsightsQuery last90 = new InsightsQuery(today.minusDays(InsightsQuery.DEFAULT_DAYS - 1), today, null, null);
        InsightsReport report = insights.report(last90, visible, now);
        model.put("rates", report.targets().stream().filter(t -> HEADLINE_RATES.contains(t.metric()))
                .map(this::target).toList());
        model.put("period", Map.of("from", last90.from().toString(), "to", last90.to().toString()));
        model.put("links", pageLinks(last90));
        return model;
    }

    // ------------------------------------------------------------------------------------------------ quarterly

    /** Whether a date is the first business day of a quarter (weekends and configured holidays skipped). */
    public boolean isFirstBusinessDayOfQuarter(Instant now) {
        LocalDate date = LocalDate.ofInstant(now, calendar.zone());
        if (!QUARTER_MONTHS.contains(date.getMonthValue()) || !calendar.isBusinessDay(date)) {
            return false;
        }
        for (LocalDate d = date.withDayOfMonth(1); d.isBefore(date); d = d.plusDays(1)) {
            if (calendar.isBusinessDay(d)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The quarterly review at {@code now}: the quarter that just ended against the targets, its cause categories
     * beside the three quarters before (are they going down?), recurrences, and the backlog of open action items at
     * the start and the end of the quarter (its growth) with today's open items by escalation level.
     */
    public Map<String, Object> quarterly(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, calendar.zone());
        LocalDate thisQuarter = today.with(IsoFields.DAY_OF_QUARTER, 1);
        LocalDate from = thisQuarter.minusMonths(3);
        LocalDate to = thisQuarter.minusDays(1);
        SqlFilter visible = everyone();
        InsightsQuery quarter = new InsightsQuery(from, to, null, null);
        InsightsReport report = insights.report(quarter, visible, now);
        InsightsReport year = insights.report(new InsightsQuery(thisQuarter.minusMonths(12), to, null, null),
                visible, now);

        Map<String, Object> model = new LinkedHashMap<>();
        model.put("quarter", from.getYear() + "-Q" + from.get(IsoFields.QUARTER_OF_YEAR));
        model.put("from", from.toString());
        model.put("to", to.toString());
        model.put("report", json.convertValue(report, new TypeReference<Map<String, Object>>() {
        }));
        model.put("targets", report.targets().stream().map(this::target).toList());
        model.put("causeTable", causeTable(year));
        long backlogStart = repository.backlogAt(from.atStartOfDay(calendar.zone()).toInstant(), visible);
        long backlogEnd = repository.backlogAt(thisQuarter.atStartOfDay(calendar.zone()).toInstant(), visible);
        Map<String, Object> backlog = new LinkedHashMap<>();
        backlog.put("atStart", backlogStart);
        backlog.put("atEnd", backlogEnd);
        backlog.put("growth", backlogEnd - backlogStart);
        backlog.put("growthText", (backlogEnd - backlogStart > 0 ? "+" : "") + (backlogEnd - backlogStart));
        model.put("backlog", backlog);
        model.put("openLevels", levels(repository.openItems(visible)));
        model.put("links", pageLinks(quarter));
        return model;
    }

    /** Cause categories (rows) by quarter (columns) over the last four quarters, with HTML bar widths. */
    private Map<String, Object> causeTable(InsightsReport year) {
        List<String> quarters = year.causeCategories().stream().map(InsightsReport.CauseCount::quarter).distinct()
                .sorted().toList();
        List<String> categories = year.causeCategories().stream().map(InsightsReport.CauseCount::category)
                .distinct().sorted().toList();
        long max = year.causeCategories().stream().mapToLong(InsightsReport.CauseCount::count).max().orElse(1);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String c : categories) {
            List<Map<String, Object>> cells = new ArrayList<>();
            for (String q : quarters) {
                long n = year.causeCategories().stream().filter(x -> x.quarter().equals(q) && x.category().equals(c))
                        .mapToLong(InsightsReport.CauseCount::count).sum();
                cells.add(Map.of("count", n, "bar", bar(n, max)));
            }
            rows.add(Map.of("category", c, "cells", cells));
        }
        return Map.of("quarters", quarters, "rows", rows);
    }

    // ------------------------------------------------------------------------------------------------ brief

    /**
     * The leadership brief of a published post-mortem: executive summary, impact in numbers, the root cause in one
     * paragraph, HIGH action items with owners and due dates. {@code restricted} tells the diagram not to send it.
     */
    public Map<String, Object> brief(String incidentId) {
        IncidentRow row = repository.incident(incidentId)
                .orElseThrow(() -> new IllegalStateException("No incident '" + incidentId + "' stored"));
        PostmortemDocument doc = repository.document(incidentId).map(this::readJson).orElse(PostmortemDocument.EMPTY);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("incidentId", incidentId);
        model.put("restricted", access.isRestricted(incidentId));
        model.put("summary", doc.summary());
        model.put("rootCause", oneParagraph(doc.rootCause()));
        model.put("causeCategory", doc.causeCategory());
        Map<String, Object> impact = new LinkedHashMap<>();
        impact.put("durationMinutes", InsightsService.round1(InsightsService.minutes(row.startedAt(), row.resolvedAt())));
        impact.put("ttdMinutes", InsightsService.round1(InsightsService.minutes(row.startedAt(), row.detectedAt())));
        impact.put("ttrMinutes", InsightsService.round1(InsightsService.minutes(row.detectedAt(), row.resolvedAt())));
        impact.put("hoursToPublish", InsightsService.round1(InsightsService.hours(row.resolvedAt(), row.publishedAt())));
        impact.put("publishedOnTime", row.publishedOnTime());
        model.put("impact", impact);
        List<Map<String, Object>> high = new ArrayList<>();
        for (ActionItem item : doc.actionItemList()) {
            if (item != null && "HIGH".equalsIgnoreCase(item.priority())) {
                Map<String, Object> h = new LinkedHashMap<>();
                h.put("title", item.title());
                h.put("owner", item.owner());
                h.put("ownerName", item.owner() == null ? null : directory.displayName(item.owner()));
                h.put("dueDate", item.dueDate());
                high.add(h);
            }
        }
        model.put("highItems", high);
        model.put("actionItemCount", doc.actionItemList().size());
        Map<String, Object> pageLinks = new LinkedHashMap<>();
        pageLinks.put("libraryPage", links.libraryPage(incidentId));
        pageLinks.put("insights", links.base() + "/insights");
        model.put("links", pageLinks);
        return model;
    }

    /** A text as one paragraph: line breaks and runs of spaces become single spaces. */
    static String oneParagraph(Object text) {
        return text == null ? null : text.toString().replaceAll("\\s+", " ").strip();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private Map<String, Object> target(TargetResult t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", t.name());
        m.put("metric", t.metric());
        m.put("target", t.target());
        m.put("actual", t.actual());
        m.put("met", t.met());
        m.put("status", t.met() == null ? "no data" : t.met() ? "met" : "missed");
        // a bar for percentages (0-100)
        m.put("bar", t.actual() == null ? 0 : (int) Math.max(0, Math.min(100, Math.round(t.actual()))));
        return m;
    }

    private List<Map<String, Object>> postmortems(List<IncidentRow> rows) {
        return rows.stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("incidentId", r.id());
            m.put("title", r.title());
            m.put("severity", r.severity());
            m.put("service", r.service());
            // the instant (ISO-8601, machine text): the digest template shows it with $fmt.time, day and zone included
            m.put("publishDeadline", r.publishDeadline() == null ? null : r.publishDeadline().toString());
            m.put("author", r.author() == null ? null : directory.displayName(r.author()));
            m.put("link", links.postmortem(r.id()));
            return m;
        }).toList();
    }

    private List<Map<String, Object>> items(List<ItemRow> rows) {
        return rows.stream().map(i -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", i.id());
            m.put("title", i.title());
            m.put("owner", i.owner());
            m.put("ownerName", directory.displayName(i.owner()));
            m.put("dueDate", i.dueDate().toString());
            m.put("state", i.state());
            m.put("level", i.escalationLevel());
            return m;
        }).toList();
    }

    /** Items grouped by escalation level 4..0, each with a bar width relative to the largest level. */
    private List<Map<String, Object>> levels(List<ItemRow> rows) {
        long max = 1;
        for (int level = 0; level <= 4; level++) {
            int l = level;
            max = Math.max(max, rows.stream().filter(i -> i.escalationLevel() == l).count());
        }
        List<Map<String, Object>> levels = new ArrayList<>();
        for (int level = 4; level >= 0; level--) {
            int l = level;
            List<ItemRow> at = rows.stream().filter(i -> i.escalationLevel() == l).toList();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("level", level);
            m.put("count", at.size());
            m.put("bar", bar(at.size(), max));
            m.put("items", items(at));
            levels.add(m);
        }
        return levels;
    }

    private static int bar(long n, long max) {
        return max <= 0 ? 0 : (int) Math.round(n * 100.0 / max);
    }

    private Map<String, Object> pageLinks(InsightsQuery q) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("insights", links.base() + "/insights?" + InsightsPage.queryString(q));
        m.put("library", links.library());
        m.put("tasklist", links.tasklist());
        return m;
    }

    private PostmortemDocument readJson(String value) {
        try {
            return json.readValue(value, PostmortemDocument.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return PostmortemDocument.EMPTY;
        }
    }
}
