package dev.aftermath.insights;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.stereotype.Component;

import dev.aftermath.processapi.InsightsProcess.Brief;
import dev.aftermath.processapi.InsightsProcess.Vars;
import dev.aftermath.processapi.PostmortemProcess;

/**
 * Hooks the leadership brief into the publication without touching {@code postmortem.bpmn}: when the post-mortem
 * diagram is deployed, an end listener is added to its step {@code Publish_Document}. The listener only starts
 * {@code insights-leadership-brief} by its message (business key = incident id) in the same transaction as the
 * publication, so the brief exists exactly when the publication committed; a retried publication job starts it once.
 * The brief's diagram decides the severities and sends asynchronously with retries.
 */
@Component
public class LeadershipBriefTrigger extends AbstractProcessEnginePlugin {

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        List<BpmnParseListener> listeners = configuration.getCustomPostBPMNParseListeners() == null
                ? new ArrayList<>() : new ArrayList<>(configuration.getCustomPostBPMNParseListeners());
        listeners.add(new AbstractBpmnParseListener() {
            @Override
            public void parseServiceTask(Element element, ScopeImpl scope, ActivityImpl activity) {
                if (PostmortemProcess.Elements.PUBLISH.equals(activity.getId())
                        && activity.getProcessDefinition() instanceof ProcessDefinitionEntity definition
                        && PostmortemProcess.KEY.equals(definition.getKey())) {
                    activity.addBuiltInListener(ExecutionListener.EVENTNAME_END,
                            (ExecutionListener) LeadershipBriefTrigger::published);
                }
            }
        });
        configuration.setCustomPostBPMNParseListeners(listeners);
    }

    static void published(DelegateExecution execution) {
        String incidentId = execution.getProcessBusinessKey();
        Map<String, Object> vars = new HashMap<>();
        vars.put(Vars.INCIDENT_ID.name(), incidentId);
        Object severity = execution.getVariable(PostmortemProcess.Vars.SEVERITY.name());
        vars.put(Vars.SEVERITY.name(), severity == null ? "" : severity.toString());
        execution.getProcessEngineServices().getRuntimeService()
                .startProcessInstanceByMessage(Brief.MESSAGE, incidentId, vars);
    }
}
