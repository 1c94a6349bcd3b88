package dev.aftermath.processapi;

import java.util.Date;

/**
 * The process API of {@code processes/action-item.bpmn}: its key, element ids, message and variable names, named
 * once. The business key of every instance is the item id {@code <incidentId>/AI-<n>}.
 */
public final class ActionItemProcess {

    public static final String KEY = "action-item";
    public static final String MESSAGE_COMPLETED = "ActionItemCompleted";
    /** The due date changed in the issue tracker: the ladder restarts (boundary of "Action item open"). */
    public static final String MESSAGE_RESCHEDULED = "ActionItemRescheduled";
    /** The item changes hands: non-interrupting event sub-process "Owner changed". */
    public static final String MESSAGE_OWNER_CHANGED = "ActionItemOwnerChanged";
    public static final String ID_SEPARATOR = "/AI-";
    /** External task topic of {@code Create_Ticket}, worked by TicketWorker outside the engine's transaction. */
    public static final String TOPIC_TICKET = "action-item-ticket";
    /** Extension properties of {@code Create_Ticket}: how often and how long apart a failing ticket is retried. */
    public static final String PROPERTY_RETRIES = "retries";
    public static final String PROPERTY_RETRY_DELAY = "retryDelay";

    /** Element ids. */
    public static final class Elements {
        public static final String START = "StartEvent_ActionItem";
        public static final String REGISTER = "Register_ActionItem";
        public static final String CREATE_TICKET = "Create_Ticket";
        public static final String SUBPROCESS_LADDER = "SubProcess_Ladder";
        public static final String TASK_COMPLETE = "Task_CompleteActionItem";
        public static final String TIMER_REMINDER = "Timer_Reminder";
        public static final String RECORD_REMINDER = "Record_Reminder";
        public static final String SEND_REMINDER = "Send_Reminder";
        public static final String TIMER_DUE = "Timer_Due";
        public static final String RECORD_DUE = "Record_Due";
        public static final String SEND_OVERDUE = "Send_Due";
        public static final String TIMER_WEEK1 = "Timer_Week1";
        public static final String RECORD_WEEK1 = "Record_Week1";
        public static final String SEND_WEEK1 = "Send_Week1";
        public static final String TASK_FOLLOW_UP = "Task_FollowUpOverdueItem";
        public static final String TIMER_WEEK2 = "Timer_Week2";
        public static final String RECORD_WEEK2 = "Record_Week2";
        public static final String SEND_WEEK2 = "Send_Week2";
        public static final String TIMER_WEEK3 = "Timer_Week3";
        public static final String RECORD_WEEK3 = "Record_Week3";
        public static final String SEND_WEEK3 = "Send_Week3";
        public static final String TIMER_WEEK4 = "Timer_Week4";
        public static final String RECORD_WEEK4 = "Record_Week4";
        public static final String BOUNDARY_DECISION_NEEDED = "Boundary_DecisionNeeded";
        public static final String BOUNDARY_DUE_DATE_CHANGED = "Boundary_DueDateChanged";
        public static final String TASK_DECIDE = "Task_DecideOverdueItem";
        public static final String RESCHEDULE = "Reschedule_ActionItem";
        public static final String RECORD_DONE = "Complete_ActionItem";
        public static final String END_DONE = "End_Done";
        public static final String DROP = "Drop_ActionItem";
        public static final String SEND_DROPPED = "Send_Dropped";
        public static final String END_DROPPED = "End_Dropped";
        /** Event subprocess: the item was completed in the issue tracker. */
        public static final String START_COMPLETED_BY_TOOL = "Start_CompletedByTool";
        public static final String COMPLETED_BY_TOOL = "Complete_ByTool";
        public static final String END_COMPLETED_BY_TOOL = "End_CompletedByTool";
        public static final String BOUNDARY_RESCHEDULED_IN_TRACKER = "Boundary_RescheduledInTracker";
        /** Event subprocess: a new owner (REST, form or tracker). */
        public static final String START_OWNER_CHANGED = "Start_OwnerChanged";
        public static final String CHANGE_OWNER = "Change_Owner";
        public static final String SEND_OWNER_CHANGED = "Send_OwnerChanged";

        private Elements() {
        }
    }

