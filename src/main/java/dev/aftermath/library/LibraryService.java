package dev.aftermath.library;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.stereotype.Service;

import dev.aftermath.calendar.Deadlines;
import dev.aftermath.incident.Severity;
import dev.aftermath.postmortem.PublishedPage;
import dev.aftermath.postmortem.PostmortemRepository;
import dev.aftermath.postmortem.PostmortemTaskRules;
import dev.aftermath.security.CurrentUser;
import dev.aftermath.security.IncidentAccess;
import dev.aftermath.template.Formats;
import dev.aftermath.web.InputLimits;
import dev.aftermath.web.QueryParams;
import dev.aftermath.web.PageResponse;
import dev.aftermath.web.FieldError;
import dev.aftermath.web.InvalidInputException;
import dev.aftermath.web.Links;
import dev.aftermath.web.NotFoundException;

/** The post-mortem library: published post-mortems, searchable and filterable, one page each. */
@Service
public class LibraryService {

    static final int RELATED_LIMIT = 5;
    static final int SIMILAR_LIMIT = 5;

    private final LibraryRepository library;
    private final PostmortemRepository postmortems;
    private final PublishedPage pages;
    private final Formats formats;
    private final dev.aftermath.postmortem.ExternalPublication publication;
    private final Links links;
    private final Deadlines deadlines;
    private final IncidentAccess access;
    private final LibraryIndex index;

    public LibraryService(LibraryRepository library, PostmortemRepository postmortems, PublishedPage pages,
                          Formats formats, Links links, Deadlines deadlines,
                          IncidentAccess access, dev.aftermath.postmortem.ExternalPublication publication,
                          LibraryIndex index) {
        this.index = index;
        this.access = access;
        this.publication = publication;
        this.library = library;
        this.postmortems = postmortems;
        this.pages = pages;
        this.formats = formats;
        this.links = links;
        this.deadlines = deadlines;
    }

    /** Reads and checks the request parameters; bad values answer 400 naming each parameter. */
    public LibraryQuery query(String q, String severity, String service, String causeCategory, String from, String to,
                              String page, String size) {
        List<FieldError> errors = new ArrayList<>();
        QueryParams.text("q", q, errors);
        QueryParams.text("service", service, errors);
        if (severity != null && severity.length() > InputLimits.QUERY_TEXT) {
            severity = severity.substring(0, InputLimits.QUERY_TEXT);
        }
        if (causeCategory != null && causeCategory.length() > InputLimits.QUERY_TEXT) {
            causeCategory = causeCategory.substring(0, InputLimits.QUERY_TEXT);
        }
        String sev = blank(severity) ? null : severity.trim().toUpperCase(Locale.ROOT);
        if (sev != null && java.util.Arrays.stream(Severity.values()).noneMatch(s -> s.name().equals(sev))) {
            errors.add(new FieldError("severity", "must be one of SEV1, SEV2, SEV3, SEV4"));
        }
        String category = blank(causeCategory) ? null : causeCategory.trim().toUpperCase(Locale.ROOT);
        if (category != null && !PostmortemTaskRules.CAUSE_CATEGORIES.contains(category)) {
            errors.add(new FieldError("causeCategory", "must be one of " + String.join(", ",
                    PostmortemTaskRules.CAUSE_CATEGORIES.stream().sorted().toList())));
        }
        LocalDate fromDate = date(from, "from", errors);
        LocalDate toDate = date(to, "to", errors);
        if (fromDate != null && toDate != null && toDate.isBefore(fromDate)) {
            errors.add(new FieldError("to", "is before from"));
        }
        int pageNo = number(page, "page", 0, 0, InputLimits.MAX_PAGE, errors);
        int pageSize = number(size, "size", LibraryQuery.DEFAULT_SIZE, 1, LibraryQuery.MAX_SIZE, errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException("Invalid library query", errors);
        }
        return new LibraryQuery(blank(q) ? null : q.trim(), sev, blank(service) ? null : service.trim(), category,
                fromDate, toDate, pageNo, pageSize);
    }

