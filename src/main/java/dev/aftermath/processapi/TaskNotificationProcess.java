package dev.aftermath.processapi;

/** The process API of {@code processes/task-notification.bpmn}: the mail that announces a new user task. */
public final class TaskNotificationProcess {
    public static final String KEY = "task-notification";

    /** Element ids. */
    public static final class Elements {
        public static final String START = "StartEvent_TaskCreated";
        public static final String SEND = "Send_TaskMail";

        private Elements() {
        }
    }

    /** Variables (set when the plugin starts the instance). */
    public static final class Vars {

        public static final ProcessVariable<String> TASK_ID = ProcessVariable.string("taskId");
        public static final ProcessVariable<String> TASK_NAME = ProcessVariable.string("taskName");
        public static final ProcessVariable<String> TASK_DEFINITION_KEY = ProcessVariable.string("taskDefinitionKey");
        public static final ProcessVariable<String> INCIDENT_ID = ProcessVariable.string("incidentId");
        public static final ProcessVariable<String> SOURCE_PROCESS_INSTANCE_ID = ProcessVariable.string("sourceProcessInstanceId");

        private Vars() {
        }
    }

    private TaskNotificationProcess() {
    }
}
