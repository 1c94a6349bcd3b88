package dev.aftermath.postmortem;

import java.util.Date;
import java.util.List;

import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

import dev.aftermath.processapi.PostmortemProcess.Elements;

/**
 * {@code ${timelineContributionTasks}} in {@code postmortem.bpmn}: the collection of the contribution multi-instance
 * and the due dates of its tasks, which follow the meeting once it is scheduled (the durations stay in the diagram).
 */
@Component("timelineContributionTasks")
public class TimelineContributionTasks {

    private final TimelineContributions contributions;
    private final TaskService tasks;

    public TimelineContributionTasks(TimelineContributions contributions, TaskService tasks) {
        this.contributions = contributions;
        this.tasks = tasks;
    }

    /** One contribution task per responder and the commander, except the author. */
    public List<String> contributors(String incidentId, String author) {
        return contributions.contributors(incidentId, author);
    }

    /** Moves the due date of the open contribution tasks of a post-mortem (the pre-read, once the meeting is set). */
    public void dueBy(String processInstanceId, Date due) {
        for (Task task : tasks.createTaskQuery().processInstanceId(processInstanceId)
                .taskDefinitionKey(Elements.TASK_CONTRIBUTE_TIMELINE).list()) {
            task.setDueDate(due);
            tasks.saveTask(task);
        }
    }
}
