package dev.aftermath.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import dev.aftermath.processapi.PostmortemProcess.Elements;
import dev.aftermath.processapi.TaskNotificationProcess;
import dev.aftermath.support.ProcessTestSupport;
import dev.aftermath.support.RestCalls;
import dev.aftermath.support.SmtpSink;
import dev.aftermath.template.Templates.MailContent;

/**
 * The mail outbox: a step records its mail in its own transaction and the dispatcher delivers it after the commit,
 * once per (step, recipient). SMTP down does not hold up the process; a refused address fails only its own delivery,
 * which an administrator sees and retries; a row left claimed by a dead node is taken over with the same Message-ID.
 */
class MailFailureTest extends ProcessTestSupport {

    @Autowired JavaMailSenderImpl mailSender;
    @Autowired MailDispatcher dispatcher;
    @Autowired Mailer mailer;
    @Autowired JdbcClient jdbc;
    @Autowired IdentityService identityService;
    @LocalServerPort int port;

    private String host;
    private int smtpPort;
    private SmtpSink sink;

    @BeforeEach
    void remember() {
        host = mailSender.getHost();
        smtpPort = mailSender.getPort();
    }

    @AfterEach
    void restoreSmtp() throws Exception {
        mailSender.setHost(host);
        mailSender.setPort(smtpPort);
        if (sink != null) {
            sink.close();
        }
        // nothing of these tests is left for later tests' dispatches
        jdbc.sql("update am_mail_delivery set status = 'FAILED' where status in ('PENDING', 'SENDING')").update();
    }

    @Test
    void the_dispatcher_delivers_over_sockets_without_nagles_delay() {
        // the application's sender (the one every delivery of these tests goes through) uses the factory
        assertThat(mailSender.getSession().getProperties().get("mail.smtp.socketFactory"))
                .isSameAs(NoDelaySocketFactory.INSTANCE);
    }

    private Map<String, Object> delivery(String userId, String subjectPart) {
        return jdbc.sql("""
                select d.id, d.status, d.attempts, d.last_error, d.idem_key from am_mail_delivery d
                  join am_mail_message m on m.id = d.message_id where d.user_id = ? and m.subject like ?""")
                .params(userId, "%" + subjectPart + "%").query().singleRow();
    }

    @Test
    void smtp_down_does_not_hold_up_the_process_and_the_mail_goes_out_once_when_it_is_back() throws Exception {
        String id = newIncidentId("INC-SMTP");
        ProcessInstance pi = start(incident(id, "SEV1", Duration.ofHours(1)));
        assertThat(pi).isWaitingAt(Elements.TASK_ASSIGN_ROLES);
        String taskId = task().getId();

        mailSender.setPort(1); // nothing listens there
        Job job = managementService.createJobQuery().processDefinitionKey(TaskNotificationProcess.KEY)
                .messages().executable().list().stream()
                .filter(j -> taskId.equals(runtimeService.getVariable(j.getProcessInstanceId(), "taskId")))
                .findFirst().orElseThrow();
        managementService.executeJob(job.getId());

        // the step committed: no retry, no incident; the mail waits in the outbox with the error and a retry time
        assertThat(managementService.createJobQuery().jobId(job.getId()).count()).isZero();
        assertThat(runtimeService.createIncidentQuery().processInstanceId(job.getProcessInstanceId()).count()).isZero();
        assertThat(mailsTo("jordan")).isEmpty();
        Map<String, Object> row = delivery("jordan", id);
        assertThat(row.get("status")).isEqualTo("PENDING");
        // an unreachable server is not the delivery's fault: no attempt is counted against it
        assertThat(((Number) row.get("attempts")).intValue()).isZero();
        assertThat(row.get("last_error").toString()).contains("unreachable");
        // retried later, not at once
        assertThat(dispatcher.deliverDue()).isZero();

        mailSender.setPort(smtpPort);
        jdbc.sql("update am_mail_delivery set next_attempt_at = ? where id = ?")
                .params(Timestamp.from(Instant.now().minusSeconds(1)), row.get("id")).update();
        assertThat(dispatcher.deliverDue()).isEqualTo(1);
        assertThat(mailTo("jordan", id)).isNotNull();
        assertThat(delivery("jordan", id).get("status")).isEqualTo("SENT");
        // a second pass and the job of an already announced task send nothing more
        assertThat(dispatcher.deliverDue()).isZero();
        assertThat(mailsTo("jordan")).hasSize(1);
        assertThat(mailTo("jordan", id).getMessageID()).isEqualTo("<" + row.get("idem_key") + "@aftermath>");
    }

