package dev.aftermath.notification;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VAlarm;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.parameter.Cn;
import net.fortuna.ical4j.model.parameter.PartStat;
import net.fortuna.ical4j.model.parameter.Role;
import net.fortuna.ical4j.model.parameter.Rsvp;
import net.fortuna.ical4j.model.property.Action;
import net.fortuna.ical4j.model.property.Attendee;
import net.fortuna.ical4j.model.property.CalScale;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.Location;
import net.fortuna.ical4j.model.property.Method;
import net.fortuna.ical4j.model.property.Organizer;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.Sequence;
import net.fortuna.ical4j.model.property.Status;
import net.fortuna.ical4j.model.property.Transp;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.Url;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;

/**
 * An iCalendar (RFC 5545 / iTIP RFC 5546) meeting request or cancellation, written by ical4j: lines folded at 75
 * octets, text escaped, times in UTC. A move keeps the {@code UID} and raises {@code SEQUENCE}, so calendar clients
 * update the event they already have instead of adding a second one.
 */
public record CalendarInvitation(String method, String uid, int sequence, Instant start, Instant end, String summary,
                                 String description, String location, String url, Person organizer,
                                 List<Person> attendees, String alarm) {

    public static final String REQUEST = Method.VALUE_REQUEST;
    public static final String CANCEL = Method.VALUE_CANCEL;

    public record Person(String name, String email) {
    }

    public String contentType() {
        return "text/calendar; charset=UTF-8; method=" + method;
    }

    /** The iCalendar text, stamped ({@code DTSTAMP}) at {@code now}. */
    public String write(Instant now) {
        VEvent event = new VEvent(start.truncatedTo(ChronoUnit.SECONDS), end.truncatedTo(ChronoUnit.SECONDS), summary);
        event.replace(new DtStamp(now.truncatedTo(ChronoUnit.SECONDS)));
        event.add(new Uid(uid));
        event.add(new Sequence(sequence));
        event.add(new Status(CANCEL.equals(method) ? Status.VALUE_CANCELLED : Status.VALUE_CONFIRMED));
        event.add(new Transp(Transp.VALUE_OPAQUE));
        if (description != null && !description.isBlank()) {
            event.add(new Description(description));
        }
        if (location != null && !location.isBlank()) {
            event.add(new Location(location));
        }
        if (url != null && !url.isBlank()) {
            event.add(new Url(URI.create(url)));
        }
        Organizer org = new Organizer(URI.create("mailto:" + organizer.email()));
        if (organizer.name() != null) {
            org.add(new Cn(organizer.name()));
        }
        event.add(org);
        for (Person p : attendees) {
            Attendee a = new Attendee(URI.create("mailto:" + p.email()));
            a.add(new Cn(p.name()));
            a.add(Role.REQ_PARTICIPANT);
            a.add(PartStat.NEEDS_ACTION);
            a.add(Rsvp.TRUE);
            event.add(a);
        }
        if (!CANCEL.equals(method)) {
            VAlarm reminder = new VAlarm(Duration.ofMinutes(-15));
            reminder.add(new Action(Action.VALUE_DISPLAY));
            reminder.add(new Description(alarm == null ? summary : alarm));
            event.add(reminder);
        }
        Calendar calendar = new Calendar();
        calendar.add(new ProdId("-//Aftermath//Post-mortem//EN"));
        calendar.add(ImmutableVersion.VERSION_2_0);
        calendar.add(new CalScale(CalScale.VALUE_GREGORIAN));
        calendar.add(new Method(method));
        calendar.add(event);
        StringWriter out = new StringWriter();
        try {
            new CalendarOutputter(true).output(calendar, out);
        } catch (IOException e) {
            throw new IllegalStateException("Could not write the invitation " + uid, e);
        }
        return out.toString();
    }
}
