package dev.aftermath.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import dev.aftermath.document.PostmortemDocument;
import dev.aftermath.document.PostmortemDocument.ActionItem;
import dev.aftermath.document.PostmortemDocument.Meeting;
import dev.aftermath.document.PostmortemDocument.Metrics;
import dev.aftermath.document.PostmortemDocument.TimelineContribution;
import dev.aftermath.document.PostmortemDocument.TimelineEntry;

/**
 * Issue 21, item 3: every template under {@code templates/} (mail, document, wiki, web page, calendar, ticket comment;
 * {@code macros.vm} is the library they share) is rendered with realistic data, the way the code renders it, and
 * what people read is checked: no ISO-8601 timestamp, no {@code $reference} left unrendered, no Velocity directive
 * left over, nothing garbled, and the template's key sentence. The templates come from disk: a new template without
 * a case here fails the test, so a change of {@link Formats} cannot silently break one again.
 * <p>
 * Machine timestamps: no family needs one in what these templates render. The .ics file's DTSTART/DTEND are written
 * by ical4j from {@code $doc.meeting} (the calendar template only gives the summary, description and alarm texts,
 * which people read); web pages keep ISO only inside {@code value="…"} of date inputs, {@code datetime="…"},
 * {@code data-…} attributes and URLs, which are stripped before the check. Everything else must use
 * {@code $fmt.time} / {@code $fmt.date}.
 */
class EveryTemplateRendersTest {

    private static final Path ROOT = Path.of("templates");
    private static final String STARTED = "2026-12-06T14:02:00Z";
    private static final String RESOLVED = "2026-12-06T14:49:00Z";
    private static final String BASE = "http://localhost:8080";
    private static final String INCIDENT_ID = "INC-2026-1206";

    private final Templates templates = new Templates(ROOT.toString());
    private final Formats fmt = new Formats(ZoneId.of("UTC"), id -> Map.of("priya", "Priya Patel", "mia", "Mia Chen",
            "tom", "Tom Berg", "sara", "Sara Lind", "lead", "Lee Adams").getOrDefault(id, id));

    private enum Kind { MAIL, TEXT, HTML, CALENDAR, CHAT }

    private record Case(Kind kind, String phrase, Function<Map<String, Object>, Map<String, Object>> extra) {
    }

    private final Map<String, Case> cases = new LinkedHashMap<>();

    private void mail(String name, String phrase) {
        cases.put("mail/" + name + ".vm", new Case(Kind.MAIL, phrase, m -> m));
    }

    private void mail(String name, String phrase, Function<Map<String, Object>, Map<String, Object>> extra) {
        cases.put("mail/" + name + ".vm", new Case(Kind.MAIL, phrase, extra));
    }

    private void text(String file, String phrase, Function<Map<String, Object>, Map<String, Object>> extra) {
        cases.put(file, new Case(Kind.TEXT, phrase, extra));
    }

    private void chat(String file, String phrase, Function<Map<String, Object>, Map<String, Object>> extra) {
        cases.put("chat/" + file, new Case(Kind.CHAT, phrase, extra));
    }

    private void html(String file, String phrase, Function<Map<String, Object>, Map<String, Object>> extra) {
        cases.put(file, new Case(Kind.HTML, phrase, extra));
    }

