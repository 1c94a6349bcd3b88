package dev.aftermath.notification;

import java.util.HashMap;
import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.stereotype.Component;

import dev.aftermath.process.UserTaskListeners;
import dev.aftermath.processapi.TaskNotificationProcess;

/**
 * Every user task of every diagram, when created, announces itself by mail to its assignee or candidate groups. The
 * listener does not send: it starts a small {@code task-notification} instance in the same transaction, whose send
 * step is asynchronous with retries. So a mail is only sent when the task really exists, an SMTP failure never rolls
 * back the task, and a mail that keeps failing is a visible incident in Cockpit.
 */
@Component
public class TaskNotificationPlugin extends AbstractProcessEnginePlugin {

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        UserTaskListeners.onCreate(configuration, TaskNotificationPlugin::announced, TaskNotificationPlugin::announce);
    }

    /** A user task is announced unless the diagram says {@code <camunda:property name="announce" value="false"/>}. */
    static boolean announced(Element userTask) {
        Element extensions = userTask.element("extensionElements");
        Element properties = extensions == null ? null
                : extensions.elementNS(org.camunda.bpm.engine.impl.bpmn.parser.BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS,
                "properties");
        if (properties == null) {
            return true;
        }
        for (Element property : properties.elementsNS(
                org.camunda.bpm.engine.impl.bpmn.parser.BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "property")) {
            if ("announce".equals(property.attribute("name")) && "false".equals(property.attribute("value"))) {
                return false;
            }
        }
        return true;
    }

    static void announce(DelegateTask task) {
        String incidentId = task.getExecution() == null ? null : task.getExecution().getProcessBusinessKey();
        Map<String, Object> vars = new HashMap<>();
        vars.put(TaskNotificationProcess.Vars.TASK_ID.name(), task.getId());
        vars.put(TaskNotificationProcess.Vars.TASK_NAME.name(), task.getName());
        vars.put(TaskNotificationProcess.Vars.TASK_DEFINITION_KEY.name(), task.getTaskDefinitionKey());
        vars.put(TaskNotificationProcess.Vars.INCIDENT_ID.name(), incidentId);
        vars.put(TaskNotificationProcess.Vars.SOURCE_PROCESS_INSTANCE_ID.name(), task.getProcessInstanceId());
        task.getProcessEngineServices().getRuntimeService()
                .startProcessInstanceByKey(TaskNotificationProcess.KEY, incidentId, vars);
    }
}
