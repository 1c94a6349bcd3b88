package dev.aftermath.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Map;

import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.aftermath.incident.Incident;
import dev.aftermath.incident.IncidentRepository;
import dev.aftermath.processapi.PostmortemProcess.Elements;
import dev.aftermath.postmortem.PostmortemRecord;
import dev.aftermath.postmortem.PostmortemRepository;
import dev.aftermath.postmortem.PostmortemStatus;
import dev.aftermath.support.ProcessTestSupport;

/** The policy table inside the lifecycle: recurrence, near-misses, business days, and a table edited in place. */
class PolicyProcessTest extends ProcessTestSupport {

    @Autowired IncidentRepository incidents;
    @Autowired PostmortemRepository postmortems;

    /** Below every impact rule, with a symptom of its own (no recurrence from other tests). */
    private static Map<String, Object> quiet(Map<String, Object> payload) {
        payload.put("usersAffectedPercent", 0.2);
        payload.put("symptom", "symptom-" + newIncidentId("q"));
        return payload;
    }

    private ProcessInstance post(String id, String severity, String symptom, Instant resolvedAt) {
        Map<String, Object> payload = incident(id, severity, Duration.between(resolvedAt, Instant.now()));
        payload.put("symptom", symptom);
        payload.put("service", "checkout");
        payload.put("usersAffectedPercent", 0.2);
        return start(payload);
    }

    @Test
    void the_third_sev4_with_the_same_symptom_starts_a_full_postmortem() {
        String symptom = "db-pool-exhausted-" + newIncidentId("s");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String first = newIncidentId("INC-R1");
        String second = newIncidentId("INC-R2");
        String third = newIncidentId("INC-R3");
        ProcessInstance p1 = post(first, "SEV4", symptom, now.minus(Duration.ofDays(40)));
        ProcessInstance p2 = post(second, "SEV4", symptom, now.minus(Duration.ofDays(12)));
        ProcessInstance p3 = post(third, "SEV4", symptom, now.minus(Duration.ofHours(2)));

        assertThat(p1).isWaitingAt(Elements.SEND_NOT_REQUIRED);
        assertThat(p2).isWaitingAt(Elements.SEND_NOT_REQUIRED);
        Incident i1 = incidents.find(first).orElseThrow();
        Incident i2 = incidents.find(second).orElseThrow();
        assertThat(i1.requirement()).isEqualTo("NOT_REQUIRED");
        assertThat(i1.reason()).contains("occurrence 1 of " + symptom + " in 90 days");
        assertThat(i2.requirement()).isEqualTo("NOT_REQUIRED");
        assertThat(i2.reason()).contains("occurrence 2 of " + symptom + " in 90 days");
        assertThat(i2.recurrence()).isEqualTo(2);

        Incident i3 = incidents.find(third).orElseThrow();
        assertThat(i3.requirement()).isEqualTo("REQUIRED");
        assertThat(i3.recurrence()).isEqualTo(3);
        assertThat(i3.reason()).isEqualTo("SEV4, 3rd occurrence of " + symptom + " in 90 days");
        assertThat(i3.format()).isEqualTo("FULL");
        assertThat(p3).isWaitingAt(Elements.TASK_ASSIGN_ROLES);
    }

    @Test
    void the_recurrence_window_ends_exactly_90_days_back() {
        String symptom = "cert-expired-" + newIncidentId("s");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant third = now.minus(Duration.ofHours(1));
        post(newIncidentId("INC-W1"), "SEV4", symptom, third.minus(Duration.ofDays(90))); // on the edge: outside
        post(newIncidentId("INC-W2"), "SEV4", symptom, third.minus(Duration.ofDays(90)).plusSeconds(1)); // inside
        String id = newIncidentId("INC-W3");
        post(id, "SEV4", symptom, third);
        assertThat(incidents.find(id).orElseThrow().recurrence()).isEqualTo(2);
        assertThat(incidents.find(id).orElseThrow().requirement()).isEqualTo("NOT_REQUIRED");
    }

