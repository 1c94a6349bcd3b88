package dev.aftermath.support;

import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

import org.camunda.bpm.engine.runtime.ProcessInstance;

import dev.aftermath.processapi.PostmortemProcess.Elements;

/** Drives a post-mortem with named roles from closure to publication. */
public abstract class Lifecycle extends ProcessTestSupport {

    protected ProcessInstance publish(Map<String, Object> payload, Map<String, Object> draft,
                                      Map<String, Object> schedule, Map<String, Object> meeting,
                                      Map<String, Object> finalize) {
        payload.putIfAbsent("author", "priya");
        payload.putIfAbsent("facilitator", "carlos");
        ProcessInstance pi = start(payload);
        complete(task(Elements.TASK_WRITE_DRAFT), draft);
        Map<String, Object> s = new HashMap<>(Map.of("meetingStart",
                Instant.now().plus(Duration.ofHours(3)).truncatedTo(ChronoUnit.MINUTES).toString(), "attendees", "mia,alex"));
        s.putAll(schedule);
        complete(task(Elements.TASK_SCHEDULE_MEETING), s);
        runAsyncJobs();
        fireTimer(pi, Elements.TIMER_MEETING_START);
        assertThat(pi).isWaitingAt(Elements.TASK_HOLD_MEETING);
        complete(task(Elements.TASK_HOLD_MEETING), meeting);
        complete(task(Elements.TASK_FINALIZE), finalize);
        assertThat(pi).isWaitingAt(Elements.TASK_APPROVE);
        complete(task(Elements.TASK_APPROVE), withVariables("approved", true));
        runAsyncJobs();
        // published; the instance goes on with the action items and the follow-up review
        assertThat(pi).hasPassed(Elements.PUBLISH, Elements.SEND_PUBLISHED);
        return pi;
    }
}