    @Test
    void a_refused_address_fails_only_its_own_delivery_and_an_administrator_retries_it() throws Exception {
        sink = new SmtpSink();
        mailSender.setHost("127.0.0.1");
        mailSender.setPort(sink.port());
        sink.refuse("carlos@aftermath.example");
        List<User> to = identityService.createUserQuery().userIdIn("priya", "carlos", "mia").list();
        String subject = "Outbox check " + System.nanoTime();
        String intent = "test/" + subject;

        assertThat(mailer.send(intent, null, to, new MailContent(subject, "<p>html</p>", "plain"), List.of()))
                .isEqualTo(3);

        assertThat(sink.received()).hasSize(2);
        assertThat(sink.received()).flatExtracting(SmtpSink.Received::envelopeTo)
                .containsExactlyInAnyOrder("priya@aftermath.example", "mia@aftermath.example");
        // each copy shows every recipient of the step, with its own Message-ID
        assertThat(sink.received().get(0).data()).contains("carlos@aftermath.example");
        assertThat(sink.received()).extracting(SmtpSink.Received::messageId).doesNotHaveDuplicates();
        Map<String, Object> carlos = delivery("carlos", subject);
        assertThat(carlos.get("status")).isEqualTo("FAILED");
        assertThat(carlos.get("last_error").toString()).contains("550");

        // the same intent recorded again (a retried step) records nothing new
        assertThat(mailer.send(intent, null, to, new MailContent(subject, "<p>html</p>", "plain"), List.of()))
                .isZero();
        assertThat(sink.received()).hasSize(2);

        RestCalls rest = new RestCalls(port, objectMapper);
        RestCalls.Reply failed = rest.get("/api/admin/mail-deliveries?status=FAILED", "demo");
        assertThat(failed.status()).isEqualTo(200);
        assertThat(failed.body()).contains(carlos.get("id").toString()).contains("550");
        assertThat(rest.get("/api/admin/mail-deliveries?status=LOST", "demo").status()).isEqualTo(400);
        assertThat(rest.get("/api/admin/mail-deliveries?status=FAILED", "priya").status()).isEqualTo(403);
        assertThat(rest.post("/api/admin/mail-deliveries/" + carlos.get("id") + "/retry", "priya", Map.of()).status())
                .isEqualTo(403);
        assertThat(rest.post("/api/admin/mail-deliveries/nope/retry", "demo", Map.of()).status()).isEqualTo(404);

        sink.accept("carlos@aftermath.example");
        assertThat(rest.post("/api/admin/mail-deliveries/" + carlos.get("id") + "/retry", "demo", Map.of()).status())
                .isEqualTo(202);
        assertThat(sink.received()).hasSize(3);
        assertThat(sink.received().get(2).envelopeTo()).containsExactly("carlos@aftermath.example");
        assertThat(delivery("carlos", subject).get("status")).isEqualTo("SENT");
        // a sent delivery is never sent again
        assertThat(rest.post("/api/admin/mail-deliveries/" + carlos.get("id") + "/retry", "demo", Map.of()).status())
                .isEqualTo(409);
        assertThat(sink.received()).hasSize(3);
    }

    @Test
    void a_delivery_left_claimed_by_a_dead_node_is_taken_over_after_its_lease_with_the_same_message_id()
            throws Exception {
        sink = new SmtpSink();
        mailSender.setHost("127.0.0.1");
        mailSender.setPort(sink.port());
        sink.refuseAll(true);
        List<User> to = identityService.createUserQuery().userIdIn("priya").list();
        String subject = "Takeover check " + System.nanoTime();
        mailer.send("test/" + subject, null, to, new MailContent(subject, "<p>html</p>", "plain"), List.of());
        Map<String, Object> row = delivery("priya", subject);
        assertThat(row.get("status")).isEqualTo("PENDING");
        // another node claimed it and died: the claim still runs, then expires
        jdbc.sql("update am_mail_delivery set status = 'SENDING', claimed_by = 'node-b', claimed_until = ? where id = ?")
                .params(Timestamp.from(Instant.now().plusSeconds(60)), row.get("id")).update();
        sink.refuseAll(false);
        assertThat(dispatcher.deliverDue()).isZero();
        assertThat(sink.received()).isEmpty();
        jdbc.sql("update am_mail_delivery set claimed_until = ? where id = ?")
                .params(Timestamp.from(Instant.now().minusSeconds(1)), row.get("id")).update();
        assertThat(dispatcher.deliverDue()).isEqualTo(1);
        assertThat(sink.received()).singleElement().extracting(SmtpSink.Received::messageId)
                .isEqualTo("<" + row.get("idem_key") + "@aftermath>");
        assertThat(delivery("priya", subject).get("status")).isEqualTo("SENT");
    }

    @Test
    void a_send_step_is_done_while_smtp_is_down_and_its_mail_waits_in_the_outbox() {
        String id = newIncidentId("INC-SMTP4");
        ProcessInstance pi = start(incident(id, "SEV4", Duration.ofHours(1)));
        assertThat(pi).isWaitingAt(Elements.SEND_NOT_REQUIRED);
        mailSender.setPort(1);
        Job job = managementService.createJobQuery().processInstanceId(pi.getId()).singleResult();
        managementService.executeJob(job.getId());
        // SMTP down is no reason to hold the process: the send step is done, its mail is in the outbox
        assertThat(pi).isEnded();
        assertThat(jdbc.sql("select count(*) from am_mail_delivery d join am_mail_message m on m.id = d.message_id "
                + "where m.business_key = ? and d.status = 'PENDING'").param(id).query(Long.class).single())
                .isPositive();
    }
}