    /** The API answer: {@code {items, page, size, total}}, only post-mortems the user may see. */
    public PageResponse<Map<String, Object>> search(LibraryQuery query, CurrentUser user) {
        IncidentAccess.SqlFilter visible = access.visibleTo(user, LibraryRepository.INCIDENT_ID);
        LibraryRepository.Page result = query.q() != null && index.ready() ? indexed(query, visible)
                : library.search(query, deadlines.zone(), visible);
        return new PageResponse<>(result.items().stream().map(this::item).toList(), query.page(), query.size(),
                result.total());
    }

    /**
     * A free-text search on the index: ranked hits, then the filters and the caller's access (from the tables, the
     * same condition as the SQL search) before counting, so the total counts only what the caller may see.
     */
    private LibraryRepository.Page indexed(LibraryQuery query, IncidentAccess.SqlFilter visible) {
        List<LibraryIndex.Hit> hits = index.search(query.q());
        java.util.Set<String> hidden = hits.isEmpty() ? java.util.Set.of() : library.hidden(visible);
        java.time.ZoneId zone = deadlines.zone();
        Long from = query.from() == null ? null : query.from().atStartOfDay(zone).toInstant().toEpochMilli();
        Long to = query.to() == null ? null : query.to().plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
        String service = query.service() == null ? null : LibraryIndex.key(query.service());
        List<String> ids = hits.stream().map(LibraryIndex.Hit::incidentId).filter(id -> !hidden.contains(id))
                .filter(id -> {
                    LibraryIndex.Meta m = index.meta(id);
                    return m != null && (query.severity() == null || query.severity().equals(m.severity()))
                            && (service == null || service.equals(m.serviceKey()))
                            && (query.causeCategory() == null || query.causeCategory().equals(m.causeCategory()))
                            && (from == null || m.dateMillis() >= from) && (to == null || m.dateMillis() < to);
                }).toList();
        int first = (int) Math.min((long) query.page() * query.size(), ids.size());
        List<String> page = ids.subList(first, Math.min(first + query.size(), ids.size()));
        return new LibraryRepository.Page(library.entries(page, visible), ids.size());
    }

    /** The first {@code limit} hits the caller may see, as entries. */
    private List<LibraryEntry> visibleHits(List<LibraryIndex.Hit> hits, int limit, IncidentAccess.SqlFilter visible) {
        java.util.Set<String> hidden = hits.isEmpty() ? java.util.Set.of() : library.hidden(visible);
        return library.entries(hits.stream().map(LibraryIndex.Hit::incidentId).filter(id -> !hidden.contains(id))
                .limit(limit).toList(), visible);
    }

