package dev.aftermath.actionitem;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.aftermath.processapi.ActionItemProcess.Elements;
import dev.aftermath.processapi.ActionItemProcess.Vars;

/**
 * The delegates {@code action-item.bpmn} names (and the two listeners of {@code postmortem.bpmn} that show action
 * items in its tasks): each only hands over to a feature service.
 */
@Configuration(proxyBeanMethods = false)
public class ActionItemDelegates {

    @Bean
    public JavaDelegate registerActionItem(ActionItemService items) {
        return items::register;
    }

    /**
     * {@code Create_Ticket} of diagram versions before the external task (instances still waiting there on an older
     * version): the same ticket, created at most once.
     */
    @Bean
    public JavaDelegate createActionItemTicket(ActionItemTickets tickets) {
        return execution -> {
            String ticket = tickets.create(execution.getProcessBusinessKey());
            if (ticket != null) {
                execution.setVariable(Vars.TICKET.name(), ticket);
            }
        };
    }

    @Bean
    public JavaDelegate recordLadderStep(ActionItemService items) {
        return items::ladderStep;
    }

    @Bean
    public JavaDelegate completeActionItem(ActionItemService items) {
        return items::complete;
    }

    @Bean
    public JavaDelegate rescheduleActionItem(ActionItemService items) {
        return items::reschedule;
    }

    @Bean
    public JavaDelegate dropActionItem(ActionItemService items) {
        return items::drop;
    }

    @Bean
    public JavaDelegate changeActionItemOwner(ActionItemService items) {
        return items::ownerChanged;
    }

    /** {@code Sync_Ticket} of {@code ticket-sync.bpmn}. */
    @Bean
    public JavaDelegate ticketSyncStep(TicketSync sync) {
        return sync::send;
    }

    /** Complete listener of the action item tasks and the post-mortem's follow-up review: rules, then history. */
    @Bean
    public TaskListener actionItemTaskCompleted(ActionItemTaskRules rules, ActionItemService items) {
        return (DelegateTask task) -> {
            rules.check(task);
            switch (task.getTaskDefinitionKey()) {
                case Elements.TASK_FOLLOW_UP -> {
                    task.setVariable(Vars.COMPLETED_BY.name(), items.actor(task));
                    items.followedUp(task);
                    items.changeOwnerFromTask(task, (String) task.getVariable(Vars.FOLLOW_UP_NOTES.name()));
                }
                case Elements.TASK_DECIDE -> {
                    task.setVariable(Vars.COMPLETED_BY.name(), items.actor(task));
                    items.changeOwnerFromTask(task, (String) task.getVariable(Vars.RATIONALE.name()));
                }
                case Elements.TASK_COMPLETE -> task.setVariable(Vars.COMPLETED_BY.name(), items.actor(task));
                default -> {
                }
            }
        };
    }

    /** Create listener of {@code Task_HoldMeeting}: the still open items of earlier post-mortems of the service. */
    @Bean
    public TaskListener showOpenItemsOfService(ActionItemService items) {
        return items::showOpenItemsOfService;
    }

    /** Create listener of {@code Task_FollowUpReview}: every item of the post-mortem with state and level. */
    @Bean
    public TaskListener showActionItemsOfPostmortem(ActionItemService items) {
        return items::showActionItemsOfPostmortem;
    }
}
