package dev.aftermath.actionitem;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.aftermath.actionitem.ActionItem.HistoryEntry;
import dev.aftermath.actionitem.ActionItemLadder.Due;
import dev.aftermath.calendar.Deadlines;
import dev.aftermath.processapi.ActionItemProcess.Elements;
import dev.aftermath.processapi.ActionItemProcess.Vars;
import dev.aftermath.processapi.ProcessVariable;
import dev.aftermath.processapi.TaskActors;
import dev.aftermath.processapi.TicketSyncProcess;
import dev.aftermath.processapi.TicketSyncProcess.Intent;

/**
 * The delegates {@code action-item.bpmn} and {@code ticket-sync.bpmn} name: each reads its typed variables, hands
 * domain values to a feature service and writes the results back.
 */
@Configuration(proxyBeanMethods = false)
public class ActionItemDelegates {

    /** {@code Register_ActionItem}: stores the item as OPEN and sets the variables the ladder and the forms use. */
    @Bean
    public JavaDelegate registerActionItem(ActionItemLadder ladder) {
        return execution -> {
            ActionItemLadder.Registered item = ladder.register(new ActionItemLadder.Registration(
                    execution.getProcessBusinessKey(), execution.getProcessInstanceId(),
                    Vars.INCIDENT_ID.from(execution), Vars.ITEM_NUMBER.from(execution),
                    Vars.ACTION_ITEM.from(execution), Vars.TITLE.from(execution), Vars.OWNER.from(execution),
                    Vars.DUE_DATE.from(execution), Vars.PRIORITY.from(execution), actor(execution)));
            Vars.ACTION_ITEM_ID.set(execution, item.itemId());
            Vars.INCIDENT_ID.set(execution, item.incidentId());
            Vars.ITEM_NUMBER.set(execution, item.number());
            Vars.TITLE.set(execution, item.title());
            Vars.OWNER.set(execution, item.owner());
            Vars.PRIORITY.set(execution, item.priority());
            open(execution, item.due());
            Vars.ITEM_LINK.set(execution, item.itemLink());
            if (!Vars.AUTHOR.isSet(execution)) {
                Vars.AUTHOR.set(execution, item.author());
            }
            if (!Vars.FACILITATOR.isSet(execution)) {
                Vars.FACILITATOR.set(execution, item.facilitator());
            }
        };
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
                Vars.TICKET.set(execution, ticket);
            }
        };
    }

    /**
     * A ladder step ({@code Record_*}): its input parameters {@code ladderAction}, {@code ladderState} and
     * {@code ladderLevel}, written in the diagram, say what it sets.
     */
    @Bean
    public JavaDelegate recordLadderStep(ActionItemLadder ladder) {
        return execution -> {
            ActionItemLadder.Stepped step = ladder.ladderStep(new ActionItemLadder.Step(
                    execution.getProcessBusinessKey(), execution.getProcessInstanceId(),
                    Vars.INCIDENT_ID.from(execution), Vars.LADDER_ACTION.fromLocal(execution),
                    Vars.LADDER_STATE.fromLocal(execution), Vars.LADDER_LEVEL.fromLocal(execution),
                    Vars.DUE_DATE.from(execution), Deadlines.instant(Vars.DUE_AT.from(execution)),
                    Vars.STATE.from(execution)));
            if (step.state() != null) {
                Vars.STATE.set(execution, step.state().name());
            }
            if (step.level() != null) {
                Vars.ESCALATION_LEVEL.set(execution, step.level());
            }
            // an unchanged value is not written again: each write is an update of the variable and its history,
            // and a detail row (history level full), in every rung's job
            setIfChanged(execution, Vars.DAYS_OVERDUE, step.daysOverdue());
            setIfChanged(execution, Vars.TASK_LINK, step.taskLink());
        };
    }

    /** {@code Complete_ActionItem} and {@code Complete_ByTool}: the item ends DONE. */
    @Bean
    public JavaDelegate completeActionItem(ActionItemLadder ladder) {
        return execution -> {
            ladder.complete(new ActionItemLadder.Completion(execution.getProcessBusinessKey(),
                    Vars.INCIDENT_ID.from(execution), Elements.COMPLETED_BY_TOOL.equals(execution.getCurrentActivityId()),
                    Vars.DECISION.from(execution), Vars.RESOLUTION.from(execution), Vars.TICKET.from(execution),
                    Vars.RATIONALE.from(execution), Vars.COMPLETED_BY.from(execution), Vars.CHANGED_IN.from(execution),
                    actor(execution)));
            Vars.STATE.set(execution, ActionItemState.DONE.name());
        };
    }

    /** {@code Reschedule_ActionItem}: a new due date from the tech leads, the managers or the tracker. */
    @Bean
    public JavaDelegate rescheduleActionItem(ActionItemLadder ladder) {
        return execution -> {
            Due due = ladder.reschedule(new ActionItemLadder.Rescheduling(execution.getProcessBusinessKey(),
                    Vars.INCIDENT_ID.from(execution), Vars.NEW_DUE_DATE.from(execution), Vars.DECISION.from(execution),
                    Vars.RATIONALE.from(execution), Vars.FOLLOW_UP_NOTES.from(execution),
                    Vars.COMPLETED_BY.from(execution), Vars.CHANGED_IN.from(execution), actor(execution)));
            execution.removeVariable(Vars.CHANGED_IN.name());
            open(execution, due);
            execution.removeVariable(Vars.NEW_DUE_DATE.name());
            execution.removeVariable(Vars.DUE_DATE_CHANGED.name());
            execution.removeVariable(Vars.DECISION.name());
        };
    }

    /** {@code Drop_ActionItem}: the managers dropped the item. */
    @Bean
    public JavaDelegate dropActionItem(ActionItemLadder ladder) {
        return execution -> {
            ladder.drop(execution.getProcessBusinessKey(), Vars.INCIDENT_ID.from(execution),
                    Vars.RATIONALE.from(execution), Vars.COMPLETED_BY.from(execution), actor(execution));
            Vars.STATE.set(execution, ActionItemState.DROPPED.name());
        };
    }

    /** {@code Change_Owner}: the owner variable, the open owner task, the history, the participants, the tracker. */
    @Bean
    public JavaDelegate changeActionItemOwner(OwnerChange ownerChange) {
        return execution -> {
            OwnerChange.Handover change = new OwnerChange.Handover(execution.getProcessBusinessKey(),
                    execution.getProcessInstanceId(), Vars.INCIDENT_ID.from(execution), Vars.NEW_OWNER.from(execution),
                    Vars.OWNER.from(execution), Vars.OWNER_CHANGE_RATIONALE.from(execution),
                    Vars.OWNER_CHANGED_BY.from(execution), Vars.CHANGED_IN.from(execution), actor(execution));
            DelegateExecution instance = execution.getProcessInstance();
            Vars.OWNER.set(instance, change.newOwner());
            Vars.PREVIOUS_OWNER.set(instance, change.previousOwner());
            Vars.TASK_LINK.set(instance, ownerChange.apply(change));
            instance.removeVariable(Vars.CHANGED_IN.name());
            // the request is done: a later form starts with an empty "new owner" field
            instance.removeVariable(Vars.NEW_OWNER.name());
        };
    }

    /** {@code Sync_Ticket} of {@code ticket-sync.bpmn}. */
    @Bean
    public JavaDelegate ticketSyncStep(TicketSync sync) {
        return execution -> sync.send(new TicketSync.Request(execution.getProcessBusinessKey(),
                Intent.valueOf(TicketSyncProcess.Vars.INTENT.from(execution)),
                TicketSyncProcess.Vars.INTENT_KEY.from(execution), TicketSyncProcess.Vars.COMMENT.from(execution),
                TicketSyncProcess.Vars.DUE_DATE.from(execution), TicketSyncProcess.Vars.ASSIGNEE_EMAIL.from(execution),
                TicketSyncProcess.Vars.RESOLUTION.from(execution)));
    }

    /** An open item with this due date: state OPEN, level 0, not overdue (registered, or rescheduled). */
    private static void open(DelegateExecution execution, Due due) {
        Vars.DUE_DATE.set(execution, due.date().toString());
        Vars.DUE_AT.set(execution, due.at());
        Vars.STATE.set(execution, ActionItemState.OPEN.name());
        Vars.ESCALATION_LEVEL.set(execution, 0);
        Vars.DAYS_OVERDUE.set(execution, 0L);
    }

    private static <T> void setIfChanged(DelegateExecution execution, ProcessVariable<T> variable, T value) {
        if (!java.util.Objects.equals(execution.getVariable(variable.name()), value)) {
            variable.set(execution, value);
        }
    }

    /** Who runs a step: the authenticated user, else Aftermath itself. */
    private static String actor(DelegateExecution execution) {
        return TaskActors.orElse(execution, HistoryEntry.SYSTEM);
    }
}