    Map<String, Object> item(LibraryEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("incidentId", e.incidentId());
        m.put("title", e.title());
        m.put("service", e.service());
        m.put("severity", e.severity());
        m.put("symptom", e.symptom());
        m.put("causeCategory", e.causeCategory());
        m.put("summary", e.summary());
        m.put("date", e.date());
        m.put("publishedAt", e.publishedAt());
        m.put("restricted", e.restricted());
        if (e.restricted()) {
            m.put("restrictedReason", e.restrictedReason());
        }
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("self", links.postmortem(e.incidentId()));
        l.put("page", links.libraryPage(e.incidentId()));
        l.put("documentHtml", links.postmortem(e.incidentId()) + "/document.html");
        if (!e.restricted()) {
            l.put("publicHtml", links.postmortem(e.incidentId()) + "/public.html");
        }
        m.put("links", l);
        // same-origin paths for the pages (independent of aftermath.base-url)
        String id = java.net.URLEncoder.encode(e.incidentId(), java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
        Map<String, Object> paths = new LinkedHashMap<>();
        paths.put("page", "/library/" + id);
        paths.put("documentHtml", "/api/postmortems/" + id + "/document.html");
        paths.put("documentMd", "/api/postmortems/" + id + "/document.md");
        if (!e.restricted()) {
            paths.put("publicHtml", "/api/postmortems/" + id + "/public.html");
        }
        m.put("paths", paths);
        return m;
    }

    /** The model of the library list page ({@code templates/web/library.vm}). */
    public Map<String, Object> listPage(LibraryQuery query, CurrentUser user) {
        PageResponse<Map<String, Object>> found = search(query, user);
        Map<String, Object> model = new HashMap<>();
        model.put("items", found.items());
        model.put("page", found.page());
        model.put("size", found.size());
        model.put("total", found.total());
        Map<String, Object> filters = new LinkedHashMap<>();
        filters.put("q", query.q());
        filters.put("severity", query.severity());
        filters.put("service", query.service());
        filters.put("causeCategory", query.causeCategory());
        filters.put("from", query.from() == null ? null : query.from().toString());
        filters.put("to", query.to() == null ? null : query.to().toString());
        model.put("filters", filters);
        model.put("severities", java.util.Arrays.stream(Severity.values()).map(Enum::name).toList());
        model.put("services", library.services(access.visibleTo(user, LibraryRepository.INCIDENT_ID)));
        model.put("causeCategories", PostmortemTaskRules.CAUSE_CATEGORIES.stream().sorted().toList());
        long total = found.total();
        int pages = (int) Math.max(1, (total + query.size() - 1) / query.size());
        model.put("pages", pages);
        model.put("pageNumber", query.page() + 1);
        model.put("previousPage", query.page() > 0 ? pageUrl(query, query.page() - 1) : null);
        model.put("nextPage", query.page() + 1 < pages ? pageUrl(query, query.page() + 1) : null);
        model.put("fmt", formats);
        return model;
    }

    /** The model of one post-mortem's page ({@code templates/web/library-postmortem.vm}). */
    public Map<String, Object> postmortemPage(String incidentId, CurrentUser user) {
        LibraryEntry entry = library.find(incidentId).filter(e -> access.canSee(user, incidentId))
                .orElseThrow(() -> NotFoundException.publishedPostmortem(incidentId));
        Map<String, Object> model = pages.page(postmortems.find(incidentId).orElseThrow());
        model.put("wikiPageUrl", publication.page(incidentId).map(p -> p.url()).orElse(null));
        IncidentAccess.SqlFilter visible = access.visibleTo(user, LibraryRepository.INCIDENT_ID);
        List<LibraryEntry> related;
        List<LibraryEntry> similar;
        if (index.ready()) {
            long before = entry.date().toEpochMilli();
            related = visibleHits(index.related(incidentId, entry.service(), entry.symptom(), before), RELATED_LIMIT,
                    visible);
            similar = visibleHits(index.similar(incidentId, before), SIMILAR_LIMIT, visible);
        } else {
            related = library.related(entry, RELATED_LIMIT, visible);
            similar = List.of();
        }
        model.put("related", related.stream().map(this::item).toList());
        model.put("similar", similar.stream().map(this::item).toList());
        model.put("similarReady", index.ready());
        model.put("entry", item(entry));
        return model;
    }

    private static String pageUrl(LibraryQuery query, int page) {
        StringBuilder s = new StringBuilder("?page=").append(page);
        param(s, "q", query.q());
        param(s, "severity", query.severity());
        param(s, "service", query.service());
        param(s, "causeCategory", query.causeCategory());
        param(s, "from", query.from());
        param(s, "to", query.to());
        if (query.size() != LibraryQuery.DEFAULT_SIZE) {
            param(s, "size", query.size());
        }
        return s.toString();
    }

    private static void param(StringBuilder s, String name, Object value) {
        if (value != null) {
            s.append('&').append(name).append('=')
                    .append(java.net.URLEncoder.encode(value.toString(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private static LocalDate date(String value, String name, List<FieldError> errors) {
        if (blank(value)) {
            return null;
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(name, "must be a date YYYY-MM-DD"));
            return null;
        }
    }

    private static int number(String value, String name, int fallback, int min, int max, List<FieldError> errors) {
        if (blank(value)) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n < min || n > max) {
                errors.add(new FieldError(name, "must be between " + min + " and " + max));
            }
            return n;
        } catch (NumberFormatException e) {
            errors.add(new FieldError(name, "must be a whole number"));
            return fallback;
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
