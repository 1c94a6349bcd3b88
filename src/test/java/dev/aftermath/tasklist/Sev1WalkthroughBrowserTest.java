package dev.aftermath.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;

import com.fasterxml.jackson.databind.JsonNode;

import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import dev.aftermath.support.Chromium;
import dev.aftermath.processapi.PostmortemProcess.Elements;
import dev.aftermath.support.Drafts;

/**
 * The README walkthrough end to end: a SEV1 incident is posted over HTTP and walked from closure to the published
 * document entirely through the Tasklist forms, each step by the user whose task it is. The only step outside the UI
 * is time passing: the test fires the meeting timer and runs the asynchronous jobs (the job executor is off). Every
 * step leaves its mail in the dev inbox. Skipped when Chromium or chromedriver is not installed.
 */
@EnabledIf(value = Chromium.INSTALLED, disabledReason = Chromium.SKIPPED)
class Sev1WalkthroughBrowserTest extends BrowserTestSupport {

    private static final String MEETING_ROOT_CAUSE =
            "The payments DB connection pool was sized for the traffic of last year and nothing alerted on its saturation";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void sev1_incident_walks_from_closure_to_the_published_document_through_tasklist() throws Exception {
        String id = newIncidentId("INC-WALK-SEV1");

        // 1. the incident tool posts the closed incident (no author or facilitator: the commander names them)
        HttpResponse<String> posted = send("jordan", HttpRequest.newBuilder(api("/api/incidents"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(objectMapper.writeValueAsString(closure(id)))));
        assertThat(posted.statusCode()).as("POST /api/incidents: " + posted.body()).isEqualTo(201);
        JsonNode receipt = objectMapper.readTree(posted.body());
        assertThat(receipt.get("requirement").asText()).isEqualTo("REQUIRED");
        assertThat(receipt.hasNonNull("publishDeadline")).isTrue();
        assertThat(receipt.hasNonNull("meetingDeadline")).isTrue();
        ProcessInstance pi = runtimeService.createProcessInstanceQuery().processInstanceBusinessKey(id)
                .processDefinitionKey("postmortem").singleResult();
        assertThat(pi).as("post-mortem instance of " + id).isNotNull();
        runAsyncJobs();
        assertThat(subjectsWith("jordan", id)).anyMatch(s -> s.contains("Assign the post-mortem author"));

        // 2. jordan names author and facilitator (a task of the incident commanders: claim it first)
        Task assign = waitingTask(pi, Elements.TASK_ASSIGN_ROLES);
        login("jordan");
        openTask(assign.getId(), "Assign post-mortem roles");
        claimIfUnassigned(assign);
        fillText("Field_author", "priya");
        fillText("Field_facilitator", "carlos");
        completeTask(assign.getId());
        runAsyncJobs();
        mailTo("priya", "Write the post-mortem draft");
        mailTo("carlos", "Schedule the post-mortem meeting");

        // 3. priya writes the draft on top of the generated one, with content that passes the quality gate
        Task draft = waitingTask(pi, Elements.TASK_WRITE_DRAFT);
        assertThat(draft.getAssignee()).isEqualTo("priya");
        switchUser("priya");
        openTask(draft.getId(), "Write post-mortem draft");
        claimIfUnassigned(draft);
        fillText("Field_rootCause", "Connection pool sized for old traffic; no alert on pool saturation");
        List<String> whys = texts(Drafts.FIVE_WHYS);
        ensureListRows("List_whys", "Field_whys_text", whys.size());
        for (int i = 0; i < whys.size(); i++) {
            fillListText("Field_whys_text", i, whys.get(i));
        }
        List<String> factors = texts(Drafts.TWO_FACTORS);
        ensureListRows("List_contributingFactors", "Field_contributingFactors_text", factors.size());
        for (int i = 0; i < factors.size(); i++) {
            fillListText("Field_contributingFactors_text", i, factors.get(i));
        }
        fillText("Field_whatWentWell", "The rollback of the campaign traffic took minutes");
        fillText("Field_whatWentWrong", "The first alert fired on errors, not on pool saturation");
        fillText("Field_lessonsLearned", "Alert on saturation, not on errors; size pools from load tests");
        selectOption("Field_causeCategory", "Capacity / load");
        capture("walkthrough-draft-filled");
        completeTask(draft.getId());
        runAsyncJobs();
        assertNotSentBack(pi, Elements.TASK_WRITE_DRAFT, "draft");

        // 4. carlos schedules the meeting a few hours ahead (well inside the SEV1 meeting window)
        Task schedule = waitingTask(pi, Elements.TASK_SCHEDULE_MEETING);
        assertThat(schedule.getAssignee()).isEqualTo("carlos");
        Instant meetingStart = Instant.now().plus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS);
        switchUser("carlos");
        openTask(schedule.getId(), "Schedule review meeting");
        claimIfUnassigned(schedule);
        fillDateTime("Field_meetingStart", meetingStart);
        fillText("Field_attendees", "priya,mia,jordan");
        fillText("Field_meetingLocation", "Room 4 / Meet");
        capture("walkthrough-schedule-filled");
        completeTask(schedule.getId());
        assertThat(Instant.parse((String) runtimeService.getVariable(pi.getId(), "meetingStart")))
                .as("meeting start as typed in the browser's time zone").isEqualTo(meetingStart);
        // invitations, and the draft at once (the meeting is less than 24 h away)
        runAsyncJobs();
        for (String attendee : List.of("carlos", "priya", "mia", "jordan")) {
            MimeMessage invitation = mailTo(attendee, "Invitation: post-mortem meeting");
            assertThat(parts(invitation).attachments()).as("the .ics of " + attendee + "'s invitation")
                    .anySatisfy(a -> {
                        assertThat(a.contentType()).startsWith("text/calendar");
                        assertThat(new String(a.content(), StandardCharsets.UTF_8)).contains("BEGIN:VEVENT");
                    });
            mailTo(attendee, "Please read the post-mortem draft");
        }
        // time passes: the meeting starts
        fireTimer(pi, Elements.TIMER_MEETING_START);
        mailTo("carlos", "The post-mortem meeting starts now");

        // 5. carlos records the meeting: agreed root cause and two owned, dated action items
        Task meeting = waitingTask(pi, Elements.TASK_HOLD_MEETING);
        assertThat(meeting.getAssignee()).isEqualTo("carlos");
        openTask(meeting.getId(), "Hold review meeting");
        claimIfUnassigned(meeting);
        fillText("Field_rootCause", MEETING_ROOT_CAUSE);
        selectOption("Field_causeCategory", "Capacity / load");
        fillText("Field_meetingNotes", "Timeline confirmed; agreed on an alert and a configurable pool size.");
        ensureListRows("List_actionItems", "Field_actionItems_title", 1);
        fillListText("Field_actionItems_title", 0, "Alert at 80% pool saturation on payments-db");
        fillListText("Field_actionItems_owner", 0, "mia");
        fillListDate("Field_actionItems_dueDate", 0, LocalDate.now().plusDays(14));
        selectListOption("Field_actionItems_priority", 0, "High");
        ensureListRows("List_actionItems", "Field_actionItems_title", 2);
        fillListText("Field_actionItems_title", 1, "Make the pool size configurable per environment");
        fillListText("Field_actionItems_owner", 1, "priya");
        fillListDate("Field_actionItems_dueDate", 1, LocalDate.now().plusDays(30));
        selectListOption("Field_actionItems_priority", 1, "Medium");
        capture("walkthrough-meeting-filled");
        completeTask(meeting.getId());
        runAsyncJobs();
        mailTo("priya", "Finalize the post-mortem");

        // 6. priya finalises the document, keeping the prefilled sections
        Task finalize = waitingTask(pi, Elements.TASK_FINALIZE);
        assertThat(finalize.getAssignee()).isEqualTo("priya");
        switchUser("priya");
        openTask(finalize.getId(), "Finalise post-mortem document");
        claimIfUnassigned(finalize);
        assertThat(field("Field_rootCause").getDomProperty("value")).isEqualTo(MEETING_ROOT_CAUSE);
        capture("walkthrough-finalize");
        completeTask(finalize.getId());
        runAsyncJobs();
        assertNotSentBack(pi, Elements.TASK_FINALIZE, "final document");
        mailTo("mia", "Approve the post-mortem for publication");

        // 7. mia approves (a task of the tech leads: claim it first)
        Task approve = waitingTask(pi, Elements.TASK_APPROVE);
        switchUser("mia");
        openTask(approve.getId(), "Approve publication");
        claimIfUnassigned(approve);
        chooseRadio("Field_approved", "Approve and publish");
        capture("walkthrough-approve");
        completeTask(approve.getId());

        // 8. published: the document, its action items and the summary to the engineering list
        runAsyncJobs();
        JsonNode postmortem = objectMapper.readTree(get("mia", "/api/postmortems/" + id));
        assertThat(postmortem.get("status").asText()).isEqualTo("PUBLISHED");
        assertThat(postmortem.get("actionItems")).hasSize(2);
        assertThat(postmortem.get("actionItems").findValuesAsText("owner")).containsExactly("mia", "priya");
        assertThat(get("mia", "/api/postmortems/" + id + "/document.html")).contains(MEETING_ROOT_CAUSE);
        for (String user : List.of("jordan", "priya", "carlos", "mia", "sam", "alex")) {
            mailTo(user, "Post-mortem published");
        }
        mailTo("mia", "Action item for you");
        mailTo("priya", "Action item for you");
        // every mail of the walkthrough names the incident
        for (String user : List.of("jordan", "priya", "carlos", "mia")) {
            assertThat(subjects(user)).as("subjects of " + user).allMatch(s -> s.contains(id));
        }
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    /** The closure of the README walkthrough, with times relative to now. */
    private static Map<String, Object> closure(String id) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("title", "Checkout payments failing (503)");
        m.put("service", "payments");
        m.put("severity", "SEV1");
        m.put("startedAt", now.minus(180, ChronoUnit.MINUTES).toString());
        m.put("detectedAt", now.minus(175, ChronoUnit.MINUTES).toString());
        m.put("acknowledgedAt", now.minus(170, ChronoUnit.MINUTES).toString());
        m.put("resolvedAt", now.minus(120, ChronoUnit.MINUTES).toString());
        m.put("commander", "jordan");
        m.put("responders", List.of("priya", "carlos"));
        m.put("usersAffected", 12000);
        m.put("usersAffectedPercent", 4.5);
        m.put("customerImpact", "About 12,000 users could not complete payment");
        m.put("symptom", "db-pool-exhausted-" + id); // no recurrence with other tests
        m.put("timeline", List.of(
                Map.of("at", now.minus(180, ChronoUnit.MINUTES).toString(),
                        "event", "Alert: error rate > 5% on payments", "source", "PagerDuty"),
                Map.of("at", now.minus(170, ChronoUnit.MINUTES).toString(),
                        "event", "On-call engineer acknowledged", "actor", "priya")));
        return m;
    }

