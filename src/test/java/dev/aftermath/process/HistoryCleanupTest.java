package dev.aftermath.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Date;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import dev.aftermath.support.ProcessTestSupport;

/**
 * History cleanup really runs: the engine has the nightly batch window of {@code aftermath.history-cleanup}, and a
 * cleanup run removes the history of an instance whose {@code historyTimeToLive} has passed since it ended, and
 * nothing else.
 */
class HistoryCleanupTest extends ProcessTestSupport {

    @Autowired HistoryService historyService;
    @Autowired RepositoryService repositoryService;
    @Value("${aftermath.calendar.zone}") String calendarZone;

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
    }

    @Test
    void the_engine_has_the_nightly_cleanup_window_in_the_calendar_zone() {
        ProcessEngineConfigurationImpl configuration =
                (ProcessEngineConfigurationImpl) processEngine.getProcessEngineConfiguration();
        ZoneId zone = ZoneId.of(calendarZone);
        String start = LocalTime.of(1, 0).atDate(LocalDate.now(zone)).atZone(zone)
                .withZoneSameInstant(ZoneId.systemDefault()).toLocalTime().toString();
        String end = LocalTime.of(5, 0).atDate(LocalDate.now(zone)).atZone(zone)
                .withZoneSameInstant(ZoneId.systemDefault()).toLocalTime().toString();
        assertThat(configuration.getHistoryCleanupBatchWindowStartTime()).isEqualTo(start);
        assertThat(configuration.getHistoryCleanupBatchWindowEndTime()).isEqualTo(end);
        assertThat(configuration.getHistoryCleanupBatchWindowStartTimeAsDate()).isNotNull();
        assertThat(configuration.getHistoryCleanupStrategy()).isEqualTo("removalTimeBased");
        assertThat(configuration.isHistoryCleanupEnabled()).isTrue();
    }

    @Test
    void a_cleanup_run_removes_history_whose_time_to_live_has_passed_and_keeps_the_rest() {
        // an internal probe, like every process but the lifecycle: not offered in Tasklist's "Start process"
        Deployment probe = repositoryService.createDeployment().name("history-cleanup-probe")
                .addModelInstance("history-cleanup-probe.bpmn", Bpmn.createExecutableProcess("historyCleanupProbe")
                        .camundaHistoryTimeToLive(1).camundaStartableInTasklist(false)
                        .startEvent().userTask("Task_Probe").endEvent().done())
                .deploy();
        ProcessInstance ended = runtimeService.startProcessInstanceByKey("historyCleanupProbe");
        taskService.complete(taskService.createTaskQuery().processInstanceId(ended.getId()).singleResult().getId());
        ProcessInstance running = runtimeService.startProcessInstanceByKey("historyCleanupProbe");
        assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(ended.getId()).count())
                .isEqualTo(1);
        assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(ended.getId())
                .singleResult().getRemovalTime()).isNotNull();

        // two days later (the time to live is one day) the cleanup job runs
        ClockUtil.setCurrentTime(new Date(System.currentTimeMillis() + 2L * 24 * 3600 * 1000));
        Job cleanup = historyService.cleanUpHistoryAsync(true);
        managementService.executeJob(cleanup.getId());

        assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(ended.getId()).count())
                .as("expired history removed").isZero();
        assertThat(historyService.createHistoricActivityInstanceQuery().processInstanceId(ended.getId()).count())
                .isZero();
        assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(running.getId()).count())
                .as("a running instance keeps its history").isEqualTo(1);
        runtimeService.deleteProcessInstance(running.getId(), "test done");
        ClockUtil.reset();
        historyService.findHistoryCleanupJobs().forEach(j -> managementService.deleteJob(j.getId()));
        repositoryService.deleteDeployment(probe.getId(), true);
    }
}
