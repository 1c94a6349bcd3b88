package dev.aftermath.actionitem;

import java.util.HashMap;
import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.aftermath.actionitem.ActionItem.HistoryEntry;
import dev.aftermath.process.RejectedInputException;
import dev.aftermath.processapi.ActionItemProcess.Elements;
import dev.aftermath.processapi.ActionItemProcess.Vars;
import dev.aftermath.processapi.PostmortemProcess;
import dev.aftermath.processapi.TaskActors;

/**
 * The task listeners of {@code action-item.bpmn}, and the two of {@code postmortem.bpmn} that show action items in
 * its tasks: each reads the task's variables, hands them to a feature service and writes the results back.
 */
@Configuration(proxyBeanMethods = false)
public class ActionItemTaskListeners {

    /** Complete listener of the action item tasks and the post-mortem's follow-up review: rules, then history. */
    @Bean
    public TaskListener actionItemTaskCompleted(ActionItemTaskRules rules, ActionItemLadder ladder,
                                                OwnerChange ownerChange) {
        return (DelegateTask task) -> {
            Map<String, Object> form = new HashMap<>();
            for (String name : ActionItemTaskRules.FIELDS) {
                form.put(name, task.getVariable(name));
            }
            ActionItemTaskRules.Checked checked = rules.check(task.getTaskDefinitionKey(), form);
            if (!checked.ok()) {
                throw new RejectedInputException(checked.errors());
            }
            checked.values().forEach(task::setVariable);
            String itemId = task.getExecution().getProcessBusinessKey();
            String actor = TaskActors.of(task, HistoryEntry.SYSTEM);
            switch (task.getTaskDefinitionKey()) {
                case Elements.TASK_FOLLOW_UP -> {
                    Vars.COMPLETED_BY.set(task, actor);
                    ladder.followedUp(itemId, Vars.FOLLOW_UP_NOTES.from(task), actor);
                    changeOwner(task, ownerChange, itemId, Vars.FOLLOW_UP_NOTES.from(task), actor);
                }
                case Elements.TASK_DECIDE -> {
                    Vars.COMPLETED_BY.set(task, actor);
                    changeOwner(task, ownerChange, itemId, Vars.RATIONALE.from(task), actor);
                }
                case Elements.TASK_COMPLETE -> Vars.COMPLETED_BY.set(task, actor);
                default -> {
                }
            }
        };
    }

    /** The form named a new owner (checked by the rules): the request is handed on, the form field cleared. */
    private static void changeOwner(DelegateTask task, OwnerChange ownerChange, String itemId, String rationale,
                                    String actor) {
        String newOwner = ActionItemLadder.string(Vars.NEW_OWNER.from(task));
        if (newOwner == null) {
            return;
        }
        task.getExecution().removeVariable(Vars.NEW_OWNER.name());
        ownerChange.fromTask(itemId, newOwner, rationale, actor);
    }

    /** Create listener of {@code Task_HoldMeeting}: the still open items of earlier post-mortems of the service. */
    @Bean
    public TaskListener showOpenItemsOfService(ActionItemTaskTexts texts) {
        return (DelegateTask task) -> Vars.OPEN_ITEMS_OF_SERVICE.set(task, texts.openItemsOfService(
                PostmortemProcess.Vars.SERVICE.from(task), task.getExecution().getProcessBusinessKey()));
    }

    /** Create listener of {@code Task_FollowUpReview}: every item of the post-mortem with state and level. */
    @Bean
    public TaskListener showActionItemsOfPostmortem(ActionItemTaskTexts texts) {
        return (DelegateTask task) -> Vars.ACTION_ITEMS_OVERVIEW.set(task,
                texts.overview(task.getExecution().getProcessBusinessKey()));
    }
}
