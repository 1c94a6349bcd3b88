package dev.aftermath.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.aftermath.actionitem.TicketWorker;
import dev.aftermath.incident.IncidentService;
import dev.aftermath.notification.MailParts;
import dev.aftermath.processapi.PostmortemProcess;

/**
 * The whole application on a free port with an in-memory database, the embedded GreenMail SMTP server on a free port
 * and the job executor off: tests move the processes by executing jobs, timers included. Every test class shares this
 * one context (the engine REST API and the webapps find "the" default engine in a JVM-wide registry, so only one
 * context may be alive at a time: see the Surefire configuration in pom.xml).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ProcessTestSupport {

    @Autowired protected ProcessEngine processEngine;
    @Autowired protected RuntimeService runtimeService;
    @Autowired protected TaskService taskService;
    @Autowired protected ManagementService managementService;
    @Autowired protected GreenMail greenMail;
    @Autowired protected IncidentService incidentService;
    @Autowired protected ObjectMapper objectMapper;
    @Autowired protected TicketWorker ticketWorker;

    private static int counter;

    @BeforeEach
    void initEngineAndInbox() throws Exception {
        BpmnAwareTests.init(processEngine);
        greenMail.purgeEmailFromAllMailboxes();
    }

    protected static synchronized String newIncidentId(String prefix) {
        return prefix + "-" + (++counter) + "-" + System.nanoTime() % 100000;
    }

    /** A complete, valid closure that resolved {@code resolvedAgo} ago. */
    protected static Map<String, Object> incident(String id, String severity, java.time.Duration resolvedAgo) {
        Instant resolved = Instant.now().minus(resolvedAgo).truncatedTo(ChronoUnit.SECONDS);
        Instant started = resolved.minus(47, ChronoUnit.MINUTES);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("title", "Payment API returned 503 for checkout");
        m.put("service", "payments");
        m.put("severity", severity);
        m.put("startedAt", started.toString());
        m.put("detectedAt", started.plus(5, ChronoUnit.MINUTES).toString());
        m.put("acknowledgedAt", started.plus(9, ChronoUnit.MINUTES).toString());
        m.put("mitigatedAt", started.plus(32, ChronoUnit.MINUTES).toString());
        m.put("resolvedAt", resolved.toString());
        m.put("commander", "jordan");
        m.put("responders", List.of("priya", "carlos"));
        m.put("usersAffected", 12000);
        m.put("usersAffectedPercent", 0.8); // below the 1 % rule: the severity decides
        m.put("customerImpact", "Customers could not complete payment");
        m.put("symptom", "db-pool-exhausted-" + id); // no recurrence across tests
        m.put("timeline", List.of(
                Map.of("at", started.plus(12, ChronoUnit.MINUTES).toString(), "event", "DB not accepting connections",
                        "source", "investigation", "actor", "priya"),
                Map.of("at", started.toString(), "event", "Error rate > 5% on payment service", "source",
                        "PagerDuty")));
        return m;
    }

    /**
     * A closed SEV4 incident with author priya and facilitator carlos (no post-mortem process stays behind), for
     * action items that refer to it; its mails are cleared.
     */
    protected String newIncident(String prefix) throws Exception {
        String id = newIncidentId(prefix);
        Map<String, Object> payload = incident(id, "SEV4", java.time.Duration.ofHours(1));
        payload.put("author", "priya");
        payload.put("facilitator", "carlos");
        start(payload);
        runAsyncJobs();
        greenMail.purgeEmailFromAllMailboxes();
        return id;
    }

    protected ProcessInstance start(Map<String, Object> incident) {
        IncidentService.Received received = incidentService.receive(objectMapper.valueToTree(incident), "jordan");
        continueAfterDecision(received.incident().processInstanceId());
        ProcessInstance pi = runtimeService.createProcessInstanceQuery()
                .processInstanceId(received.incident().processInstanceId()).singleResult();
        BpmnAwareTests.assertThat(pi).isNotNull();
        return pi;
    }

    /**
     * Executes the asynchronous continuation after the policy decision (the closure is answered before the lifecycle
     * goes on), as the job executor would right after the answer: the instance then waits at its first task.
     */
    protected void continueAfterDecision(String processInstanceId) {
        managementService.createJobQuery().processInstanceId(processInstanceId).messages()
                .activityId(PostmortemProcess.Elements.RECORD_POLICY).list()
                .forEach(j -> managementService.executeJob(j.getId()));
    }

    /**
     * Executes every due asynchronous continuation (not timers) until none is left, like the job executor, and works
     * the due ticket tasks like the ticket worker of a node.
     */
    protected void runAsyncJobs() {
        for (int round = 0; round < 50; round++) {
            List<Job> jobs = managementService.createJobQuery().messages().executable().list();
            if (!jobs.isEmpty()) {
                jobs.forEach(j -> managementService.executeJob(j.getId()));
                continue;
            }
            // the ticket worker polls when the jobs are done (a node's worker polls on its own schedule, not once
            // per job); what it completes may make new jobs due
            if (ticketWorker.runOnce() == 0) {
                return;
            }
        }
        throw new AssertionError("Async jobs keep coming after 50 rounds");
    }

    /** Fires the timer of an activity (whatever its due date) and then runs the async jobs it caused. */
    protected Job fireTimer(ProcessInstance pi, String activityId) {
        Job timer = timer(pi, activityId);
        assertThat(timer).as("timer job of " + activityId).isNotNull();
        managementService.executeJob(timer.getId());
        runAsyncJobs();
        return timer;
    }

    protected Job timer(ProcessInstance pi, String activityId) {
        return managementService.createJobQuery().processInstanceId(pi.getId()).timers().activityId(activityId)
                .singleResult();
    }

    /** Mails received by a user of the demo directory ({@code <id>@aftermath.example}). */
    protected List<MimeMessage> mailsTo(String userId) throws Exception {
        List<MimeMessage> result = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (MimeMessage m : greenMail.getReceivedMessages()) {
            String[] recipient = m.getHeader("X-Aftermath-Recipient");
            if (recipient != null && recipient.length > 0) {
                // the outbox sends each recipient their own copy
                if (recipient[0].equals(userId)) {
                    result.add(m);
                }
                continue;
            }
            // GreenMail keeps one copy per recipient mailbox: count each message once
            if (!seen.add(m.getMessageID())) {
                continue;
            }
            Address[] to = m.getRecipients(Message.RecipientType.TO);
            if (to != null && Arrays.stream(to).anyMatch(a -> a.toString().contains(userId + "@aftermath.example"))) {
                result.add(m);
            }
        }
        return result;
    }

    protected MimeMessage mailTo(String userId, String subjectPart) throws Exception {
        List<MimeMessage> matching = new ArrayList<>();
        for (MimeMessage m : mailsTo(userId)) {
            if (m.getSubject().contains(subjectPart)) {
                matching.add(m);
            }
        }
        assertThat(matching).as("mails to " + userId + " with subject containing '" + subjectPart + "'; got "
                + subjects(userId)).hasSize(1);
        return matching.get(0);
    }

    protected List<String> subjects(String userId) throws Exception {
        List<String> s = new ArrayList<>();
        for (MimeMessage m : mailsTo(userId)) {
            s.add(m.getSubject());
        }
        return s;
    }

    protected static MailParts parts(MimeMessage m) throws Exception {
        return MailParts.of(m);
    }

    protected static List<String> recipients(MimeMessage m) throws Exception {
        return Arrays.stream(m.getRecipients(Message.RecipientType.TO)).map(Address::toString).toList();
    }
}