    EveryTemplateRendersTest() {
        // ---------------------------------------------------------------- mails of the post-mortem lifecycle
        mail("draft-for-review", "The post-mortem review meeting is on Tue 8 Dec 2026, 10:00 UTC");
        mail("meeting-cancelled", "The blameless post-mortem review planned for Tue 8 Dec 2026, 10:00 UTC is cancelled.");
        mail("meeting-invitation", "You are invited to the blameless post-mortem review of this incident.");
        mail("meeting-moved", "Moved: post-mortem meeting now on Tue 8 Dec 2026, 10:00 UTC");
        mail("no-postmortem", "For this incident no post-mortem will be written.");
        mail("postmortem-published", "The post-mortem of this incident was published on Thu 10 Dec 2026, 16:30 UTC.");
        mail("publish-deadline-missed", "The post-mortem of this incident was due on Sun 13 Dec 2026, 14:49 UTC");
        mail("publish-deadline-warning", "Post-mortem due soon - publish by Sun 13 Dec 2026, 14:49 UTC");
        mail("timeline-contributed", "Tom Berg added 2 entries to the timeline");
        // ---------------------------------------------------------------- task mails
        mail("task/Task_ApprovePublication", "Priya Patel submitted the post-mortem for approval (review round 1).");
        mail("task/Task_AssignRoles", "A post-mortem will be written for this incident (policy: SEV1 incidents always");
        mail("task/Task_CompleteActionItem", "Action item for you: Add a connection-pool saturation alert (due Sun 20 Dec 2026)");
        mail("task/Task_ContributeTimeline", "to the timeline of the post-mortem draft (author: Priya Patel)");
        mail("task/Task_DecideNeed", "As tech lead, please decide whether a post-mortem is written.");
        mail("task/Task_DecideOverdueItem", "Decide on action item AI-1: overdue 4 weeks");
        mail("task/Task_FinalizeDocument", "Finalize the post-mortem");
        mail("task/Task_FollowUpOverdueItem", "This action item is overdue for a week. Talk to Sara Lind");
        mail("task/Task_FollowUpReview", "Please review where each of its action items stands");
        mail("task/Task_HoldMeeting", "The review meeting scheduled for Tue 8 Dec 2026, 10:00 UTC (Room Ada / meet.example.com/pm) starts now.");
        mail("task/Task_ReviewMissedDeadline", "The post-mortem was due on Sun 13 Dec 2026, 14:49 UTC and is not published yet.");
        mail("task/Task_ScheduleMeeting", "You are the facilitator of this post-mortem.");
        mail("task/Task_WriteDraft", "You are the author of the post-mortem for this incident.");
        mail("task/default", "Review the incident is waiting for you in the post-mortem of incident INC-2026-1206.");
        // ---------------------------------------------------------------- action item mails
        mail("action-item/dropped", "The engineering managers decided to DROP this action item");
        mail("action-item/overdue-managers", "is 21 days overdue despite reminders");
        mail("action-item/overdue-standup", "is 21 days overdue (due Sun 20 Dec 2026)");
        mail("action-item/overdue-tech-leads", "This action item is overdue by 21 days. Please talk to Sara Lind");
        mail("action-item/overdue", "Your action item was due on Sun 20 Dec 2026 and is not complete; it is now OVERDUE.");
        mail("action-item/owner-changed", "Mia Chen made you the owner of this action item of the post-mortem (it was Tom Berg's).");
        mail("action-item/reminder", "Your action item from the post-mortem of this incident is due on Sun 20 Dec 2026.");
        // ---------------------------------------------------------------- insights mails
        mail("insights/leadership-brief", "LEADERSHIP BRIEF - INC-2026-1206 [SEV1] Payment API returned 503 for checkout",
                m -> with(m, "vars", with(vars(), "brief", brief())));
        mail("insights/quarterly-digest", "Quarterly post-mortem review: 2026-Q4",
                m -> with(m, "vars", with(vars(), "digest", quarterly())));
        mail("insights/weekly-digest", "- INC-2026-1206 [SEV1] Payment API returned 503 for checkout - due Sun 13 Dec 2026,"
                + " 14:49 UTC, author Priya Patel",
                m -> with(m, "vars", with(vars(), "digest", weekly())));
        // ---------------------------------------------------------------- documents
        text("document/draft-summary.vm", "On Sun 6 Dec 2026 between 14:02 and 14:49 UTC, the payments service had a SEV1",
                m -> m);
        text("document/draft-impact.vm", "- Duration: 47 min (Sun 6 Dec 2026, 14:02 UTC to Sun 6 Dec 2026, 14:49 UTC)",
                m -> m);
        text("document/earlier-incidents.vm", "- INC-2026-1101 (Sun 1 Nov 2026, SEV1): Checkout slow during the autumn sale"
                + " — required", m -> earlier(m));
        text("document/postmortem.md.vm", "# Post-Mortem: Payment API returned 503 for checkout", m -> m);
        text("document/postmortem-public.md.vm", "Payment API returned 503 for checkout", m -> m);
        html("document/postmortem.html.vm", "Payment API returned 503 for checkout", m -> m);
        html("document/postmortem-public.html.vm", "Payment API returned 503 for checkout", m -> m);
        html("document/postmortem-body.vm", "The checkout database pool was sized for last year", m -> m);
        html("document/postmortem-style.vm", "font-family", m -> m);
        // ---------------------------------------------------------------- wiki, web, calendar
        html("wiki/postmortem.storage.vm", "The checkout database pool was sized for last year", m -> m);
        text("wiki/pagerduty-note.vm", "post-mortem", m -> with(m, "wikiUrl", "https://wiki.example.com/pages/42"));
        html("web/inbox.vm", "Invitation: post-mortem meeting on Tue 8 Dec 2026, 10:00 UTC", m -> inbox(m));
        html("web/library.vm", "Payment API returned 503 for checkout", m -> library(m));
        html("web/library-postmortem.vm", "Database failover took 9 minutes", m -> libraryPage(m));
        html("web/library-style.vm", "font", m -> m);
        html("web/insights.vm", "Incidents resolved from 2026-09-08 to 2026-12-06 (calendar zone UTC)",
                m -> insightsPage(m));
        cases.put("calendar/meeting.vm", new Case(Kind.CALENDAR, "Post-mortem: Payment API returned 503 for checkout",
                m -> with(with(m, "method", "REQUEST"), "sequence", 0)));
        // ---------------------------------------------------------------- ticket comments
        text("ticket/decision-needed.vm", "Escalation level 4: overdue for four weeks (due 2026-12-20).", m -> ticket(m));
        text("ticket/description.vm", "Action item AI-1 from the post-mortem of incident INC-2026-1206", m -> ticket(m));
        text("ticket/done.vm", "Done in Aftermath (by Mia Chen): alert added", m -> ticket(m));
        text("ticket/dropped.vm", "Dropped in Aftermath by Mia Chen: this item will not be done.", m -> ticket(m));
        text("ticket/escalated.vm", "Escalation level 2: overdue for two weeks (due 2026-12-20).", m -> ticket(m));
        text("ticket/not-rescheduled.vm", "Aftermath did not take the new due date 2026-12-20", m -> ticket(m));
        text("ticket/overdue.vm", "Overdue: the due date 2026-12-20 passed.", m -> ticket(m));
        text("ticket/owner-changed.vm", "Owner changed in Aftermath by Mia Chen: Tom Berg hands the item over to Sara Lind",
                m -> ticket(m));
        text("ticket/reminder.vm", "this action item is due on 2026-12-20.", m -> ticket(m));
        text("ticket/rescheduled.vm", "New due date 2026-12-20, set in Aftermath by Mia Chen", m -> ticket(m));
        text("ticket/unknown-assignee.vm", "so the action item's owner stays Sara Lind", m -> ticket(m));
        // ---------------------------------------------------------------- chat messages (issue 25, chat.ChatNotifier)
        chat("task/default.vm", "Write the draft is waiting", m -> with(m, "task", Map.of("id", "t-1", "name",
                "Write the draft", "assignee", "priya", "candidateGroups", List.of())));
        chat("publish-deadline-warning.vm", "Post-mortem due soon", m -> m);
        chat("publish-deadline-missed.vm", "was not published by its deadline", m -> m);
        chat("meeting-invitation.vm", "is on Tue 8 Dec 2026, 10:00 UTC", m -> m);
        chat("meeting-moved.vm", "is now on Tue 8 Dec 2026, 10:00 UTC", m -> m);
        chat("meeting-cancelled.vm", "on Tue 8 Dec 2026, 10:00 UTC is cancelled", m -> m);
        chat("draft-for-review.vm", "Please read the draft of \"Payment API returned 503 for checkout\"", m -> m);
        chat("postmortem-published.vm", "Post-mortem published", m -> m);
        chat("action-item/reminder.vm", "Reminder: action item AI-1 is due on 2026-12-20", m -> m);
        chat("action-item/overdue.vm", "Action item AI-1 is overdue", m -> m);
        chat("action-item/overdue-tech-leads.vm", "overdue 21 days: please follow up", m -> m);
        chat("action-item/overdue-standup.vm", "For standup: action item AI-1 is 21 days overdue", m -> m);
        chat("action-item/overdue-managers.vm", "is 21 days overdue: decision next week", m -> m);
        chat("insights/weekly-digest.vm", "Weekly post-mortem digest: week of",
                m -> with(m, "vars", with(vars(), "digest", weekly())));
        chat("insights/quarterly-digest.vm", "Quarterly post-mortem review: 2026-Q4",
                m -> with(m, "vars", with(vars(), "digest", quarterly())));
        chat("insights/leadership-brief.vm", "Leadership brief", m -> with(m, "vars", with(vars(), "brief", brief())));
        // ---------------------------------------------------------------- Slack: ephemeral answers and modals
        text("chat/slack/refused.vm", "You may not change action item INC-2026-1206/AI-1: only its owner",
                m -> with(with(m, "why", "not-allowed"), "itemId", INCIDENT_ID + "/AI-1"));
        text("chat/slack/timeline-added.vm", "Added to the timeline of the post-mortem of incident INC-2026-1206 "
                + "(Payment API returned 503 for checkout), at Sun 6 Dec 2026, 14:05 UTC", m -> slackEntry(m));
        text("chat/slack/status.vm", "• Write the post-mortem draft — Priya Patel, due Wed 9 Dec 2026, 09:00 UTC",
                m -> slackStatus(m));
        text("chat/slack/mark-done-modal.vm", "*INC-2026-1206/AI-1* Add a connection-pool saturation alert (owner: "
                + "Sara Lind)", m -> slackItem(m));
        text("chat/slack/propose-date-modal.vm", "(owner: Sara Lind, due 2026-12-20)", m -> slackItem(m));
    }

