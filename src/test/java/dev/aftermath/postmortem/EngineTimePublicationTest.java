package dev.aftermath.postmortem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.aftermath.processapi.PostmortemProcess.Elements;
import dev.aftermath.support.Drafts;
import dev.aftermath.support.ProcessTestSupport;

/**
 * One clock (issue 20): a deadline counted from "now" and the publication time follow the engine clock. The engine
 * clock stands still two hours ahead of the wall clock: the finalisation task is due 24 h after engine time, and the
 * stored {@code publishedAt} is engine time to the millisecond.
 */
class EngineTimePublicationTest extends ProcessTestSupport {

    @Autowired PostmortemRepository postmortems;

    @AfterEach
    void realTime() {
        ClockUtil.reset();
    }

    @Test
    void deadlines_from_now_and_published_at_follow_the_engine_clock() {
        Instant engineNow = Instant.now().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        ClockUtil.setCurrentTime(Date.from(engineNow));
        Map<String, Object> payload = incident(newIncidentId("INC-CLOCK"), "SEV2", Duration.ofHours(1));
        payload.put("author", "priya");
        payload.put("facilitator", "carlos");
        ProcessInstance pi = start(payload);
        String incidentId = pi.getBusinessKey();

        complete(task(Elements.TASK_WRITE_DRAFT), Drafts.goodDraft());
        Map<String, Object> schedule = new HashMap<>(Map.of("meetingStart",
                engineNow.plus(Duration.ofHours(3)).truncatedTo(ChronoUnit.MINUTES).toString(), "attendees", "mia,alex"));
        complete(task(Elements.TASK_SCHEDULE_MEETING), schedule);
        runAsyncJobs();
        fireTimer(pi, Elements.TIMER_MEETING_START);
        complete(task(Elements.TASK_HOLD_MEETING), Drafts.goodMeeting());

        // ${deadlines.fromNow('PT24H')}: 24 h after the engine's now, not the wall clock's
        assertThat(task(Elements.TASK_FINALIZE).getDueDate().toInstant())
                .isEqualTo(engineNow.plus(Duration.ofHours(24)));
        complete(task(Elements.TASK_FINALIZE), Map.of());
        complete(task(Elements.TASK_APPROVE), withVariables("approved", true));
        runAsyncJobs();
        assertThat(pi).hasPassed(Elements.PUBLISH);

        assertThat(postmortems.find(incidentId).orElseThrow().publishedAt()).isEqualTo(engineNow);
    }
}