    @Test
    void a_near_miss_runs_the_lightweight_path_without_a_meeting() {
        String id = newIncidentId("INC-NEAR");
        Map<String, Object> payload = quiet(incident(id, "SEV3", Duration.ofHours(1)));
        payload.put("nearMiss", true);
        payload.put("author", "priya");
        payload.put("facilitator", "carlos");
        ProcessInstance pi = start(payload);
        assertThat(pi).isWaitingAt(Elements.TASK_DECIDE_NEED);
        assertThat(pi).variables().containsEntry("format", "LIGHTWEIGHT");
        complete(task(), withVariables("postmortemNeeded", true, "decisionReason",
                "Caught by a canary; the same gap exists on three services", "format", "LIGHTWEIGHT"));
        assertThat(pi).isWaitingAt(Elements.TASK_WRITE_DRAFT).hasNotPassed(Elements.TASK_ASSIGN_ROLES);
        // the draft and the responders' timeline contributions (commander jordan, responder carlos): no meeting task
        assertThat(taskService.createTaskQuery().processInstanceId(pi.getId()).list())
                .extracting(org.camunda.bpm.engine.task.Task::getTaskDefinitionKey)
                .containsExactlyInAnyOrder(Elements.TASK_WRITE_DRAFT, Elements.TASK_CONTRIBUTE_TIMELINE,
                        Elements.TASK_CONTRIBUTE_TIMELINE);
        complete(task(Elements.TASK_WRITE_DRAFT), dev.aftermath.support.Drafts.goodDraft());
        assertThat(pi).isWaitingAt(Elements.TASK_APPROVE);
        complete(task(Elements.TASK_APPROVE), withVariables("approved", true));
        runAsyncJobs();
        // published: only the 4-week follow-up review is left (no action items without a meeting)
        assertThat(pi).hasPassed(Elements.PUBLISH, Elements.SEND_PUBLISHED)
                .hasNotPassed(Elements.TASK_SCHEDULE_MEETING, Elements.TASK_HOLD_MEETING, Elements.TASK_FINALIZE,
                        Elements.SEND_INVITATIONS)
                .isWaitingAt(Elements.TIMER_FOLLOW_UP_REVIEW);
        PostmortemRecord published = postmortems.find(id).orElseThrow();
        assertThat(published.status()).isEqualTo(PostmortemStatus.PUBLISHED);
        assertThat(incidents.find(id).orElseThrow().format()).isEqualTo("LIGHTWEIGHT");
    }

    @Test
    void a_deadline_on_a_weekend_rolls_to_monday_and_the_meeting_keeps_within_5_business_days() {
        // the last Thursday 10:00 UTC at least a day ago: + 72 h lands on a Sunday
        ZonedDateTime thursday = ZonedDateTime.now(ZoneOffset.UTC).minusDays(1)
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.THURSDAY)).truncatedTo(ChronoUnit.DAYS).withHour(10);
        String id = newIncidentId("INC-WEEKEND");
        start(quiet(incident(id, "SEV2", Duration.between(thursday.toInstant(), Instant.now()))));
        Incident stored = incidents.find(id).orElseThrow();
        ZonedDateTime monday = thursday.plusDays(4);
        assertThat(monday.getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
        assertThat(stored.publishDeadline()).isEqualTo(monday.toInstant());
        assertThat(stored.meetingDeadline()).isEqualTo(monday.toInstant());
        // SEV3 (team decision): 120 h from a Thursday is Tuesday; 5 business days is the next Thursday
        String sev3 = newIncidentId("INC-WEEKEND3");
        start(quiet(incident(sev3, "SEV3", Duration.between(thursday.toInstant(), Instant.now()))));
        Incident stored3 = incidents.find(sev3).orElseThrow();
        assertThat(stored3.meetingDeadline()).isEqualTo(thursday.plusDays(5).toInstant());
        assertThat(LocalDate.ofInstant(stored3.meetingDeadline(), ZoneOffset.UTC).getDayOfWeek())
                .isEqualTo(DayOfWeek.TUESDAY);
    }

    @Test
    void editing_a_rule_in_a_copy_of_the_table_moves_the_deadline_without_java() throws Exception {
        String table = Files.readString(Path.of("processes/postmortem-policy.dmn"));
        String sev2Rule = table.substring(table.indexOf("<rule id=\"Rule_SEV2\">"));
        sev2Rule = sev2Rule.substring(0, sev2Rule.indexOf("</rule>"));
        String edited = table.replace(sev2Rule, sev2Rule.replace(
                "<outputEntry id=\"LiteralExpression_SEV2_publishWithinHours\"><text>72</text>",
                "<outputEntry id=\"LiteralExpression_SEV2_publishWithinHours\"><text>96</text>"));
        assertThat(edited).isNotEqualTo(table);
        Deployment deployment = processEngine.getRepositoryService().createDeployment().name("edited policy")
                .addString("postmortem-policy.dmn", edited).deploy();
        try {
            // resolved on a Monday 09:00 so that neither 72 h nor 96 h lands on a weekend
            ZonedDateTime monday = ZonedDateTime.now(ZoneOffset.UTC).minusDays(1)
                    .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).truncatedTo(ChronoUnit.DAYS).withHour(9);
            String id = newIncidentId("INC-96H");
            start(quiet(incident(id, "SEV2", Duration.between(monday.toInstant(), Instant.now()))));
            Incident stored = incidents.find(id).orElseThrow();
            assertThat(Duration.between(stored.resolvedAt(), stored.publishDeadline())).isEqualTo(Duration.ofHours(96));
        } finally {
            processEngine.getRepositoryService().deleteDeployment(deployment.getId(), true);
        }
        String id = newIncidentId("INC-72H");
        ZonedDateTime monday = ZonedDateTime.now(ZoneOffset.UTC).minusDays(1)
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).truncatedTo(ChronoUnit.DAYS).withHour(9);
        start(quiet(incident(id, "SEV2", Duration.between(monday.toInstant(), Instant.now()))));
        Incident stored = incidents.find(id).orElseThrow();
        assertThat(Duration.between(stored.resolvedAt(), stored.publishDeadline())).isEqualTo(Duration.ofHours(72));
    }
}
