package dev.aftermath.actionitem;

import dev.aftermath.support.TicketStubs;

import dev.aftermath.processapi.ActionItemProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.aftermath.processapi.ActionItemProcess.Elements;

/** aftermath.tickets.webhook-url set: each new item is POSTed after an async savepoint; the ticket URL is kept. */
@org.junit.jupiter.api.Tag("own-context")
class ActionItemTicketTest extends ActionItemTestSupport {

    static final List<String> REQUESTS = new CopyOnWriteArrayList<>();
    static final List<String> KEYS = new CopyOnWriteArrayList<>();
    /** The sink's tickets by Idempotency-Key: a repeated key gets the ticket it created before. */
    static final Map<String, String> TICKETS = new ConcurrentHashMap<>();
    static final AtomicInteger FAILURES_LEFT = new AtomicInteger();
    /** Answers lost after the ticket was created (the connection drops before the answer). */
    static final AtomicInteger LOST_ANSWERS_LEFT = new AtomicInteger();
    static final HttpServer SERVER;

    static {
        try {
            SERVER = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        SERVER.createContext("/tickets", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            REQUESTS.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Content-Type")
                    + " " + body);
            KEYS.add(String.valueOf(key));
            boolean fail = FAILURES_LEFT.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
            if (fail) {
                byte[] answer = "{\"error\":\"down\"}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(503, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
                return;
            }
            String ticket = TICKETS.computeIfAbsent(key == null ? "none-" + REQUESTS.size() : key,
                    k -> "https://tickets.example/OPS-" + (TICKETS.size() + 1));
            if (LOST_ANSWERS_LEFT.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                // created, but the answer never arrives
                exchange.close();
                return;
            }
            TicketStubs.created(exchange, ticket);
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

    @org.springframework.beans.factory.annotation.Autowired ExternalTaskService externalTaskService;
    @org.springframework.beans.factory.annotation.Autowired ActionItemTickets tickets;

    @BeforeEach
    void reset() {
        REQUESTS.clear();
        KEYS.clear();
        TICKETS.clear();
        FAILURES_LEFT.set(0);
        LOST_ANSWERS_LEFT.set(0);
    }

    @Test
    void a_new_item_is_posted_to_the_webhook_and_the_ticket_url_is_stored() throws Exception {
        String incidentId = newIncident("INC-AI-TICKET");
        ProcessInstance pi = startItem(ActionItemProcess.KEY, incidentId, 1, "alex", LocalDate.now().plusDays(7));
        // nothing is sent inside the starting transaction: the ticket is an external task for the ticket worker
        assertThat(REQUESTS).isEmpty();
        assertThat(pi).isWaitingAt(Elements.CREATE_TICKET, Elements.TASK_COMPLETE);
        runAsyncJobs();

        assertThat(REQUESTS).hasSize(1);
        String request = REQUESTS.get(0);
        assertThat(request).startsWith("POST application/json ");
        assertThat(KEYS).containsExactly("aftermath-ticket-" + incidentId + "/AI-1");
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
        ExternalTask task = externalTaskService.createExternalTaskQuery().processInstanceId(pi.getId()).singleResult();
        assertThat(task.getActivityId()).isEqualTo(Elements.CREATE_TICKET);
        for (int i = 0; i < 5; i++) {
            // the retry delay of the diagram (PT5M) is waited for by unlocking the task
            externalTaskService.unlock(task.getId());
            assertThat(ticketWorker.runOnce()).isEqualTo(1);
            ExternalTask after = externalTaskService.createExternalTaskQuery().externalTaskId(task.getId())
                    .singleResult();
            assertThat(after.getRetries()).isEqualTo(4 - i);
            if (i < 4) {
                assertThat(after.getLockExpirationTime()).isAfter(new java.util.Date(System.currentTimeMillis()
                        + java.time.Duration.ofMinutes(4).toMillis()));
            }
        }
        Incident incident = runtimeService.createIncidentQuery().processInstanceId(pi.getId()).singleResult();
        assertThat(incident).isNotNull();
        assertThat(incident.getActivityId()).isEqualTo(Elements.CREATE_TICKET);
        assertThat(incident.getIncidentMessage()).contains("503");
        assertThat(REQUESTS).hasSize(5);
        assertThat(KEYS).containsOnly("aftermath-ticket-" + pi.getBusinessKey());
        assertThat(item(pi).ticket()).isNull();
        // the item itself is untouched: the owner's task and the ladder are there
        assertThat(pi).isWaitingAt(Elements.CREATE_TICKET, Elements.TASK_COMPLETE, Elements.TIMER_REMINDER);

        FAILURES_LEFT.set(0);
        externalTaskService.setRetries(task.getId(), 1);
        assertThat(runtimeService.createIncidentQuery().processInstanceId(pi.getId()).count()).isZero();
        assertThat(ticketWorker.runOnce()).isEqualTo(1);
        assertThat(item(pi).ticket()).startsWith("https://tickets.example/OPS-");
        assertThat(pi).hasPassed(Elements.CREATE_TICKET);
    }

    @Test
    void a_lost_answer_is_retried_with_the_same_key_and_a_received_answer_is_never_sent_again() throws Exception {
        LOST_ANSWERS_LEFT.set(1);
        String incidentId = newIncident("INC-AI-TICKET-LOST");
        ProcessInstance pi = startItem(ActionItemProcess.KEY, incidentId, 1, "alex", LocalDate.now().plusDays(7));
        ExternalTask task = externalTaskService.createExternalTaskQuery().processInstanceId(pi.getId()).singleResult();
        assertThat(ticketWorker.runOnce()).isEqualTo(1); // the answer is lost: a failure, retried later
        assertThat(item(pi).ticket()).isNull();
        externalTaskService.unlock(task.getId());
        assertThat(ticketWorker.runOnce()).isEqualTo(1);

        assertThat(KEYS).hasSize(2).containsOnly("aftermath-ticket-" + pi.getBusinessKey());
        assertThat(TICKETS).hasSize(1); // the sink opened one ticket
        assertThat(item(pi).ticket()).isEqualTo(TICKETS.values().iterator().next());
        assertThat(pi).hasPassed(Elements.CREATE_TICKET);

        // a node that stored the answer and died before completing the task: the next node does not call again
        String second = newIncident("INC-AI-TICKET-STORED");
        ProcessInstance pi2 = startItem(ActionItemProcess.KEY, second, 1, "alex", LocalDate.now().plusDays(7));
        assertThat(tickets.create(pi2.getBusinessKey())).startsWith("https://tickets.example/OPS-");
        int calls = REQUESTS.size();
        assertThat(ticketWorker.runOnce()).isEqualTo(1);
        assertThat(REQUESTS).hasSize(calls);
        assertThat(pi2).hasPassed(Elements.CREATE_TICKET);
        assertThat(runtimeService.getVariable(pi2.getId(), ActionItemProcess.Vars.TICKET.name()))
                .isEqualTo(item(pi2).ticket());
    }
}
