package dev.aftermath.insights;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Service;

import dev.aftermath.calendar.BusinessCalendar;
import dev.aftermath.incident.Severity;
import dev.aftermath.insights.InsightsReport.ActionItems;
import dev.aftermath.insights.InsightsReport.CauseCount;
import dev.aftermath.insights.InsightsReport.Incidents;
import dev.aftermath.insights.InsightsReport.Month;
import dev.aftermath.insights.InsightsReport.OwnerCount;
import dev.aftermath.insights.InsightsReport.Period;
import dev.aftermath.insights.InsightsReport.Postmortems;
import dev.aftermath.insights.InsightsReport.Recurrence;
import dev.aftermath.insights.InsightsReport.ServiceCount;
import dev.aftermath.insights.InsightsRepository.IncidentRow;
import dev.aftermath.insights.InsightsRepository.ItemRow;
import dev.aftermath.insights.InsightsRepository.PublishedRow;
import dev.aftermath.quality.QualityChecker;
import dev.aftermath.security.IncidentAccess.SqlFilter;

/**
 * Computes the insights report from the rows of {@link InsightsRepository}: plain Java over the period's incidents
 * and action items, so that every number follows the definitions in the README ("Insights") and can be checked by
 * hand. Writes nothing.
 */
@Service
public class InsightsService {

    public static final String UNCATEGORISED = "UNCATEGORISED";

    private final InsightsRepository repository;
    private final InsightsTargets targets;
    private final QualityChecker quality;
    private final ZoneId zone;

    public InsightsService(InsightsRepository repository, InsightsTargets targets, QualityChecker quality,
                           BusinessCalendar calendar) {
        this.repository = repository;
        this.targets = targets;
        this.quality = quality;
        this.zone = calendar.zone();
    }

    public ZoneId zone() {
        return zone;
    }

    /** The rows behind a report (also the CSV exports). */
    public record Data(InsightsQuery query, List<IncidentRow> incidents, List<ItemRow> items,
                       List<PublishedRow> published) {
    }

    public Data data(InsightsQuery query, SqlFilter visible) {
        List<IncidentRow> incidents = repository.incidents(query, zone, visible);
        List<ItemRow> items = repository.itemsDue(query, visible);
        Instant end = query.to().plusDays(1).atStartOfDay(zone).toInstant();
        return new Data(query, incidents, items, repository.publishedWithSymptom(query, end, visible));
    }

    /** Action items open now (OPEN or OVERDUE), whatever their due date, of the query's service and severity. */
    public long openNow(InsightsQuery query, SqlFilter visible) {
        return repository.openItems(query, visible);
    }

    public InsightsReport report(InsightsQuery query, SqlFilter visible, Instant now) {
        return report(data(query, visible), now);
    }

    public InsightsReport report(Data data, Instant now) {
        InsightsQuery q = data.query();
        Incidents incidents = incidents(data.incidents());
        Postmortems postmortems = postmortems(data.incidents(), now);
        ActionItems items = actionItems(data.items(), now);
        List<Recurrence> recurrences = recurrences(data.published(), data.incidents());
        Map<String, Double> metrics = metrics(incidents, postmortems, items, recurrences);
        return new InsightsReport(new Period(q.from().toString(), q.to().toString(), q.service(), q.severity(),
                zone.getId()), incidents, postmortems, items, causeCategories(data.incidents()), recurrences,
                trend(q, data.incidents(), data.items(), now), targets.evaluate(metrics));
    }

