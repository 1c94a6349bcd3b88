package dev.aftermath.template;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.aftermath.calendar.Deadlines;

/** Formatting helpers for templates ({@code $fmt}). */
public class Formats {

    private final ZoneId zone;
    private final Function<String, String> displayName;
    private final DateTimeFormatter time;
    private final DateTimeFormatter date;
    private final DateTimeFormatter clock;
    private final String zoneLabel;

    public Formats(ZoneId zone, Function<String, String> displayName) {
        this.zone = zone;
        this.displayName = displayName;
        String zoneLabel = zone.equals(ZoneOffset.UTC) || "UTC".equals(zone.getId()) ? "UTC" : zone.getId();
        this.time = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm '" + zoneLabel + "'", Locale.ENGLISH)
                .withZone(zone);
        this.date = DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH).withZone(zone);
        this.clock = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH).withZone(zone);
        this.zoneLabel = zoneLabel;
    }

    /** Date and time for people, in the calendar zone: "Tue 1 Dec 2026, 11:43 UTC". */
    public String time(Object value) {
        Instant instant = toInstant(value);
        return instant == null ? "—" : time.format(instant);
    }

    /** The time of day in the calendar zone, without the day or the zone: "11:43". */
    public String clock(Object value) {
        Instant instant = toInstant(value);
        return instant == null ? "—" : clock.format(instant);
    }

    /** The calendar zone as the times name it: "UTC", or a region id such as "Europe/Berlin". */
    public String zone() {
        return zoneLabel;
    }

    /** A day for people: "Tue 1 Dec 2026" (a YYYY-MM-DD due date as it is, an instant in the calendar zone). */
    public String date(Object value) {
        if (value instanceof String s && s.length() == 10) {
            return date.format(LocalDate.parse(s).atStartOfDay(zone));
        }
        Instant instant = toInstant(value);
        return instant == null ? "—" : date.format(instant);
    }

    /**
     * A due date for people: "Tue 22 Dec 2026" for a YYYY-MM-DD day (or an instant, in the calendar zone); any other
     * text as it is, and "" for none, so that a page never fails on an odd value.
     */
    public String day(Object value) {
        if (value == null || value.toString().isBlank()) {
            return "";
        }
        Object day = value instanceof String || value instanceof LocalDate ? value.toString().strip() : value;
        try {
            String text = date(day);
            return "—".equals(text) ? value.toString() : text;
        } catch (RuntimeException notADate) {
            return value.toString();
        }
    }

    public String minutes(Object value) {
        if (value == null) {
            return "—";
        }
        long minutes = value instanceof Number n ? n.longValue() : Long.parseLong(value.toString().trim());
        return duration(minutes);
    }

    public static String duration(long minutes) {
        if (minutes < 60) {
            return minutes + " min";
        }
        long days = minutes / (60 * 24);
        long hours = (minutes / 60) % 24;
        long rest = minutes % 60;
        StringBuilder s = new StringBuilder();
        if (days > 0) {
            s.append(days).append(" d ");
        }
        if (hours > 0) {
            s.append(hours).append(" h ");
        }
        if (rest > 0) {
            s.append(rest).append(" min");
        }
        return s.toString().trim();
    }

    public String name(Object userId) {
        if (userId == null || userId.toString().isBlank()) {
            return "—";
        }
        return displayName.apply(userId.toString().trim());
    }

    public String names(Object ids) {
        List<String> list = ids(ids);
        return list.isEmpty() ? "—" : list.stream().map(this::name).collect(Collectors.joining(", "));
    }

    public static List<String> ids(Object ids) {
        if (ids == null) {
            return List.of();
        }
        Stream<String> stream = ids instanceof Collection<?> c ? c.stream().map(String::valueOf)
                : Stream.of(ids.toString().split(","));
        return stream.map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private Instant toInstant(Object value) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            return null;
        }
        if (value instanceof String s && s.length() == 10) {
            return LocalDate.parse(s).atStartOfDay(zone).toInstant();
        }
        if (value instanceof Date || value instanceof Instant || value instanceof String) {
            return Deadlines.instant(value);
        }
        return null;
    }
}