    /** Variable names. */
    public static final class Vars {
        /** In from the post-mortem's call activity. */
        public static final ProcessVariable<String> INCIDENT_ID = ProcessVariable.string("incidentId");
        public static final ProcessVariable<Object> ACTION_ITEM = ProcessVariable.json("actionItem");
        public static final ProcessVariable<Integer> ITEM_NUMBER = ProcessVariable.integer("itemNumber");
        public static final ProcessVariable<String> AUTHOR = ProcessVariable.string("author");
        public static final ProcessVariable<String> FACILITATOR = ProcessVariable.string("facilitator");

        /** Set by the register step. */
        public static final ProcessVariable<String> ACTION_ITEM_ID = ProcessVariable.string("actionItemId");
        public static final ProcessVariable<String> TITLE = ProcessVariable.string("title");
        public static final ProcessVariable<String> OWNER = ProcessVariable.string("owner");
        public static final ProcessVariable<String> PRIORITY = ProcessVariable.string("priority");
        public static final ProcessVariable<String> DUE_DATE = ProcessVariable.string("dueDate");
        /** The end of the due day in aftermath.calendar.zone: what the timers count from. */
        public static final ProcessVariable<Date> DUE_AT = ProcessVariable.date("dueAt");
        public static final ProcessVariable<String> STATE = ProcessVariable.string("state");
        public static final ProcessVariable<Integer> ESCALATION_LEVEL = ProcessVariable.integer("escalationLevel");
        public static final ProcessVariable<Long> DAYS_OVERDUE = ProcessVariable.longValue("daysOverdue");
        public static final ProcessVariable<String> ITEM_LINK = ProcessVariable.string("itemLink");
        public static final ProcessVariable<String> TASK_LINK = ProcessVariable.string("taskLink");

        /** Input parameters of the ladder's record steps. */
        public static final ProcessVariable<String> LADDER_ACTION = ProcessVariable.string("ladderAction");
        public static final ProcessVariable<String> LADDER_STATE = ProcessVariable.string("ladderState");
        public static final ProcessVariable<Integer> LADDER_LEVEL = ProcessVariable.integer("ladderLevel");

        /** Task and message input. */
        public static final ProcessVariable<String> RESOLUTION = ProcessVariable.string("resolution");
        public static final ProcessVariable<String> TICKET = ProcessVariable.string("ticket");
        public static final ProcessVariable<String> FOLLOW_UP_NOTES = ProcessVariable.string("followUpNotes");
        public static final ProcessVariable<String> NEW_DUE_DATE = ProcessVariable.string("newDueDate");
        public static final ProcessVariable<Boolean> DUE_DATE_CHANGED = ProcessVariable.bool("dueDateChanged");
        public static final ProcessVariable<String> DECISION = ProcessVariable.string("decision");
        public static final ProcessVariable<String> RATIONALE = ProcessVariable.string("rationale");
        public static final ProcessVariable<String> COMPLETED_BY = ProcessVariable.string("completedBy");
        /** Set when a change came from the issue tracker (its name): nothing goes back to it. */
        public static final ProcessVariable<String> CHANGED_IN = ProcessVariable.string("changedIn");

        /** Owner change (REST, forms, tracker). */
        public static final ProcessVariable<String> NEW_OWNER = ProcessVariable.string("newOwner");
        public static final ProcessVariable<String> PREVIOUS_OWNER = ProcessVariable.string("previousOwner");
        public static final ProcessVariable<String> OWNER_CHANGE_RATIONALE = ProcessVariable.string("ownerChangeRationale");
        public static final ProcessVariable<String> OWNER_CHANGED_BY = ProcessVariable.string("ownerChangedBy");

        /** Shown in post-mortem tasks. */
        public static final ProcessVariable<String> OPEN_ITEMS_OF_SERVICE = ProcessVariable.string("openItemsOfService");
        public static final ProcessVariable<String> ACTION_ITEMS_OVERVIEW = ProcessVariable.string("actionItemsOverview");

        private Vars() {
        }
    }

    /** The decisions of {@code Task_DecideOverdueItem}. */
    public enum Decision {
        COMPLETE, REPRIORITIZE, DROP
    }

    public static String itemId(String incidentId, int number) {
        return incidentId + ID_SEPARATOR + number;
    }

    private ActionItemProcess() {
    }
}