    /** The report's metrics by name, as the targets file names them. */
    static Map<String, Double> metrics(Incidents i, Postmortems p, ActionItems a, List<Recurrence> recurrences) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("incidents.count", (double) i.count());
        m.put("incidents.mttdMinutes", i.mttdMinutes());
        m.put("incidents.mtteMinutes", i.mtteMinutes());
        m.put("incidents.mttrMinutes", i.mttrMinutes());
        m.put("postmortems.onTimePercent", p.onTimePercent());
        m.put("postmortems.medianHoursToPublish", p.medianHoursToPublish());
        m.put("postmortems.medianHoursToMeeting", p.medianHoursToMeeting());
        m.put("postmortems.meanReviewRounds", p.meanReviewRounds());
        m.put("postmortems.meanQualityRounds", p.meanQualityRounds());
        m.put("postmortems.rootCauseIdentifiedPercent", p.rootCauseIdentifiedPercent());
        m.put("postmortems.meanActionItems", p.meanActionItems());
        m.put("actionItems.completionRatePercent", a.completionRatePercent());
        m.put("actionItems.highCompletionPercent", a.highCompletionPercent());
        m.put("actionItems.meanDaysToComplete", a.meanDaysToComplete());
        m.put("actionItems.open", (double) a.open());
        m.put("recurrences.occurrencesAfter",
                (double) recurrences.stream().mapToLong(Recurrence::occurrencesAfter).sum());
        return m;
    }

    // ------------------------------------------------------------------------------------------------ incidents

    Incidents incidents(List<IncidentRow> rows) {
        Map<String, Long> bySeverity = new LinkedHashMap<>();
        for (Severity s : Severity.values()) {
            bySeverity.put(s.name(), 0L);
        }
        rows.forEach(r -> bySeverity.merge(r.severity(), 1L, Long::sum));
        Map<String, List<IncidentRow>> byService = rows.stream().collect(Collectors.groupingBy(
                r -> r.service() == null ? "" : r.service(), TreeMap::new, Collectors.toList()));
        List<ServiceCount> services = byService.entrySet().stream()
                .map(e -> new ServiceCount(e.getKey(), e.getValue().size(), meanMinutes(e.getValue(),
                        IncidentRow::detectedAt, IncidentRow::resolvedAt)))
                .toList();
        return new Incidents(rows.size(), bySeverity,
                meanMinutes(rows, IncidentRow::startedAt, IncidentRow::detectedAt),
                meanMinutes(rows, IncidentRow::detectedAt, IncidentRow::acknowledgedAt),
                meanMinutes(rows, IncidentRow::detectedAt, IncidentRow::resolvedAt), services);
    }

    /** Minutes between two instants of an incident (null when either is unknown). */
    public static Double minutes(Instant from, Instant to) {
        return from == null || to == null ? null : Duration.between(from, to).toMillis() / 60_000.0;
    }

    public static Double hours(Instant from, Instant to) {
        return from == null || to == null ? null : Duration.between(from, to).toMillis() / 3_600_000.0;
    }

    private static Double meanMinutes(List<IncidentRow> rows, Function<IncidentRow, Instant> from,
                                      Function<IncidentRow, Instant> to) {
        return mean(rows.stream().map(r -> minutes(from.apply(r), to.apply(r))).filter(Objects::nonNull).toList());
    }

    // ------------------------------------------------------------------------------------------------ post-mortems

    Postmortems postmortems(List<IncidentRow> rows, Instant now) {
        List<IncidentRow> required = rows.stream().filter(IncidentRow::postmortemRequired).toList();
        List<IncidentRow> published = rows.stream().filter(IncidentRow::published).toList();
        long onTime = published.stream().filter(IncidentRow::publishedOnTime).count();
        return new Postmortems(required.size(), published.size(), onTime, onTimePercent(rows, now),
                median(published.stream().map(r -> hours(r.resolvedAt(), r.publishedAt())).toList()),
                median(required.stream().map(r -> hours(r.resolvedAt(), r.meetingStart()))
                        .filter(Objects::nonNull).toList()),
                mean(published.stream().map(r -> (double) r.reviewRounds()).toList()),
                mean(published.stream().map(r -> (double) r.qualityRounds()).toList()),
                percent(published.stream().filter(this::rootCauseIdentified).count(), published.size()),
                mean(published.stream().map(r -> (double) r.actionItems()).toList()));
    }

    /**
     * Published on time ÷ required post-mortems that are published or whose deadline has passed, × 100: a post-mortem
     * still within its window is not counted yet.
     */
    static Double onTimePercent(List<IncidentRow> rows, Instant now) {
        List<IncidentRow> judged = judgedOnTime(rows, now);
        return percent(judged.stream().filter(IncidentRow::publishedOnTime).count(), judged.size());
    }

    /** The required post-mortems that are published or whose deadline has passed: the denominator of on time. */
    static List<IncidentRow> judgedOnTime(List<IncidentRow> rows, Instant now) {
        return rows.stream().filter(IncidentRow::postmortemRequired)
                .filter(r -> r.published() || (r.publishDeadline() != null && r.publishDeadline().isBefore(now)))
                .toList();
    }

    /** A root cause that is written and not only "human error" (the quality gate's list, quality-rules.json). */
    public boolean rootCauseIdentified(IncidentRow row) {
        return row.rootCause() != null && !row.rootCause().isBlank() && !shallow(row.rootCause());
    }

    /** The quality gate's check, remembered per text for a minute (it normalises against every listed phrase). */
    private boolean shallow(String rootCause) {
        long now = System.nanoTime();
        if (now - shallowSince > SHALLOW_CACHE_NANOS || shallowCauses.size() > 50_000) {
            shallowCauses.clear();
            shallowSince = now;
        }
        return shallowCauses.computeIfAbsent(rootCause, quality::isShallowRootCause);
    }

    private final Map<String, Boolean> shallowCauses = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile long shallowSince = System.nanoTime();
    private static final long SHALLOW_CACHE_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(1);

    // ------------------------------------------------------------------------------------------------ action items

    /** The end of an item's due date in the calendar zone (exclusive: the next midnight). */
    public Instant dueEnd(LocalDate dueDate) {
        return dueDate.plusDays(1).atStartOfDay(zone).toInstant();
    }

    public boolean doneOnTime(ItemRow item) {
        return "DONE".equals(item.state()) && item.endedAt() != null && item.endedAt().isBefore(dueEnd(item.dueDate()));
    }

    ActionItems actionItems(List<ItemRow> items, Instant now) {
        Map<String, Long> overdueByLevel = new LinkedHashMap<>();
        for (int level = 0; level <= 4; level++) {
            overdueByLevel.put(Integer.toString(level), 0L);
        }
        items.stream().filter(i -> "OVERDUE".equals(i.state()))
                .forEach(i -> overdueByLevel.merge(Integer.toString(i.escalationLevel()), 1L, Long::sum));
        List<ItemRow> done = items.stream().filter(i -> "DONE".equals(i.state())).toList();
        List<ItemRow> high = items.stream().filter(i -> "HIGH".equalsIgnoreCase(i.priority()))
                .filter(i -> !now.isBefore(dueEnd(i.dueDate()))).toList();
        Map<String, List<ItemRow>> byOwner = items.stream().collect(Collectors.groupingBy(ItemRow::owner,
                TreeMap::new, Collectors.toList()));
        List<OwnerCount> owners = byOwner.entrySet().stream().map(e -> new OwnerCount(e.getKey(),
                e.getValue().stream().filter(ItemRow::open).count(),
                e.getValue().stream().filter(i -> "OVERDUE".equals(i.state())).count(),
                e.getValue().stream().filter(i -> "DONE".equals(i.state())).count())).toList();
        return new ActionItems(items.size(), items.stream().filter(ItemRow::open).count(), overdueByLevel,
                done.size(), done.stream().filter(this::doneOnTime).count(), completionRate(items, now),
                percent(high.stream().filter(i -> "DONE".equals(i.state())).count(), high.size()),
                items.stream().filter(i -> "DROPPED".equals(i.state())).count(),
                mean(done.stream().filter(i -> i.endedAt() != null && i.createdAt() != null)
                        .map(i -> Duration.between(i.createdAt(), i.endedAt()).toMillis() / 86_400_000.0).toList()),
                owners);
    }

    /** Done on time ÷ items whose due date has passed or that ended (DONE or DROPPED), × 100. */
    Double completionRate(Collection<ItemRow> items, Instant now) {
        List<ItemRow> judged = items.stream()
                .filter(i -> !i.open() || !now.isBefore(dueEnd(i.dueDate()))).toList();
        return percent(judged.stream().filter(this::doneOnTime).count(), judged.size());
    }

    // ------------------------------------------------------------------------------------------------ causes, recurrences

    List<CauseCount> causeCategories(List<IncidentRow> rows) {
        Map<String, Map<String, Long>> counts = new TreeMap<>();
        rows.stream().filter(IncidentRow::published).forEach(r -> counts
                .computeIfAbsent(quarter(r.resolvedAt()), k -> new TreeMap<>())
                .merge(r.causeCategory() == null || r.causeCategory().isBlank() ? UNCATEGORISED : r.causeCategory(),
                        1L, Long::sum));
        List<CauseCount> result = new ArrayList<>();
        counts.forEach((quarter, categories) -> categories.forEach((category, n) ->
                result.add(new CauseCount(quarter, category, n))));
        return result;
    }

    public String quarter(Instant instant) {
        ZonedDateTime t = instant.atZone(zone);
        return t.getYear() + "-Q" + ((t.getMonthValue() - 1) / 3 + 1);
    }

    /**
     * For each published post-mortem of a service and symptom: the period's incidents of the same service and symptom
     * resolved after its publication. Only post-mortems with at least one such incident are listed.
     */
    static List<Recurrence> recurrences(List<PublishedRow> published, List<IncidentRow> incidents) {
        // the period's resolution times by service (case-insensitive) and symptom, sorted: one binary search each
        Map<String, List<Instant>> resolved = new java.util.HashMap<>();
        for (IncidentRow i : incidents) {
            if (i.service() != null && i.symptom() != null) {
                resolved.computeIfAbsent(key(i.service(), i.symptom()), k -> new ArrayList<>()).add(i.resolvedAt());
            }
        }
        resolved.values().forEach(java.util.Collections::sort);
        List<Recurrence> result = new ArrayList<>();
        for (PublishedRow p : published) {
            if (p.service() == null || p.symptom() == null || p.symptom().isBlank()) {
                continue;
            }
            List<Instant> times = resolved.getOrDefault(key(p.service(), p.symptom()), List.of());
            int at = java.util.Collections.binarySearch(times, p.publishedAt());
            // first index strictly after publishedAt
            int first = at < 0 ? -at - 1 : at + 1;
            while (at >= 0 && first < times.size() && times.get(first).equals(p.publishedAt())) {
                first++;
            }
            long after = times.size() - first;
            if (after > 0) {
                result.add(new Recurrence(p.service(), p.symptom(), p.incidentId(), p.publishedAt().toString(), after));
            }
        }
        return result;
    }

    private static String key(String service, String symptom) {
        return service.toLowerCase(Locale.ROOT) + "\u0000" + symptom;
    }

    // ------------------------------------------------------------------------------------------------ trend

    List<Month> trend(InsightsQuery q, List<IncidentRow> incidents, List<ItemRow> items, Instant now) {
        Map<YearMonth, List<IncidentRow>> incidentsByMonth = incidents.stream().collect(Collectors.groupingBy(
                r -> YearMonth.from(r.resolvedAt().atZone(zone))));
        Map<YearMonth, List<ItemRow>> itemsByMonth = items.stream().collect(Collectors.groupingBy(
                i -> YearMonth.from(i.dueDate())));
        List<Month> months = new ArrayList<>();
        for (YearMonth m = YearMonth.from(q.from()); !m.isAfter(YearMonth.from(q.to())); m = m.plusMonths(1)) {
            List<IncidentRow> in = incidentsByMonth.getOrDefault(m, List.of());
            months.add(new Month(m.toString(), in.size(),
                    meanMinutes(in, IncidentRow::detectedAt, IncidentRow::resolvedAt),
                    in.stream().filter(IncidentRow::published).count(), onTimePercent(in, now),
                    completionRate(itemsByMonth.getOrDefault(m, List.of()), now)));
        }
        return months;
    }

    // ------------------------------------------------------------------------------------------------ arithmetic

    /** One decimal, half up (2.25 → 2.3). */
    public static Double round1(Double value) {
        return value == null ? null : BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP).doubleValue();
    }

    static Double mean(List<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        return round1(values.stream().mapToDouble(Double::doubleValue).sum() / values.size());
    }

    static Double median(List<Double> values) {
        List<Double> sorted = values.stream().filter(Objects::nonNull).sorted(Comparator.naturalOrder()).toList();
        if (sorted.isEmpty()) {
            return null;
        }
        int n = sorted.size();
        double m = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
        return round1(m);
    }

    static Double percent(long part, long whole) {
        return whole == 0 ? null : round1(part * 100.0 / whole);
    }

    static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