    @Test
    void every_template_on_disk_renders_for_people() throws IOException {
        List<String> files;
        try (Stream<Path> walk = Files.walk(ROOT)) {
            files = walk.filter(Files::isRegularFile).map(p -> ROOT.relativize(p).toString().replace('\\', '/'))
                    .filter(f -> f.endsWith(".vm") && !f.equals("macros.vm")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(50);
        SoftAssertions soft = new SoftAssertions();
        for (String file : files) {
            Case c = cases.get(file);
            if (c == null) {
                soft.fail("no case for templates/" + file);
                continue;
            }
            Map<String, Object> model = c.extra().apply(model());
            List<String> parts = new ArrayList<>();
            switch (c.kind()) {
                case MAIL -> {
                    Templates.MailContent mail = templates.mail(file.substring(5, file.length() - 3), model);
                    parts.add(mail.subject());
                    parts.add(mail.html());
                    parts.add(mail.text());
                    soft.assertThat(mail.subject()).as(file + " subject").isNotBlank();
                }
                case TEXT -> parts.add(templates.text(file, model));
                case HTML -> parts.add(templates.html(file, model));
                case CHAT -> parts.addAll(templates.textBlocks(file, model, "title", "text", "buttons").values());
                case CALENDAR -> parts.addAll(templates.textBlocks(file, model, "summary", "description", "alarm")
                        .values());
            }
            String all = String.join("\n", parts);
            soft.assertThat(all).as(file + ": key sentence").contains(c.phrase());
            for (String part : parts) {
                readsForPeople(soft, file, part);
            }
        }
        assertThat(cases.keySet()).as("cases for templates that no longer exist").isSubsetOf(files);
        soft.assertAll();
    }

    /** Nothing meant for people may be ISO text, an unrendered reference, a Velocity directive or a cut date. */
    private static void readsForPeople(SoftAssertions soft, String file, String rendered) {
        String forPeople = rendered.replaceAll("https?://[^\\s\"'<>)]+", "URL")
                .replaceAll("(value|datetime|data-[a-z-]+|href)=\"[^\"]*\"", "$1=\"\"");
        soft.assertThat(forPeople).as(file + ": ISO timestamp for people")
                .doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}");
        soft.assertThat(rendered).as(file + ": unrendered reference").doesNotContainPattern("\\$!?\\{?[A-Za-z_]");
        soft.assertThat(rendered).as(file + ": Velocity directive left")
                .doesNotContainPattern("#\\{?(if|elseif|else|end|set|foreach|define|macro|parse|include|break)\\b");
        soft.assertThat(rendered).as(file + ": garbled").doesNotContainPattern("(^|\\s)\\d{3},\\s")
                .doesNotContainPattern("\\bnull\\b").doesNotContain(" ,").doesNotContain("—:");
    }

    // -------------------------------------------------------------------------------------------- models

    private static Map<String, Object> slackEntry(Map<String, Object> m) {
        Map<String, Object> t = with(m, "incidentId", INCIDENT_ID);
        t.put("title", "Payment API returned 503 for checkout");
        t.put("at", java.time.Instant.parse("2026-12-06T14:05:00Z"));
        t.put("event", "Failing over payments-db to the replica now");
        t.put("permalink", "https://acme.slack.com/archives/C1/p1765029600000100");
        return t;
    }

    private static Map<String, Object> slackStatus(Map<String, Object> m) {
        Map<String, Object> t = with(m, "incidentId", INCIDENT_ID);
        t.put("title", "Payment API returned 503 for checkout");
        t.put("severity", "SEV1");
        t.put("state", "POSTMORTEM_IN_PROGRESS");
        t.put("status", "DRAFT");
        t.put("deadline", java.time.Instant.parse("2026-12-13T14:49:00Z"));
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("name", "Write the post-mortem draft");
        task.put("owners", "Priya Patel");
        task.put("due", java.time.Instant.parse("2026-12-09T09:00:00Z"));
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("name", "Follow up overdue item");
        group.put("owners", "group tech-leads");
        group.put("due", null);
        t.put("tasks", List.of(task, group));
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", "AI-1");
        item.put("title", "Add a connection-pool saturation alert");
        item.put("ownerName", "Sara Lind");
        item.put("state", "OPEN");
        item.put("dueDate", "2026-12-20");
        t.put("items", List.of(item));
        return t;
    }

    private static Map<String, Object> slackItem(Map<String, Object> m) {
        Map<String, Object> t = with(m, "itemId", INCIDENT_ID + "/AI-1");
        t.put("itemTitle", "Add a connection-pool saturation alert");
        t.put("ownerName", "Sara Lind");
        t.put("dueDate", "2026-12-20");
        return t;
    }

    private static Map<String, Object> with(Map<String, Object> map, String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(map);
        copy.put(key, value);
        return copy;
    }

    private static Map<String, Object> incident() {
        Map<String, Object> incident = new LinkedHashMap<>();
        incident.put("id", INCIDENT_ID);
        incident.put("title", "Payment API returned 503 for checkout");
        incident.put("service", "payments");
        incident.put("severity", "SEV1");
        incident.put("startedAt", STARTED);
        incident.put("detectedAt", "2026-12-06T14:07:00Z");
        incident.put("resolvedAt", RESOLVED);
        incident.put("usersAffected", 12000);
        incident.put("usersAffectedPercent", 0.8);
        incident.put("customerImpact", "Customers could not complete payment");
        incident.put("symptom", "db-pool-exhausted");
        incident.put("dataLoss", false);
        incident.put("slaBreached", true);
        incident.put("securityIncident", false);
        incident.put("nearMiss", false);
        incident.put("commander", "lead");
        incident.put("responders", List.of("tom", "sara"));
        incident.put("requirement", "REQUIRED");
        incident.put("reason", "SEV1 incidents always get a post-mortem");
        incident.put("meetingDeadline", "2026-12-11T14:49:00Z");
        incident.put("publishDeadline", "2026-12-13T14:49:00Z");
        incident.put("restricted", false);
        return incident;
    }

    static PostmortemDocument document() {
        List<TimelineEntry> timeline = List.of(
                new TimelineEntry(STARTED, "Error rate on /checkout rose above 5 %", "Grafana", null),
                new TimelineEntry("2026-12-06T14:07:00Z", "PagerDuty paged the on-call engineer", "PagerDuty", "tom"),
                new TimelineEntry("2026-12-06T14:31:00Z", "Database failover took 9 minutes", "Slack #inc", "sara"),
                new TimelineEntry(RESOLVED, "Checkout recovered after the pool was resized", "Grafana", "tom"));
        List<ActionItem> items = List.of(
                new ActionItem("Add a connection-pool saturation alert", "sara", "Sara Lind", "2026-12-20", "HIGH"),
                new ActionItem("Load-test checkout at peak traffic", "tom", "Tom Berg", "2027-01-15", "MEDIUM"));
        Meeting meeting = new Meeting("2026-12-08T10:00:00Z", 60L, "2026-12-08T11:00:00Z",
                "Room Ada / meet.example.com/pm", List.of("priya", "mia", "tom", "sara"), null);
        return new PostmortemDocument(
                "On Sun 6 Dec 2026 between 14:02 and 14:49 UTC checkout failed for 47 minutes.",
                "12000 users could not pay; about 4 % of the day's orders were delayed.",
                "The checkout database pool was sized for last year's traffic and ran out of connections.",
                "The on-call engineer was paged within 5 minutes.", "Database failover took 9 minutes.",
                "Capacity limits need alerts before they are reached.", "Capacity",
                "The team agreed the pool size is a capacity problem, not a person's.", null, timeline,
                List.of("Checkout failed because no connection was free.",
                        "No connection was free because the pool had 20 connections.",
                        "The pool had 20 connections because nobody revisited its size after the sales growth."),
                List.of("No alert on pool saturation", "Failover not rehearsed"), items, "priya", "Priya Patel",
                "mia", "Mia Chen", List.of("lead"), 1, meeting,
                List.of(new TimelineContribution("tom", "Tom Berg", 2, "From my shell history", "form")),
                new Metrics("5 min", "9 min", "47 min", "47 min", 5L, 9L, 47L), "PUBLISHED",
                "2026-12-10T16:30:00Z");
    }

    private static Map<String, Object> links() {
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("tasklist", BASE + "/camunda/app/tasklist/");
        links.put("incident", BASE + "/api/incidents/" + INCIDENT_ID);
        links.put("postmortem", BASE + "/api/postmortems/" + INCIDENT_ID);
        links.put("documentHtml", BASE + "/api/postmortems/" + INCIDENT_ID + "/document.html");
        links.put("documentMd", BASE + "/api/postmortems/" + INCIDENT_ID + "/document.md");
        links.put("publicHtml", BASE + "/api/postmortems/" + INCIDENT_ID + "/public.html");
        links.put("library", BASE + "/library");
        links.put("libraryPage", BASE + "/library/" + INCIDENT_ID);
        links.put("inbox", BASE + "/inbox");
        links.put("task", BASE + "/camunda/app/tasklist/#/?task=t-1");
        links.put("item", BASE + "/api/action-items/" + INCIDENT_ID + "/AI-1");
        return links;
    }

    private static Map<String, Object> vars() {
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("incidentId", INCIDENT_ID);
        vars.put("actionItemId", "AI-1");
        vars.put("title", "Add a connection-pool saturation alert");
        vars.put("owner", "sara");
        vars.put("previousOwner", "tom");
        vars.put("ownerChangedBy", "mia");
        vars.put("ownerChangeRationale", "Sara owns the alerting stack");
        vars.put("dueDate", "2026-12-20");
        vars.put("priority", "HIGH");
        vars.put("state", "OVERDUE");
        vars.put("daysOverdue", 21);
        vars.put("escalationLevel", 3);
        vars.put("rationale", "The alert is covered by the new platform dashboards");
        vars.put("itemLink", BASE + "/api/action-items/" + INCIDENT_ID + "/AI-1");
        vars.put("taskLink", BASE + "/camunda/app/tasklist/#/?task=t-1");
        vars.put("ticket", "OPS-42");
        vars.put("actionItemsOverview", "AI-1 Add a connection-pool saturation alert: OVERDUE (Sara Lind)\n"
                + "AI-2 Load-test checkout at peak traffic: OPEN (Tom Berg)");
        vars.put("contributor", "tom");
        vars.put("contributionAdded", 2);
        vars.put("meetingChangeReason", "The author is on call that morning");
        vars.put("qualityFindings", List.of(Map.of("severity", "BLOCKING", "section", "Root cause",
                "text", "Tom forgot", "why", "Blames a person.", "hint", "Describe the system gap.")));
        vars.put("wikiPageUrl", "https://wiki.example.com/pages/42");
        return vars;
    }

    private Map<String, Object> model() {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("incident", incident());
        PostmortemDocument doc = document();
        model.put("doc", doc);
        model.put("draft", doc);
        model.put("links", links());
        model.put("fmt", fmt);
        model.put("vars", vars());
        model.put("recipients", List.of("priya", "mia", "tom", "sara"));
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("id", "t-1");
        task.put("name", "Review the incident");
        task.put("key", "Task_Other");
        task.put("assignee", "lead");
        task.put("due", "2026-12-09T09:00:00Z");
        task.put("created", "2026-12-06T15:00:00Z");
        model.put("task", task);
        model.put("reference", "");
        return model;
    }

    private Map<String, Object> ticket(Map<String, Object> m) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", "AI-1");
        item.put("title", "Add a connection-pool saturation alert");
        item.put("owner", "sara");
        item.put("dueDate", "2026-12-20");
        item.put("priority", "HIGH");
        Map<String, Object> t = with(m, "item", item);
        t.put("rootCause", "The checkout database pool was sized for last year's traffic.");
        t.put("causeCategory", "Capacity");
        t.put("ownerName", "Sara Lind");
        t.put("previousOwnerName", "Tom Berg");
        t.put("byName", "Mia Chen");
        t.put("why", "Sara owns the alerting stack");
        t.put("dueDate", "2026-12-20"); // ActionItemLadder / ExternalChanges pass LocalDate.toString()
        t.put("level", 2);
        t.put("resolution", "alert added");
        t.put("rationale", "Covered by the new platform dashboards");
        t.put("assignee", "someone@example.org");
        return t;
    }

