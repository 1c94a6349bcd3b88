package dev.aftermath.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.support.CronExpression;

import dev.aftermath.processapi.InsightsProcess.Brief;
import dev.aftermath.processapi.InsightsProcess.Quarterly;
import dev.aftermath.processapi.InsightsProcess.Weekly;
import dev.aftermath.notification.MailParts;
import dev.aftermath.support.Drafts;
import dev.aftermath.support.Lifecycle;

/**
 * The digest processes: their timer-start jobs are due when the diagram says (cron in the calendar zone, UTC in the
 * tests), executing them mails the digests (GreenMail) built over the seeded set; a changed cycle in a copy of the
 * diagram changes the due date; the leadership brief follows the publication of a SEV1 post-mortem.
 */
class InsightsDigestTest extends Lifecycle {

    @Autowired JdbcClient jdbc;
    @Autowired RepositoryService repositoryService;
    @Autowired HistoryService historyService;
    @Autowired InsightsDigests digests;

    @BeforeEach
    void seed() {
        InsightsSeed.seed(jdbc);
    }

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
        // the timer-start jobs count their next due date from the real clock again
        for (String key : new String[] {Weekly.KEY, Quarterly.KEY}) {
            Job job = startTimer(key);
            managementService.recalculateJobDuedate(job.getId(), false);
        }
    }

    private Job startTimer(String key) {
        return managementService.createJobQuery().processDefinitionKey(key).timers().singleResult();
    }

    private static ZonedDateTime utc(Date date) {
        return date.toInstant().atZone(ZoneOffset.UTC);
    }

    @Test
    void the_weekly_timer_is_due_on_monday_at_nine_and_mails_the_tech_leads() throws Exception {
        Job timer = startTimer(Weekly.KEY);
        ZonedDateTime due = utc(timer.getDuedate());
        assertThat(due.getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
        assertThat(due.toLocalTime()).isEqualTo(java.time.LocalTime.of(9, 0));
        assertThat(Duration.between(Instant.now(), due.toInstant())).isBetween(Duration.ofDays(-7), Duration.ofDays(7));

        // Monday 11 March 2019 at 09:00: the seeded set is "now"
        ClockUtil.setCurrentTime(Date.from(Instant.parse("2019-03-11T09:00:00Z")));
        managementService.executeJob(timer.getId());
        runAsyncJobs();

        MimeMessage mail = mailTo("mia", "Weekly post-mortem digest: week of 2019-03-11");
        MailParts parts = parts(mail);
        // past its deadline (2019-02-19 12:00) and not published
        assertThat(parts.html()).contains("INS-07").contains("Reports stalled");
        // overdue items with their owners, the level-4 one included
        assertThat(parts.html()).contains("Level 4").contains("Add a circuit breaker to the pool")
                .contains("Alert on queue depth");
        // completed last week (4-10 March): 05/2 ended 4 March 12:00
        assertThat(parts.text()).contains("COMPLETED LAST WEEK").contains("- Cap retries per request - Priya");
        // the four headline rates against their targets, as HTML bars (no scripts, no images)
        assertThat(parts.html()).contains("Action items completed within their deadline").contains("width:");
        assertThat(parts.html()).doesNotContain("<script").contains("/insights?from=2018-12-12&amp;to=2019-03-11");
        assertThat(parts.text()).contains("HEADLINE RATES");
        // the restricted incident is not in a group mail
        assertThat(parts.html()).doesNotContain("Restricted security incident");
        // the next cycle is the next Monday
        assertThat(utc(startTimer(Weekly.KEY).getDuedate()).toInstant()).isEqualTo(Instant.parse("2019-03-18T09:00:00Z"));
    }

    @Test
    void the_quarterly_review_goes_out_on_the_first_business_day_only() throws Exception {
        Job timer = startTimer(Quarterly.KEY);
        ZonedDateTime due = utc(timer.getDuedate());
        assertThat(due.getMonthValue()).isIn(1, 4, 7, 10);
        assertThat(due.getDayOfMonth()).isBetween(1, 7);
        assertThat(due.toLocalTime()).isEqualTo(java.time.LocalTime.of(9, 0));

        // Monday 1 April 2019: first business day of Q2; the review covers Q1 = the seeded set
        ClockUtil.setCurrentTime(Date.from(Instant.parse("2019-04-01T09:00:00Z")));
        managementService.executeJob(timer.getId());
        runAsyncJobs();
        MimeMessage mail = mailTo("sam", "Quarterly post-mortem review: 2019-Q1");
        MailParts parts = parts(mail);
        // 12 incidents, 6 of 7 post-mortems published (see InsightsApiTest)
        assertThat(parts.html()).contains("12 incidents").contains("6 of 7 post-mortems published");
        assertThat(parts.html()).contains("CAPACITY").contains("pool-exhausted").contains("INS-01");
        // backlog: nothing open on 1 January; on 1 April 01/4, 02/2, 05/1, 05/3, 06/1, 09/2, 10/1 = 7
        assertThat(parts.text()).contains("At the start of the quarter: 0; at its end: 7 (growth +7).");
        assertThat(parts.html()).doesNotContain("<script");

        // Tuesday 2 April: the timer fires (days 1-7) but it is not the first business day: no mail
        greenMail.purgeEmailFromAllMailboxes();
        ClockUtil.setCurrentTime(Date.from(Instant.parse("2019-04-02T09:00:00Z")));
        Job next = startTimer(Quarterly.KEY);
        assertThat(next.getDuedate().toInstant()).isEqualTo(Instant.parse("2019-04-02T09:00:00Z"));
        managementService.executeJob(next.getId());
        runAsyncJobs();
        HistoricProcessInstance skipped = historyService.createHistoricProcessInstanceQuery()
                .processDefinitionKey(Quarterly.KEY).orderByProcessInstanceStartTime().desc().listPage(0, 1).get(0);
        assertThat(skipped.getEndActivityId()).isEqualTo(Quarterly.END_NOT_TODAY);
        assertThat(subjects("sam")).isEmpty();

        // weekends and the quarter's months
        assertThat(digests.isFirstBusinessDayOfQuarter(Instant.parse("2028-01-01T09:00:00Z"))).isFalse(); // Saturday
        assertThat(digests.isFirstBusinessDayOfQuarter(Instant.parse("2028-01-03T09:00:00Z"))).isTrue(); // Monday
        assertThat(digests.isFirstBusinessDayOfQuarter(Instant.parse("2028-01-04T09:00:00Z"))).isFalse();
        assertThat(digests.isFirstBusinessDayOfQuarter(Instant.parse("2026-10-01T09:00:00Z"))).isTrue(); // Thursday
        assertThat(digests.isFirstBusinessDayOfQuarter(Instant.parse("2026-05-01T09:00:00Z"))).isFalse();
    }

    @Test
    void a_changed_cycle_in_a_copy_of_the_diagram_changes_the_due_date() throws Exception {
        String xml = Files.readString(Path.of("processes/insights-weekly-digest.bpmn"))
                .replace("id=\"insights-weekly-digest\"", "id=\"insights-weekly-digest-copy\"")
                .replace("bpmnElement=\"insights-weekly-digest\"", "bpmnElement=\"insights-weekly-digest-copy\"")
                .replace("0 0 9 ? * MON", "0 30 7 ? * WED");
        assertThat(xml).contains("0 30 7 ? * WED");
        ZonedDateTime before = ZonedDateTime.now(ZoneOffset.UTC);
        Deployment deployment = repositoryService.createDeployment().name("insights digest copy")
                .addString("insights-weekly-digest-copy.bpmn", xml).deploy();
        try {
            Job copy = startTimer("insights-weekly-digest-copy");
            ZonedDateTime expected = CronExpression.parse("0 30 7 ? * WED").next(before);
            assertThat(utc(copy.getDuedate())).isEqualTo(expected);
            assertThat(utc(copy.getDuedate()).getDayOfWeek()).isEqualTo(DayOfWeek.WEDNESDAY);
            assertThat(utc(startTimer(Weekly.KEY).getDuedate()).getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
        } finally {
            repositoryService.deleteDeployment(deployment.getId(), true);
        }
    }

    @Test
    void a_published_sev1_post_mortem_sends_the_leadership_brief() throws Exception {
        String id = newIncidentId("INS-BRIEF");
        publish(incident(id, "SEV1", Duration.ofHours(2)), Drafts.goodDraft(), Map.of(), Drafts.goodMeeting(), Map.of());
        runAsyncJobs();
        HistoricProcessInstance brief = historyService.createHistoricProcessInstanceQuery()
                .processDefinitionKey(Brief.KEY).processInstanceBusinessKey(id).singleResult();
        assertThat(brief.getEndActivityId()).isEqualTo(Brief.END);
        MimeMessage mail = mailTo("sam", "Leadership brief");
        assertThat(mail.getSubject()).contains(id).contains("[SEV1]");
        MailParts parts = parts(mail);
        assertThat(parts.html()).contains("Executive summary")
                .contains("Checkout failed for 47 minutes")
                .contains("12000 users")
                .contains("Connection pool sized for old traffic; no saturation alert")
                // the HIGH item with its owner and due date; the MEDIUM one is not listed
                .contains("Alert at 80% pool saturation on payments-db")
                .doesNotContain("Make pool size configurable per environment")
                .contains(java.time.LocalDate.now().plusDays(14).format(java.time.format.DateTimeFormatter.ofPattern(
                        "EEE d MMM yyyy", java.util.Locale.ENGLISH)))
                .contains("/library/" + id).contains("/insights");
        assertThat(parts.text()).contains("ROOT CAUSE").contains("HIGH-PRIORITY ACTION ITEMS");
        // exactly one brief: the engineering list's summary is a separate mail
        assertThat(subjects("sam").stream().filter(s -> s.contains("Leadership brief"))).hasSize(1);
    }

    @Test
    void no_brief_for_lower_severities_or_restricted_incidents() throws Exception {
        ProcessInstance low = runtimeService.startProcessInstanceByMessage(Brief.MESSAGE, "INS-03",
                Map.of("incidentId", "INS-03", "severity", "SEV3"));
        assertThat(low).isEnded().hasPassed(Brief.END_NOT_HIGH);
        ProcessInstance restricted = runtimeService.startProcessInstanceByMessage(Brief.MESSAGE,
                InsightsSeed.RESTRICTED, Map.of("incidentId", InsightsSeed.RESTRICTED, "severity", "SEV1"));
        runAsyncJobs();
        assertThat(restricted).isEnded().hasPassed(Brief.END_RESTRICTED).hasNotPassed(Brief.SEND);
        assertThat(subjects("sam")).isEmpty();
    }
}
