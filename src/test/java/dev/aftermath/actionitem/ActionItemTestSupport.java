package dev.aftermath.actionitem;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.spin.plugin.variable.SpinValues;
import org.springframework.beans.factory.annotation.Autowired;

import dev.aftermath.calendar.Deadlines;
import dev.aftermath.processapi.ActionItemProcess.Elements;
import dev.aftermath.processapi.ActionItemProcess;
import dev.aftermath.support.ProcessTestSupport;

/** Starts action-item instances directly (as the post-mortem's call activity would) and climbs their ladder. */
abstract class ActionItemTestSupport extends ProcessTestSupport {

    @Autowired protected ActionItemRepository items;
    @Autowired protected RepositoryService repositoryService;
    @Autowired protected Deadlines deadlines;

    protected ProcessInstance startItem(String processKey, String incidentId, int n, String owner, LocalDate due) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("incidentId", incidentId);
        vars.put("itemNumber", n);
        vars.put("actionItem", SpinValues.jsonValue("{\"title\":\"Alert at 80% pool saturation on payments-db\","
                + "\"owner\":\"" + owner + "\",\"dueDate\":\"" + due + "\",\"priority\":\"HIGH\"}").create());
        ProcessInstance pi = runtimeService.startProcessInstanceByKey(processKey, incidentId + "/AI-" + n, vars);
        org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat(pi).isStarted(); // task(key) means this item
        return pi;
    }

    protected ProcessInstance startItem(String incidentId, LocalDate due) {
        ProcessInstance pi = startItem(ActionItemProcess.KEY, incidentId, 1, "alex", due);
        runAsyncJobs();
        return pi;
    }

    protected List<Job> timers(ProcessInstance pi) {
        return managementService.createJobQuery().processInstanceId(pi.getId()).timers().list();
    }

    /** The one timer the item holds now: the next rung of the ladder. */
    protected Job onlyTimer(ProcessInstance pi, String activityId) {
        List<Job> timers = timers(pi);
        assertThat(timers).as("timers of the item").hasSize(1);
        Job timer = timer(pi, activityId);
        assertThat(timer).as("the timer is " + activityId).isNotNull();
        return timer;
    }

    protected ActionItem item(ProcessInstance pi) {
        return items.find(pi.getBusinessKey()).orElseThrow();
    }

    protected void climb(ProcessInstance pi, String... timerIds) {
        for (String t : timerIds) {
            fireTimer(pi, t);
        }
    }

    protected void climbToDecision(ProcessInstance pi) {
        climb(pi, Elements.TIMER_REMINDER, Elements.TIMER_DUE, Elements.TIMER_WEEK1, Elements.TIMER_WEEK2,
                Elements.TIMER_WEEK3, Elements.TIMER_WEEK4);
    }

    protected long endOfDayMillis(LocalDate date) {
        return deadlines.endOfDay(date.toString()).getTime();
    }
}