    private Map<String, Object> earlier(Map<String, Object> m) {
        Map<String, Object> before = new LinkedHashMap<>(incident());
        before.put("id", "INC-2026-1101");
        before.put("title", "Checkout slow during the autumn sale");
        before.put("startedAt", "2026-11-01T09:15:00Z");
        before.put("resolvedAt", "2026-11-01T10:05:00Z");
        Map<String, Object> e = with(m, "incidents", List.of(before));
        e.put("more", 0);
        e.put("recurrence", 2); // the occurrences shown, this one included
        e.put("windowDays", 90);
        return e;
    }

    private Map<String, Object> inbox(Map<String, Object> m) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("index", 0);
        message.put("receivedAt", "2026-12-06T15:10:00Z");
        message.put("from", "aftermath@example.com");
        message.put("to", "priya@example.com");
        message.put("subject", "[SEV1] INC-2026-1206: Invitation: post-mortem meeting on Tue 8 Dec 2026, 10:00 UTC");
        message.put("attachments", List.of("invite.ics"));
        message.put("htmlLink", "/inbox/0/html");
        message.put("textLink", "/inbox/0/text");
        return with(with(m, "messages", List.of(message)), "total", 1);
    }

    private Map<String, Object> library(Map<String, Object> m) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("incidentId", INCIDENT_ID);
        item.put("title", "Payment API returned 503 for checkout");
        item.put("severity", "SEV1");
        item.put("service", "payments");
        item.put("causeCategory", "Capacity");
        item.put("date", "2026-12-10T16:30:00Z");
        item.put("summary", "Checkout failed for 47 minutes.");
        item.put("restricted", false);
        item.put("paths", Map.of("page", "/library/" + INCIDENT_ID));
        Map<String, Object> l = with(m, "items", List.of(item));
        l.put("total", 1);
        l.put("page", 0);
        l.put("size", 20);
        l.put("pages", 1);
        l.put("pageNumber", 1);
        Map<String, Object> filters = new LinkedHashMap<>();
        filters.put("q", "checkout");
        filters.put("severity", "SEV1");
        filters.put("from", "2026-12-01");
        filters.put("to", "2026-12-31");
        l.put("filters", filters);
        l.put("severities", List.of("SEV1", "SEV2", "SEV3"));
        l.put("services", List.of("payments", "search"));
        l.put("causeCategories", List.of("Capacity", "Deployment"));
        return l;
    }

    private Map<String, Object> libraryPage(Map<String, Object> m) {
        Map<String, Object> page = with(m, "entry", Map.of("paths", Map.of("documentHtml", "/library/x/document.html",
                "documentMd", "/library/x/document.md", "publicHtml", "/library/x/public.html")));
        page.put("related", List.of(Map.of("title", "Checkout slow during the autumn sale",
                "date", "2026-11-03T12:00:00Z", "severity", "SEV2", "service", "payments", "symptom", "db-pool-exhausted",
                "paths", Map.of("page", "/library/INC-2026-1101"))));
        page.put("actionItems", List.of(
                Map.of("title", "Add a connection-pool saturation alert", "owner", "sara", "ownerName", "Sara Lind",
                        "dueDate", "2026-12-20", "priority", "HIGH", "state", "OVERDUE"),
                Map.of("title", "Load-test checkout at peak traffic", "owner", "tom", "ownerName", "Tom Berg",
                        "dueDate", "2027-01-15", "priority", "MEDIUM", "state", "OPEN")));
        page.put("wikiPageUrl", "https://wiki.example.com/pages/42");
        return page;
    }

    private Map<String, Object> insightsPage(Map<String, Object> m) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("incidents", Map.of("count", 7, "mttrMinutes", 52.5));
        report.put("postmortems", Map.of("published", 3, "required", 4, "publishedOnTime", 2, "onTimePercent", 66.7));
        report.put("actionItems", Map.of("open", 5, "completionRatePercent", 80.0, "byOwner",
                List.of(Map.of("owner", "Sara Lind", "open", 2, "overdue", 1, "done", 3))));
        report.put("targets", List.of(Map.of("metric", "postmortems.onTimePercent", "name", "Post-mortems on time",
                "target", ">= 90 %", "actual", 66.7, "met", false)));
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("id", "chart-mttr");
        chart.put("title", "Mean time to resolve");
        chart.put("kind", "line");
        chart.put("unit", "minutes");
        chart.put("categories", List.of("2026-10", "2026-11"));
        chart.put("series", List.of(Map.of("name", "SEV1"), Map.of("name", "SEV2")));
        chart.put("rows", List.of(List.of("2026-10", 40, 55), List.of("2026-11", 35, 61)));
        Map<String, Object> p = with(m, "report", report);
        p.put("filters", Map.of("from", "2026-09-08", "to", "2026-12-06", "service", "payments"));
        p.put("query", "from=2026-09-08&to=2026-12-06&service=payments");
        p.put("severities", List.of("SEV1", "SEV2", "SEV3"));
        p.put("services", List.of("payments", "search"));
        p.put("charts", List.of(chart));
        p.put("chartsJson", "[{\"id\":\"chart-mttr\"}]");
        p.put("zone", "UTC");
        p.put("openNow", 9);
        p.put("onTimeJudged", 3);
        return p;
    }

    private static Map<String, Object> brief() {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("incidentId", INCIDENT_ID);
        b.put("summary", "Checkout failed for 47 minutes.");
        b.put("rootCause", "The checkout database pool was sized for last year's traffic.");
        b.put("causeCategory", "Capacity");
        b.put("impact", Map.of("durationMinutes", 47.0, "ttdMinutes", 5.0, "ttrMinutes", 42.0, "hoursToPublish",
                97.7, "publishedOnTime", true));
        b.put("highItems", List.of(Map.of("title", "Add a connection-pool saturation alert", "owner", "sara",
                "ownerName", "Sara Lind", "dueDate", "2026-12-20")));
        b.put("actionItemCount", 2);
        b.put("links", Map.of("libraryPage", BASE + "/library/" + INCIDENT_ID, "insights", BASE + "/insights"));
        return b;
    }

    private static Map<String, Object> weekly() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("weekStart", "2026-12-07");
        d.put("weekEnd", "2026-12-13");
        Map<String, Object> due = new LinkedHashMap<>();
        due.put("incidentId", INCIDENT_ID);
        due.put("title", "Payment API returned 503 for checkout");
        due.put("severity", "SEV1");
        due.put("service", "payments");
        due.put("publishDeadline", "2026-12-13T14:49:00Z"); // InsightsDigests: the instant
        due.put("author", "Priya Patel");
        due.put("link", BASE + "/api/postmortems/" + INCIDENT_ID);
        d.put("dueThisWeek", List.of(due));
        d.put("late", List.of(due));
        Map<String, Object> item = Map.of("id", "AI-1", "title", "Add a connection-pool saturation alert", "owner",
                "sara", "ownerName", "Sara Lind", "dueDate", "2026-11-20", "state", "OVERDUE", "level", 2);
        d.put("overdueLevels", List.of(Map.of("level", 2, "count", 1, "bar", 100, "items", List.of(item))));
        d.put("completedLastWeek", List.of(item));
        d.put("lastWeekStart", "2026-11-30");
        d.put("rates", List.of(Map.of("name", "Post-mortems on time", "target", ">= 90 %", "actual", 66.7,
                "status", "missed", "bar", 67)));
        d.put("period", Map.of("from", "2026-09-08", "to", "2026-12-06"));
        d.put("links", Map.of("insights", BASE + "/insights", "library", BASE + "/library", "tasklist",
                BASE + "/camunda/app/tasklist/"));
        return d;
    }

    private static Map<String, Object> quarterly() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("quarter", "2026-Q4");
        d.put("from", "2026-10-01");
        d.put("to", "2026-12-31");
        d.put("report", Map.of("incidents", Map.of("count", 7, "mttrMinutes", 52.5),
                "postmortems", Map.of("published", 3, "required", 4),
                "recurrences", List.of(Map.of("service", "payments", "symptom", "db-pool-exhausted",
                        "occurrencesAfter", 1, "postmortemId", "INC-2026-1101"))));
        d.put("targets", List.of(Map.of("name", "Post-mortems on time", "target", ">= 90 %", "actual", 66.7,
                "status", "missed")));
        d.put("causeTable", Map.of("quarters", List.of("2026-Q3", "2026-Q4"), "rows",
                List.of(Map.of("category", "Capacity", "cells", List.of(Map.of("count", 1, "bar", 50),
                        Map.of("count", 2, "bar", 100))))));
        d.put("backlog", Map.of("atStart", 4, "atEnd", 5, "growth", 1, "growthText", "+1"));
        d.put("openLevels", List.of(Map.of("level", 0, "count", 3, "bar", 100)));
        d.put("links", Map.of("insights", BASE + "/insights?from=2026-10-01&to=2026-12-31"));
        return d;
    }
}
