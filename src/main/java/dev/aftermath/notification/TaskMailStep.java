package dev.aftermath.notification;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.aftermath.directory.UserDirectory;
import dev.aftermath.processapi.TaskNotificationProcess;
import dev.aftermath.template.Templates;
import dev.aftermath.web.Links;

/**
 * {@code ${sendTaskMail}}: mails a new user task to its assignee, or else to its candidate users and the members of
 * its candidate groups, with a link that opens the task in Tasklist. The template is
 * {@code templates/mail/task/<task definition key>.vm}, or {@code mail/task/default.vm}.
 */
@Component("sendTaskMail")
public class TaskMailStep implements JavaDelegate {

    private static final Logger LOG = LoggerFactory.getLogger(TaskMailStep.class);

    private final TaskService taskService;
    private final Templates templates;
    private final MailModelSource models;
    private final UserDirectory directory;
    private final Mailer mailer;
    private final Links links;
    @org.springframework.beans.factory.annotation.Autowired private dev.aftermath.chat.ChatNotifier chat; // issue 25

    public TaskMailStep(TaskService taskService, Templates templates, MailModelSource models, UserDirectory directory,
                        Mailer mailer, Links links) {
        this.taskService = taskService;
        this.templates = templates;
        this.models = models;
        this.directory = directory;
        this.mailer = mailer;
        this.links = links;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String taskId = (String) execution.getVariable(TaskNotificationProcess.Vars.TASK_ID.name());
        Task task = taskService.createTaskQuery().taskId(taskId).singleResult();
        if (task == null) {
            LOG.info("Task {} ({}) was completed before its announcement was sent; nothing to announce", taskId,
                    execution.getVariable(TaskNotificationProcess.Vars.TASK_DEFINITION_KEY.name()));
            return;
        }
        List<String> to = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        if (task.getAssignee() != null) {
            to.add(task.getAssignee());
        } else {
            for (IdentityLink link : taskService.getIdentityLinksForTask(taskId)) {
                if (IdentityLinkType.CANDIDATE.equals(link.getType())) {
                    if (link.getGroupId() != null) {
                        groups.add(link.getGroupId());
                        to.add(UserDirectory.GROUP_PREFIX + link.getGroupId());
                    } else if (link.getUserId() != null) {
                        to.add(link.getUserId());
                    }
                }
            }
        }
        UserDirectory.Recipients recipients = directory.resolve(to);
        if (recipients.users().isEmpty()) {
            throw new IllegalStateException("Task " + task.getTaskDefinitionKey() + " (" + taskId
                    + ") has nobody to mail: assignee " + task.getAssignee() + ", candidates " + to);
        }
        String incidentId = (String) execution.getVariable(TaskNotificationProcess.Vars.INCIDENT_ID.name());
        Map<String, Object> model = models.build(incidentId, taskService.getVariables(taskId));
        Map<String, Object> taskModel = new LinkedHashMap<>();
        taskModel.put("id", task.getId());
        taskModel.put("name", task.getName());
        taskModel.put("key", task.getTaskDefinitionKey());
        taskModel.put("assignee", task.getAssignee());
        taskModel.put("candidateGroups", groups);
        taskModel.put("due", task.getDueDate() == null ? null : task.getDueDate().toInstant().toString());
        taskModel.put("followUp", task.getFollowUpDate() == null ? null : task.getFollowUpDate().toInstant().toString());
        taskModel.put("created", task.getCreateTime() == null ? null : task.getCreateTime().toInstant().toString());
        taskModel.put("description", task.getDescription());
        model.put("task", taskModel);
        @SuppressWarnings("unchecked")
        Map<String, Object> modelLinks = (Map<String, Object>) model.get("links");
        modelLinks.put("task", links.task(taskId));
        modelLinks.putIfAbsent("tasklist", links.tasklist());
        String specific = "task/" + task.getTaskDefinitionKey();
        String template = templates.mailExists(specific) ? specific : "task/default";
        // a task is announced once, whatever happens to this job
        mailer.send("task/" + taskId, incidentId, recipients.users(), templates.mail(template, model), List.of());
        chat.record("task/" + taskId, template, incidentId, to, model); // issue 25: the same intent in chat
    }
}
