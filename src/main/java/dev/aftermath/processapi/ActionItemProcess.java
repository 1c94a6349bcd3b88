package dev.aftermath.processapi;

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
        public static final String SEND_REMINDER = "Send_Reminder";
        public static final String TIMER_DUE = "Timer_Due";
        public static final String SEND_OVERDUE = "Send_Due";
        public static final String TIMER_WEEK1 = "Timer_Week1";
        public static final String SEND_WEEK1 = "Send_Week1";
        public static final String TASK_FOLLOW_UP = "Task_FollowUpOverdueItem";
        public static final String TIMER_WEEK2 = "Timer_Week2";
        public static final String SEND_WEEK2 = "Send_Week2";
        public static final String TIMER_WEEK3 = "Timer_Week3";
        public static final String SEND_WEEK3 = "Send_Week3";
        public static final String TIMER_WEEK4 = "Timer_Week4";
        public static final String BOUNDARY_DECISION_NEEDED = "Boundary_DecisionNeeded";
        public static final String BOUNDARY_DUE_DATE_CHANGED = "Boundary_DueDateChanged";
        public static final String TASK_DECIDE = "Task_DecideOverdueItem";
        public static final String RESCHEDULE = "Reschedule_ActionItem";
        public static final String RECORD_DONE = "Complete_ActionItem";
        public static final String END_DONE = "End_Done";
        public static final String DROP = "Drop_ActionItem";
        public static final String SEND_DROPPED = "Send_Dropped";
        public static final String END_DROPPED = "End_Dropped";
        public static final String COMPLETED_BY_TOOL = "Complete_ByTool";
        public static final String END_COMPLETED_BY_TOOL = "End_CompletedByTool";
        public static final String BOUNDARY_RESCHEDULED_IN_TRACKER = "Boundary_RescheduledInTracker";
        public static final String CHANGE_OWNER = "Change_Owner";
        public static final String SEND_OWNER_CHANGED = "Send_OwnerChanged";

        private Elements() {
        }
    }

    /** Variable names. */
    public static final class Vars {
        /** In from the post-mortem's call activity. */
        public static final String INCIDENT_ID = "incidentId";
        public static final String ACTION_ITEM = "actionItem";
        public static final String ITEM_NUMBER = "itemNumber";
        public static final String AUTHOR = "author";
        public static final String FACILITATOR = "facilitator";

        /** Set by the register step. */
        public static final String ACTION_ITEM_ID = "actionItemId";
        public static final String TITLE = "title";
        public static final String OWNER = "owner";
        public static final String PRIORITY = "priority";
        public static final String DUE_DATE = "dueDate";
        /** The end of the due day in aftermath.calendar.zone: what the timers count from. */
        public static final String DUE_AT = "dueAt";
        public static final String STATE = "state";
        public static final String ESCALATION_LEVEL = "escalationLevel";
        public static final String DAYS_OVERDUE = "daysOverdue";
        public static final String ITEM_LINK = "itemLink";
        public static final String TASK_LINK = "taskLink";

        /** Input parameters of the ladder's record steps. */
        public static final String LADDER_ACTION = "ladderAction";
        public static final String LADDER_STATE = "ladderState";
        public static final String LADDER_LEVEL = "ladderLevel";

        /** Task and message input. */
        public static final String RESOLUTION = "resolution";
        public static final String TICKET = "ticket";
        public static final String FOLLOW_UP_NOTES = "followUpNotes";
        public static final String NEW_DUE_DATE = "newDueDate";
        public static final String DUE_DATE_CHANGED = "dueDateChanged";
        public static final String DECISION = "decision";
        public static final String RATIONALE = "rationale";
        public static final String COMPLETED_BY = "completedBy";
        /** Set when a change came from the issue tracker (its name): nothing goes back to it. */
        public static final String CHANGED_IN = "changedIn";

        /** Owner change (REST, forms, tracker). */
        public static final String NEW_OWNER = "newOwner";
        public static final String PREVIOUS_OWNER = "previousOwner";
        public static final String OWNER_CHANGE_RATIONALE = "ownerChangeRationale";
        public static final String OWNER_CHANGED_BY = "ownerChangedBy";

        /** Shown in post-mortem tasks. */
        public static final String OPEN_ITEMS_OF_SERVICE = "openItemsOfService";
        public static final String ACTION_ITEMS_OVERVIEW = "actionItemsOverview";

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
