package dev.aftermath.postmortem;

import java.util.Set;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.aftermath.incident.IncidentService;
import dev.aftermath.policy.PolicyService;
import dev.aftermath.postmortem.PostmortemProcess.Elements;

/** The delegates {@code postmortem.bpmn} names ({@code ${bean}}): each only hands over to a feature service. */
@Configuration(proxyBeanMethods = false)
public class PostmortemDelegates {

    private static final Set<String> DOCUMENT_TASKS = Set.of(Elements.TASK_WRITE_DRAFT, Elements.TASK_HOLD_MEETING,
            Elements.TASK_FINALIZE, Elements.TASK_APPROVE);

    /** Process start listener: attaches the instance to its stored incident, or stores a Tasklist-started one. */
    @Bean
    public ExecutionListener incidentIntake(IncidentService incidents) {
        return incidents::registerStart;
    }

    @Bean
    public JavaDelegate countRecurrences(PolicyService policy) {
        return policy::countRecurrences;
    }

    @Bean
    public JavaDelegate recordPolicyDecision(PolicyService policy) {
        return policy::record;
    }

    @Bean
    public JavaDelegate recordTeamDecision(PolicyService policy) {
        return policy::recordTeamDecision;
    }

    @Bean
    public JavaDelegate createDraft(PostmortemService postmortems) {
        return postmortems::createDraft;
    }

    @Bean
    public JavaDelegate publishPostmortem(PostmortemService postmortems) {
        return postmortems::publish;
    }

    /** {@code Publish_Externally}: wiki page and the source incident's note. */
    @Bean
    public JavaDelegate publishExternally(ExternalPublication publication) {
        return publication::publish;
    }

    /** {@code Update_WikiPage} of {@code wiki-sync.bpmn}. */
    @Bean
    public JavaDelegate updateWikiPage(ExternalPublication publication) {
        return publication::update;
    }

    /** Complete listener of every post-mortem user task: the form's rules on the server, then a snapshot. */
    @Bean
    public TaskListener postmortemTaskCompleted(PostmortemTaskRules rules, PostmortemService postmortems) {
        return (DelegateTask task) -> {
            rules.check(task);
            if (DOCUMENT_TASKS.contains(task.getTaskDefinitionKey())) {
                postmortems.snapshot(task.getExecution().getProcessBusinessKey(), task, PostmortemStatus.IN_REVIEW);
            }
        };
    }
}
