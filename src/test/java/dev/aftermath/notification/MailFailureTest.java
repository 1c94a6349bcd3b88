package dev.aftermath.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;

import java.time.Duration;
import java.util.Date;

import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import dev.aftermath.postmortem.PostmortemProcess.Elements;
import dev.aftermath.support.ProcessTestSupport;

/** SMTP down: the mail job is retried, then becomes a Cockpit incident; the process step is never rolled back. */
class MailFailureTest extends ProcessTestSupport {

    @Autowired JavaMailSenderImpl mailSender;
    private int smtpPort;

    @AfterEach
    void restoreSmtp() {
        if (smtpPort != 0) {
            mailSender.setPort(smtpPort);
        }
    }

    @Test
    void a_failing_task_mail_is_retried_then_an_incident_and_sent_once_smtp_is_back() throws Exception {
        String id = newIncidentId("INC-SMTP");
        ProcessInstance pi = start(incident(id, "SEV1", Duration.ofHours(1)));
        assertThat(pi).isWaitingAt(Elements.TASK_ASSIGN_ROLES);
        String taskId = task().getId();

        smtpPort = mailSender.getPort();
        mailSender.setPort(1); // nothing listens there
        Job job = managementService.createJobQuery().processDefinitionKey(TaskNotificationProcess.KEY)
                .messages().executable().list().stream()
                .filter(j -> taskId.equals(runtimeService.getVariable(j.getProcessInstanceId(), "taskId")))
                .findFirst().orElseThrow();
        for (int attempt = 1; attempt <= 5; attempt++) {
            try {
                managementService.executeJob(job.getId());
            } catch (RuntimeException expected) {
                // the job executor would log and retry
            }
            Job after = managementService.createJobQuery().jobId(job.getId()).singleResult();
            assertThat(after.getRetries()).isEqualTo(5 - attempt);
            if (attempt < 5) {
                // retry cycle R5/PT5M from the diagram
                assertThat(after.getDuedate()).isAfter(new Date(System.currentTimeMillis() + Duration.ofMinutes(4).toMillis()));
            }
        }
        Incident incident = runtimeService.createIncidentQuery().configuration(job.getId())
                .processInstanceId(job.getProcessInstanceId()).singleResult();
        assertThat(incident).isNotNull();
        assertThat(incident.getIncidentMessage()).containsIgnoringCase("mail");
        // the task itself is untouched and nothing was sent
        assertThat(taskService.createTaskQuery().taskId(taskId).singleResult()).isNotNull();
        assertThat(mailsTo("jordan")).isEmpty();

        mailSender.setPort(smtpPort);
        managementService.setJobRetries(job.getId(), 1);
        managementService.executeJob(job.getId());
        assertThat(runtimeService.createIncidentQuery().incidentId(incident.getId()).count()).isZero();
        assertThat(mailTo("jordan", id)).isNotNull();
    }

    @Test
    void a_failing_send_task_keeps_its_token_at_the_send_step() {
        String id = newIncidentId("INC-SMTP4");
        ProcessInstance pi = start(incident(id, "SEV4", Duration.ofHours(1)));
        assertThat(pi).isWaitingAt(Elements.SEND_NOT_REQUIRED);
        smtpPort = mailSender.getPort();
        mailSender.setPort(1);
        Job job = managementService.createJobQuery().processInstanceId(pi.getId()).singleResult();
        for (int attempt = 1; attempt <= 5; attempt++) {
            try {
                managementService.executeJob(job.getId());
            } catch (RuntimeException expected) {
                // retried
            }
        }
        assertThat(runtimeService.createIncidentQuery().processInstanceId(pi.getId()).count()).isEqualTo(1);
        assertThat(pi).isWaitingAt(Elements.SEND_NOT_REQUIRED);
        mailSender.setPort(smtpPort);
        managementService.setJobRetries(job.getId(), 1);
        managementService.executeJob(job.getId());
        assertThat(pi).isEnded();
    }
}
