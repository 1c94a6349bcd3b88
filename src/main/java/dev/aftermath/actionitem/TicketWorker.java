package dev.aftermath.actionitem;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.aftermath.processapi.ActionItemProcess.Vars;
import dev.aftermath.processapi.ActionItemProcess;

/**
 * Works the external task {@code Create_Ticket} ({@link ActionItemProcess#TOPIC_TICKET}) on every node: locks a few
 * tasks (a short engine transaction), calls the ticket webhook or tracker with no transaction open, stores the ticket
 * and completes the task. A failure counts down the retries named on the task in the diagram ({@code retries},
 * {@code retryDelay}); at zero the engine raises an incident that Cockpit shows on {@code Create_Ticket}. A node that
 * dies holding a lock leaves the task to another node once the lock expires.
 */
@Component
public class TicketWorker {

    private static final Logger LOG = LoggerFactory.getLogger(TicketWorker.class);

    private final ExternalTaskService externalTasks;
    private final ActionItemTickets tickets;
    private final String workerId;
    private final Duration lock;
    private final boolean enabled;
    private final Duration retryDelayOverride;

    public TicketWorker(ExternalTaskService externalTasks, ActionItemTickets tickets,
                        @Value("${aftermath.node-id:}") String nodeId,
                        @Value("${aftermath.tickets.worker.lock:PT40S}") Duration lock,
                        @Value("${aftermath.tickets.worker.enabled:${camunda.bpm.job-execution.enabled:true}}")
                        boolean enabled,
                        @Value("${aftermath.tickets.worker.retry-delay:}") String retryDelayOverride) {
        this.externalTasks = externalTasks;
        this.tickets = tickets;
        this.workerId = "tickets@" + (nodeId == null || nodeId.isBlank()
                ? ManagementFactory.getRuntimeMXBean().getName() : nodeId);
        this.lock = lock;
        this.enabled = enabled;
        this.retryDelayOverride = retryDelayOverride == null || retryDelayOverride.isBlank() ? null
                : Duration.parse(retryDelayOverride.trim());
    }

    @Scheduled(fixedDelayString = "${aftermath.tickets.worker.poll-interval:PT2S}",
            initialDelayString = "${aftermath.tickets.worker.poll-interval:PT2S}")
    void poll() {
        if (!enabled) {
            return;
        }
        try {
            while (runOnce() > 0) {
                // drain what is due
            }
        } catch (RuntimeException e) {
            LOG.warn("Ticket worker: {}", e.toString());
        }
    }

    /** Locks and works the due ticket tasks once; returns how many it locked. */
    public int runOnce() {
        List<LockedExternalTask> locked = externalTasks.fetchAndLock(20, workerId)
                .topic(ActionItemProcess.TOPIC_TICKET, lock.toMillis()).includeExtensionProperties().execute();
        for (LockedExternalTask task : locked) {
            work(task);
        }
        return locked.size();
    }

    private void work(LockedExternalTask task) {
        String itemId = task.getBusinessKey();
        String ticket;
        try {
            ticket = tickets.create(itemId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(task, e);
            return;
        } catch (Exception e) {
            fail(task, e);
            return;
        }
        try {
            externalTasks.complete(task.getId(), workerId, ticket == null ? Map.of() : Map.of(Vars.TICKET.name(), ticket));
        } catch (RuntimeException e) {
            // the lock expired and another node took the task: it finds the stored ticket and completes it
            LOG.warn("Ticket of {} stored, but the task could not be completed here: {}", itemId, e.toString());
        }
    }

    private void fail(LockedExternalTask task, Exception e) {
        Map<String, String> properties = task.getExtensionProperties();
        int configured = parse(properties.get(ActionItemProcess.PROPERTY_RETRIES), 5);
        Duration delay = retryDelayOverride != null ? retryDelayOverride
                : properties.get(ActionItemProcess.PROPERTY_RETRY_DELAY) == null ? Duration.ofMinutes(5)
                : Duration.parse(properties.get(ActionItemProcess.PROPERTY_RETRY_DELAY));
        int left = (task.getRetries() == null ? configured : task.getRetries()) - 1;
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        LOG.warn("Ticket of {} failed ({} retries left): {}", task.getBusinessKey(), Math.max(0, left), message);
        try {
            externalTasks.handleFailure(task.getId(), workerId, message.length() > 600 ? message.substring(0, 600)
                    : message, e.toString(), Math.max(0, left),
                    // the last failure is an incident: once an operator sets retries, the task runs at once
                    left > 0 ? delay.toMillis() : 0);
        } catch (RuntimeException lost) {
            LOG.warn("Could not record the failure of {}: {}", task.getBusinessKey(), lost.toString());
        }
    }

    private static int parse(String value, int fallback) {
        try {
            return value == null ? fallback : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