    private URI api(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private HttpResponse<String> send(String user, HttpRequest.Builder request) throws Exception {
        String basic = Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8));
        return http.send(request.header("Authorization", "Basic " + basic).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String get(String user, String path) throws Exception {
        HttpResponse<String> r = send(user, HttpRequest.newBuilder(api(path)).GET());
        assertThat(r.statusCode()).as("GET " + path + " as " + user + ": " + r.body()).isEqualTo(200);
        return r.body();
    }

    /** The only open task of this activity. */
    private Task waitingTask(ProcessInstance pi, String key) {
        List<Task> tasks = taskService.createTaskQuery().processInstanceId(pi.getId()).taskDefinitionKey(key).list();
        assertThat(tasks).as("open " + key + " of " + pi.getBusinessKey() + "; open tasks: "
                + taskService.createTaskQuery().processInstanceId(pi.getId()).list().stream()
                        .map(Task::getTaskDefinitionKey).toList()).hasSize(1);
        return tasks.get(0);
    }

    /** A task of a candidate group: the logged-in member claims it in Tasklist before the form can be filled. */
    private void claimIfUnassigned(Task task) {
        if (task.getAssignee() == null) {
            claimTask();
        }
    }

    /** Fails when the quality gate sent the document back (a new task of the same activity with findings). */
    private void assertNotSentBack(ProcessInstance pi, String key, String what) {
        List<Task> again = taskService.createTaskQuery().processInstanceId(pi.getId()).taskDefinitionKey(key).list();
        assertThat(again).as("the quality gate sent the " + what + " back with qualityFindings: "
                + (again.isEmpty() ? "" : runtimeService.getVariable(pi.getId(), "qualityFindings"))).isEmpty();
    }

    private List<String> texts(String jsonArray) throws Exception {
        List<String> result = new ArrayList<>();
        for (JsonNode n : objectMapper.readTree(jsonArray)) {
            result.add(n.isTextual() ? n.asText() : n.get("text").asText());
        }
        return result;
    }

    private List<String> subjectsWith(String user, String part) throws Exception {
        return subjects(user).stream().filter(s -> s.contains(part)).toList();
    }
}
