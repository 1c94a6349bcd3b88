package dev.aftermath.actionitem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;

import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.aftermath.perf.StatementCounter;
import dev.aftermath.processapi.ActionItemProcess.Elements;

/**
 * Each rung of the ladder costs one job: the timer's job records the rung and records its mail in the outbox in one
 * transaction (no asynchronous continuation before the mail step). A rung whose mail cannot be addressed rolls back as
 * a whole and its timer is retried; the outbox then holds the rung's mail exactly once.
 */
class LadderJobsPerRungTest extends ActionItemTestSupport {

    @Autowired JdbcTemplate jdbc;

    @Test
    void every_rung_is_one_job_and_its_mail_is_out_when_that_job_has_run() throws Exception {
        String incidentId = newIncident("INC-AI-RUNG");
        ProcessInstance pi = startItem(incidentId, LocalDate.now().minusDays(15));
        greenMail.purgeEmailFromAllMailboxes();
        String[][] rungs = {{Elements.TIMER_REMINDER, "alex"}, {Elements.TIMER_DUE, "alex"},
                {Elements.TIMER_WEEK1, "mia"}, {Elements.TIMER_WEEK2, "priya"}, {Elements.TIMER_WEEK3, "sam"}};
        for (String[] rung : rungs) {
            long jobsBefore = jobsRun(pi);
            int mailsBefore = mailsTo(rung[1]).size();
            Job timer = onlyTimer(pi, rung[0]);
            StatementCounter.start();
            managementService.executeJob(timer.getId());
            StatementCounter.Counts statements = StatementCounter.stop();
            if (Elements.TIMER_REMINDER.equals(rung[0])) {
                // counted, not timed: the rung's record, its mail in the outbox and the delivery of it (claim with
                // its rows and messages, SENT mark); 20 before the history went into the rung's UPDATE, unchanged
                // variables stopped being written again and the claim read its rows with their messages
                assertThat(statements.aftermath()).as("Aftermath's statements of the reminder rung: %s %s %s",
                        statements, statements.appStatements, statements.engineCallers).isLessThanOrEqualTo(17);
            }
            if (Elements.TIMER_WEEK2.equals(rung[0])) {
                // the standup list: six recipients, their rows inserted in one batch and marked SENT in one UPDATE
                assertThat(mailsTo("priya")).hasSize(mailsBefore + 1);
                assertThat(count(statements, "insert into am_mail_delivery")).as("delivery inserts of the week-2 rung, "
                        + "six recipients: %s", statements.appStatements).isEqualTo(1);
                assertThat(count(statements, "update am_mail_delivery set status = 'SENT'"))
                        .as("SENT updates of the week-2 rung: %s", statements.appStatements).isEqualTo(1);
            }
            // nothing else of this instance is left to run: the mail step ran inside the timer's job
            assertThat(managementService.createJobQuery().processInstanceId(pi.getId()).messages().count())
                    .as("asynchronous jobs of the item after %s", rung[0]).isZero();
            assertThat(jobsRun(pi) - jobsBefore).as("jobs of the item run for rung %s", rung[0]).isEqualTo(1);
            assertThat(mailsTo(rung[1])).as("mail of rung %s to %s", rung[0], rung[1]).hasSizeGreaterThan(mailsBefore);
            runAsyncJobs(); // the follow-up task's own announcement (week 1) is another instance's job
        }
        assertThat(item(pi).escalationLevel()).isEqualTo(3);
    }

    @Test
    void a_rung_whose_mail_fails_rolls_back_and_is_retried_by_its_timer_and_mails_once() throws Exception {
        String incidentId = newIncident("INC-AI-RUNG-FAIL");
        ProcessInstance pi = startItem(incidentId, LocalDate.now().minusDays(15));
        greenMail.purgeEmailFromAllMailboxes();
        runtimeService.setVariable(pi.getId(), "owner", "nobody-at-all");
        Job timer = onlyTimer(pi, Elements.TIMER_REMINDER);

        assertThatThrownBy(() -> managementService.executeJob(timer.getId())).hasMessageContaining("no recipient");
        Job failed = managementService.createJobQuery().jobId(timer.getId()).singleResult();
        assertThat(failed).as("the timer job stays, to be retried").isNotNull();
        assertThat(failed.getRetries()).as("the diagram's retry cycle R5/PT5M on the timer").isEqualTo(4);
        assertThat(failed.getExceptionMessage()).contains("no recipient");
        // the rung's record step was rolled back with the mail step: it has not happened
        org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat(pi)
                .hasNotPassed(Elements.RECORD_REMINDER, Elements.SEND_REMINDER).isWaitingAt(Elements.TIMER_REMINDER);
        assertThat(outboxRows(pi)).isZero();

        runtimeService.setVariable(pi.getId(), "owner", "alex");
        managementService.executeJob(timer.getId());
        assertThat(outboxRows(pi)).isEqualTo(1);
        assertThat(mailsTo("alex")).hasSize(1);
        assertThat(onlyTimer(pi, Elements.TIMER_DUE)).isNotNull();
        org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat(pi)
                .hasPassed(Elements.RECORD_REMINDER, Elements.SEND_REMINDER);
        assertThat(managementService.createJobQuery().processInstanceId(pi.getId()).messages().count()).isZero();
    }

    /** How many of the counted statements on Aftermath's tables start so. */
    private static int count(StatementCounter.Counts counts, String start) {
        return counts.appStatements.entrySet().stream().filter(e -> e.getKey().startsWith(start))
                .mapToInt(java.util.Map.Entry::getValue).sum();
    }

    private long jobsRun(ProcessInstance pi) {
        return jdbc.queryForObject("select count(*) from ACT_HI_JOB_LOG where PROCESS_INSTANCE_ID_ = ? "
                + "and JOB_STATE_ = 2", Long.class, pi.getId());
    }

    private int outboxRows(ProcessInstance pi) {
        return jdbc.queryForObject("select count(*) from am_mail_delivery d join am_mail_message m on m.id = "
                + "d.message_id where m.step like ?", Integer.class, "step/" + pi.getId() + "/%");
    }
}
