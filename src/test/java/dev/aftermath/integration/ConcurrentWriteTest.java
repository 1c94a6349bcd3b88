package dev.aftermath.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.aftermath.actionitem.ActionItem;
import dev.aftermath.actionitem.ActionItemRepository;
import dev.aftermath.processapi.ActionItemProcess.Elements;

/**
 * Writes that meet at the same moment (issue 22, item 5): each is made, tried again, or answered 409 with a clear
 * detail; never 500, and what is stored is one consistent outcome.
 */
class ConcurrentWriteTest extends IntegrationTestSupport {

    @Autowired ActionItemRepository items;

    private static <T> List<T> atOnce(List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private Task ownerTask(ProcessInstance pi) {
        return taskService.createTaskQuery().processInstanceId(pi.getId()).taskDefinitionKey(Elements.TASK_COMPLETE)
                .singleResult();
    }

    @Test
    void five_simultaneous_owner_changes_of_one_item_answer_200_400_or_409_and_leave_one_owner() throws Exception {
        List<Integer> all = new ArrayList<>();
        for (int round = 1; round <= 3; round++) {
            String incidentId = newIncident("INC-RACE-OWNER");
            ProcessInstance pi = startItem(incidentId, 1, "alex", LocalDate.now().plusDays(10), "HIGH");
            runAsyncJobs();
            String path = "/api/action-items/" + pi.getBusinessKey() + "/owner";
            List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
            for (String owner : List.of("priya", "carlos", "mia", "sam", "jordan")) {
                calls.add(() -> api("POST", path, "demo", "{\"owner\":\"" + owner
                        + "\",\"rationale\":\"Reorganisation of the payments team\"}"));
            }
            List<HttpResponse<String>> answers = atOnce(calls);
            int made = 0;
            for (HttpResponse<String> r : answers) {
                all.add(r.statusCode());
                assertThat(r.statusCode()).as(r.body()).isIn(200, 400, 409);
                assertThat(r.headers().firstValue("Content-Type").orElse("")).as(r.body())
                        .contains(r.statusCode() == 200 ? "application/json" : "application/problem+json");
                if (r.statusCode() == 409) {
                    assertThat(r.body()).contains("same moment").doesNotContain("Exception", "ENGINE-");
                }
                if (r.statusCode() == 200) {
                    made++;
                }
            }
            assertThat(made).as(all.toString()).isPositive();
            // one consistent outcome: the item's owner holds the task, and each change made is in the history
            ActionItem item = items.find(pi.getBusinessKey()).orElseThrow();
            assertThat(item.owner()).isIn("priya", "carlos", "mia", "sam", "jordan");
            assertThat(ownerTask(pi).getAssignee()).isEqualTo(item.owner());
            assertThat(item.history().stream().filter(h -> h.action().equals("OWNER_CHANGED")).count())
                    .isEqualTo(made);
        }
        System.out.println("Owner change answers of 3 x 5 simultaneous calls: " + all);
        assertThat(all).doesNotContain(500);
    }

    @Test
    void a_completion_racing_the_ticket_step_is_made_or_answered_409_never_500() throws Exception {
        List<Integer> answers = new ArrayList<>();
        for (int round = 1; round <= 3; round++) {
            String incidentId = newIncident("INC-RACE-TICKET");
            ProcessInstance pi = startItem(incidentId, 1, "alex", LocalDate.now().plusDays(10), "HIGH");
            String path = "/api/action-items/" + pi.getBusinessKey() + "/complete";
            List<Callable<Integer>> calls = List.of(
                    () -> api("POST", path, "alex", "{\"resolution\":\"Alert added at 80% saturation\"}")
                            .statusCode(),
                    () -> {
                        runJobsTolerant();
                        return ticketWorker.runOnce();
                    });
            List<Integer> results = atOnce(calls);
            int status = results.get(0);
            answers.add(status);
            assertThat(status).isIn(200, 409);
            if (status == 409) {
                HttpResponse<String> again = api("POST", path, "alex",
                        "{\"resolution\":\"Alert added at 80% saturation\"}");
                assertThat(again.statusCode()).as(again.body()).isIn(200, 409);
            }
            runAsyncJobs();
            ActionItem item = items.find(pi.getBusinessKey()).orElseThrow();
            assertThat(item.state().ended()).as(item.state().toString()).isTrue();
        }
        System.out.println("Completion answers racing the ticket step: " + answers);
    }
}
