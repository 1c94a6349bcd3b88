package dev.aftermath.process;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;

/**
 * Hooks a built-in {@code create} listener into the user tasks of every deployed diagram, after Camunda's own parsing
 * (a post-BPMN parse listener), for engine plugins that present or announce every task.
 */
public final class UserTaskListeners {

    private UserTaskListeners() {
    }

    /** Adds {@code listener} on {@code create} to every user task whose diagram element {@code which} accepts. */
    public static void onCreate(ProcessEngineConfigurationImpl configuration, Predicate<Element> which,
                                TaskListener listener) {
        List<BpmnParseListener> listeners = configuration.getCustomPostBPMNParseListeners() == null
                ? new ArrayList<>() : new ArrayList<>(configuration.getCustomPostBPMNParseListeners());
        listeners.add(new AbstractBpmnParseListener() {
            @Override
            public void parseUserTask(Element userTaskElement, ScopeImpl scope, ActivityImpl activity) {
                if (activity.getActivityBehavior() instanceof UserTaskActivityBehavior behavior
                        && which.test(userTaskElement)) {
                    behavior.getTaskDefinition().addBuiltInTaskListener(TaskListener.EVENTNAME_CREATE, listener);
                }
            }
        });
        configuration.setCustomPostBPMNParseListeners(listeners);
    }
}
