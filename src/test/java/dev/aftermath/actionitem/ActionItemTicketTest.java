package dev.aftermath.actionitem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.aftermath.actionitem.ActionItemProcess.Elements;

/** aftermath.tickets.webhook-url set: each new item is POSTed after an async savepoint; the ticket URL is kept. */
@org.junit.jupiter.api.Tag("own-context")
class ActionItemTicketTest extends ActionItemTestSupport {

    static final List<String> REQUESTS = new CopyOnWriteArrayList<>();
    static final AtomicInteger FAILURES_LEFT = new AtomicInteger();
    static final HttpServer SERVER;

    static {
        try {
            SERVER = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        SERVER.createContext("/tickets", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            REQUESTS.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Content-Type")
                    + " " + body);
            boolean fail = FAILURES_LEFT.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
            byte[] answer = (fail ? "{\"error\":\"down\"}" : "{\"ticket\":\"https://tickets.example/OPS-"
                    + REQUESTS.size() + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(fail ? 503 : 201, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        SERVER.start();
    }

    @DynamicPropertySource
    static void webhook(DynamicPropertyRegistry registry) {
        registry.add("aftermath.tickets.webhook-url",
                () -> "http://127.0.0.1:" + SERVER.getAddress().getPort() + "/tickets");
    }

    @AfterAll
    static void stop() {
        SERVER.stop(0);
    }

    @BeforeEach
    void reset() {
        REQUESTS.clear();
        FAILURES_LEFT.set(0);
    }

    @Test
    void a_new_item_is_posted_to_the_webhook_and_the_ticket_url_is_stored() throws Exception {
        String incidentId = newIncident("INC-AI-TICKET");
        ProcessInstance pi = startItem(ActionItemProcess.KEY, incidentId, 1, "alex", LocalDate.now().plusDays(7));
        // nothing is sent inside the starting transaction: the webhook waits behind its async savepoint
        assertThat(REQUESTS).isEmpty();
        assertThat(pi).isWaitingAt(Elements.CREATE_TICKET, Elements.TASK_COMPLETE);
        runAsyncJobs();

        assertThat(REQUESTS).hasSize(1);
        String request = REQUESTS.get(0);
        assertThat(request).startsWith("POST application/json ");
        JsonNode body = objectMapper.readTree(request.substring(request.indexOf('{')));
        assertThat(body.get("id").asText()).isEqualTo(incidentId + "/AI-1");
        assertThat(body.get("incidentId").asText()).isEqualTo(incidentId);
        assertThat(body.get("title").asText()).isEqualTo("Alert at 80% pool saturation on payments-db");
        assertThat(body.get("owner").asText()).isEqualTo("alex");
        assertThat(body.get("dueDate").asText()).isEqualTo(LocalDate.now().plusDays(7).toString());
        assertThat(body.get("priority").asText()).isEqualTo("HIGH");
        assertThat(body.get("links").get("item").asText()).endsWith("/api/action-items/" + incidentId + "/AI-1");
        assertThat(body.get("links").get("postmortem").asText()).endsWith("/api/postmortems/" + incidentId);

        ActionItem stored = item(pi);
        assertThat(stored.ticket()).isEqualTo("https://tickets.example/OPS-1");
        assertThat(stored.history()).extracting(ActionItem.HistoryEntry::action).contains("TICKET_CREATED");
        assertThat(pi).hasPassed(Elements.CREATE_TICKET).isWaitingAt(Elements.TASK_COMPLETE, Elements.TIMER_REMINDER);
    }

    @Test
    void a_failing_webhook_is_retried_then_an_incident_while_the_ladder_goes_on() throws Exception {
        FAILURES_LEFT.set(100);
        String incidentId = newIncident("INC-AI-TICKET-DOWN");
        ProcessInstance pi = startItem(ActionItemProcess.KEY, incidentId, 1, "alex", LocalDate.now().plusDays(7));
        Job job = managementService.createJobQuery().processInstanceId(pi.getId()).activityId(Elements.CREATE_TICKET)
                .singleResult();
        for (int i = 0; i < 5; i++) {
            try {
                managementService.executeJob(job.getId());
            } catch (RuntimeException expected) {
                // 503: retried
            }
        }
        job = managementService.createJobQuery().jobId(job.getId()).singleResult();
        assertThat(job.getRetries()).isZero();
        Incident incident = runtimeService.createIncidentQuery().processInstanceId(pi.getId()).singleResult();
        assertThat(incident).isNotNull();
        assertThat(incident.getActivityId()).isEqualTo(Elements.CREATE_TICKET);
        assertThat(REQUESTS).hasSize(5);
        assertThat(item(pi).ticket()).isNull();
        // the item itself is untouched: the owner's task and the ladder are there
        assertThat(pi).isWaitingAt(Elements.CREATE_TICKET, Elements.TASK_COMPLETE, Elements.TIMER_REMINDER);

        FAILURES_LEFT.set(0);
        managementService.setJobRetries(job.getId(), 1);
        managementService.executeJob(job.getId());
        assertThat(item(pi).ticket()).startsWith("https://tickets.example/OPS-");
    }
}
