package dev.aftermath.processapi;

/** The process API of {@code processes/task-notification.bpmn}: the mail that announces a new user task. */
public final class TaskNotificationProcess {
    public static final String KEY = "task-notification";
    public static final String SEND = "Send_TaskMail";

    public static final String TASK_ID = "taskId";
    public static final String TASK_NAME = "taskName";
    public static final String TASK_DEFINITION_KEY = "taskDefinitionKey";
    public static final String INCIDENT_ID = "incidentId";
    public static final String SOURCE_PROCESS_INSTANCE_ID = "sourceProcessInstanceId";

    private TaskNotificationProcess() {
    }
}
