package dev.aftermath.integration;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.spin.plugin.variable.SpinValues;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.aftermath.support.Lifecycle;

/**
 * A WireMock server on a free port per test class, standing in for Jira, Confluence or PagerDuty: tests point the
 * adapter's properties bean at it for the test and back to empty afterwards, so every other test in the shared
 * context runs without the integration, as before.
 */
public abstract class IntegrationTestSupport extends Lifecycle {

    protected static WireMockServer wireMock;

    @LocalServerPort protected int port;
    protected final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startWireMock() {
        wireMock = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        wireMock.start();
    }

    @AfterAll
    static void stopWireMock() {
        wireMock.stop();
    }

    protected static String wireMockUrl() {
        return "http://127.0.0.1:" + wireMock.port();
    }

    /** Starts an action item as the post-mortem's call activity would. */
    protected ProcessInstance startItem(String incidentId, int n, String owner, LocalDate due, String priority) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("incidentId", incidentId);
        vars.put("itemNumber", n);
        vars.put("actionItem", SpinValues.jsonValue("{\"title\":\"Alert at 80% pool saturation on payments-db\","
                + "\"owner\":\"" + owner + "\",\"dueDate\":\"" + due + "\",\"priority\":\"" + priority + "\"}")
                .create());
        return runtimeService.startProcessInstanceByKey("action-item", incidentId + "/AI-" + n, vars);
    }

    /** Runs the due async jobs like the job executor; a failing job keeps failing quietly (retries, incident). */
    protected int runJobsTolerant() {
        int failures = 0;
        for (int round = 0; round < 50; round++) {
            List<Job> jobs = managementService.createJobQuery().messages().executable().list();
            int tickets = ticketWorker.runOnce(); // a failing ticket task records its failure and waits for its retry
            if (jobs.isEmpty() && tickets == 0) {
                return failures;
            }
            for (Job j : jobs) {
                try {
                    managementService.executeJob(j.getId());
                } catch (RuntimeException e) {
                    failures++;
                }
            }
        }
        throw new AssertionError("Async jobs keep coming after 50 rounds");
    }

    /** Fires a timer and runs what follows, tolerating failing jobs. */
    protected void fire(ProcessInstance pi, String timerActivityId) {
        Job timer = timer(pi, timerActivityId);
        org.assertj.core.api.Assertions.assertThat(timer).as("timer " + timerActivityId).isNotNull();
        managementService.executeJob(timer.getId());
        runJobsTolerant();
    }

    /** Executes a job until its retries are used up (whatever their due dates): then it is a Cockpit incident. */
    protected void exhaust(org.camunda.bpm.engine.externaltask.ExternalTask task) {
        var externalTasks = processEngine.getExternalTaskService();
        for (int i = 0; i < 10; i++) {
            var current = externalTasks.createExternalTaskQuery().externalTaskId(task.getId()).singleResult();
            if (current == null || current.getRetries() != null && current.getRetries() == 0) {
                return;
            }
            externalTasks.unlock(task.getId()); // the retry delay has passed
            ticketWorker.runOnce();
        }
    }

    protected void exhaust(Job job) {
        for (int i = 0; i < 10; i++) {
            Job current = managementService.createJobQuery().jobId(job.getId()).singleResult();
            if (current == null || current.getRetries() == 0) {
                return;
            }
            try {
                managementService.executeJob(job.getId());
            } catch (RuntimeException expected) {
                // the step fails and is retried
            }
        }
    }

    protected HttpResponse<String> api(String method, String path, String user, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Accept", "application/json");
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8)));
        }
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected static String meetingStart() {
        return Instant.now().plus(Duration.ofHours(3)).truncatedTo(ChronoUnit.MINUTES).toString();
    }
}
