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
import dev.aftermath.processapi.PostmortemProcess.Elements;
import dev.aftermath.processapi.PostmortemProcess.Vars;
import dev.aftermath.process.JsonVariables;
import dev.aftermath.process.RejectedInputException;
import dev.aftermath.web.InvalidInputException;

/** The delegates {@code postmortem.bpmn} names ({@code ${bean}}): each only hands over to a feature service. */
@Configuration(proxyBeanMethods = false)
public class PostmortemDelegates {

    private static final Set<String> DOCUMENT_TASKS = Set.of(Elements.TASK_WRITE_DRAFT, Elements.TASK_HOLD_MEETING,
            Elements.TASK_FINALIZE, Elements.TASK_APPROVE);
    private static final Set<String> AUTHOR_TASKS = Set.of(Elements.TASK_WRITE_DRAFT, Elements.TASK_FINALIZE);

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

    /**
     * Complete listener of every post-mortem user task: the form's rules on the server, the people it names recorded
     * as participants, then a snapshot. The author's editing tasks keep the timeline contributions that arrived while
     * their form was open.
     */
    @Bean
    public TaskListener postmortemTaskCompleted(PostmortemTaskRules rules, PostmortemService postmortems,
                                                TimelineContributions contributions, JsonVariables json,
                                                MeetingService meetings) {
        return (DelegateTask task) -> {
            rules.check(task);
            if (Elements.TASK_CHANGE_MEETING.equals(task.getTaskDefinitionKey())) {
                meetings.recordChange(task);
            } else if (Elements.TASK_SCHEDULE_MEETING.equals(task.getTaskDefinitionKey())) {
                meetings.scheduled(task);
            }
            if (AUTHOR_TASKS.contains(task.getTaskDefinitionKey())) {
                TimelineContributions.Merged kept = contributions.keepContributionsSince(
                        task.getExecution().getProcessBusinessKey(),
                        task.getCreateTime() == null ? null : task.getCreateTime().toInstant(),
                        task.getVariable(Vars.TIMELINE.name()));
                if (kept.added() > 0) {
                    task.setVariable(Vars.TIMELINE.name(), json.write(kept.timeline()));
                }
            }
            postmortems.recordParticipants(task.getExecution().getProcessBusinessKey(), task,
                    PostmortemTaskRules.actor(task));
            if (DOCUMENT_TASKS.contains(task.getTaskDefinitionKey())) {
                postmortems.snapshot(task.getExecution().getProcessBusinessKey(), task, PostmortemStatus.IN_REVIEW);
            }
        };
    }

    /**
     * Complete listener of {@code Task_ContributeTimeline}: merges the contribution into the draft's timeline (rules
     * and merge in {@link TimelineContributions}); a broken rule keeps the task open with the field named.
     */
    @Bean
    public TaskListener timelineContributed(TimelineContributions contributions, PostmortemService postmortems,
                                            JsonVariables json) {
        return (DelegateTask task) -> {
            String incidentId = task.getExecution().getProcessBusinessKey();
            String contributor = task.getAssignee() != null ? task.getAssignee()
                    : (String) task.getVariable(Vars.CONTRIBUTOR.name());
            TimelineContributions.Merged merged;
            try {
                merged = contributions.contributeByTask(incidentId, contributor,
                        task.getVariable(Vars.CONTRIBUTED_ENTRIES.name()), task.getVariable(Vars.KNEW_AT_THE_TIME.name()),
                        task.getVariable(Vars.TIMELINE.name()));
            } catch (InvalidInputException e) {
                throw RejectedInputException.of(e);
            }
            task.setVariable(Vars.TIMELINE.name(), json.write(merged.timeline()));
            task.setVariable(Vars.CONTRIBUTION_ADDED.name(), merged.added());
            task.setVariable(Vars.TIMELINE_CONTRIBUTIONS.name(), json.write(contributions.summary(incidentId)));
            postmortems.refresh(incidentId, task);
        };
    }

    /** {@code Record_NotContributed}: a contribution task closed unanswered when the pre-read went out. */
    @Bean
    public JavaDelegate recordNotContributed(TimelineContributions contributions) {
        return execution -> contributions.notContributed(execution.getProcessBusinessKey(),
                (String) execution.getVariable(Vars.CONTRIBUTOR.name()));
    }

    /** Assignment listener of {@code Task_ApprovePublication}: the author may not claim their own approval. */
    @Bean
    public TaskListener approvalAssigned(PostmortemTaskRules rules) {
        return rules::checkApprover;
    }
}
