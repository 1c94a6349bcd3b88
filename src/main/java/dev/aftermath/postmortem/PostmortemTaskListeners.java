package dev.aftermath.postmortem;

import java.util.List;
import java.util.Set;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.aftermath.process.JsonVariables;
import dev.aftermath.process.RejectedInputException;
import dev.aftermath.processapi.PostmortemProcess.Elements;
import dev.aftermath.processapi.PostmortemProcess.Vars;
import dev.aftermath.processapi.TaskActors;
import dev.aftermath.web.FieldError;
import dev.aftermath.web.InvalidInputException;

/**
 * The task listeners {@code postmortem.bpmn} names ({@code ${bean}}): each reads the task's variables, hands them to
 * a feature service or the form rules, and writes the results back.
 */
@Configuration(proxyBeanMethods = false)
public class PostmortemTaskListeners {

    private static final Set<String> DOCUMENT_TASKS = Set.of(Elements.TASK_WRITE_DRAFT, Elements.TASK_HOLD_MEETING,
            Elements.TASK_FINALIZE, Elements.TASK_APPROVE);
    private static final Set<String> AUTHOR_TASKS = Set.of(Elements.TASK_WRITE_DRAFT, Elements.TASK_FINALIZE);

    /**
     * Complete listener of every post-mortem user task: the form's rules on the server, the people it names recorded
     * as participants, then a snapshot. The author's editing tasks keep the timeline contributions that arrived while
     * their form was open.
     */
    @Bean
    public TaskListener postmortemTaskCompleted(PostmortemTaskRules rules, PostmortemService postmortems,
                                                TimelineContributions contributions, JsonVariables json,
                                                MeetingService meetings, TimelineCandidates candidates) {
        return (DelegateTask task) -> {
            String incidentId = task.getExecution().getProcessBusinessKey();
            PostmortemTaskRules.Checked checked = rules.check(task.getTaskDefinitionKey(), task.getVariables(),
                    TaskActors.of(task));
            if (!checked.accepted()) {
                throw new RejectedInputException(checked.errors());
            }
            task.setVariables(checked.values());
            if (Elements.TASK_CHANGE_MEETING.equals(task.getTaskDefinitionKey())) {
                recordMeetingChange(meetings, incidentId, task);
            } else if (Elements.TASK_SCHEDULE_MEETING.equals(task.getTaskDefinitionKey())
                    && Boolean.TRUE.equals(Vars.MEETING_CANCELLED.from(task))) {
                // after a cancellation the new meeting is a new calendar event
                Vars.MEETING_ROUND.set(task, MeetingService.roundAfterCancellation(Vars.MEETING_ROUND.from(task)));
                Vars.MEETING_SEQUENCE.set(task, 0);
                Vars.MEETING_CANCELLED.set(task, false);
            }
            if (Elements.TASK_WRITE_DRAFT.equals(task.getTaskDefinitionKey())) {
                // the author's decisions on the imported candidates; only accepted ones join the timeline
                TimelineMerge.Merged accepted = candidates.decideByForm(incidentId, TaskActors.of(task),
                        Vars.TIMELINE_CANDIDATES.from(task), Vars.TIMELINE.from(task),
                        task.getCreateTime() == null ? null : task.getCreateTime().toInstant());
                if (accepted.added() > 0) {
                    Vars.TIMELINE.set(task, json.write(accepted.timeline()));
                }
                Vars.TIMELINE_CANDIDATES.set(task, json.write(candidates.proposed(incidentId)));
            }
            if (AUTHOR_TASKS.contains(task.getTaskDefinitionKey())) {
                TimelineMerge.Merged kept = contributions.keepContributionsSince(incidentId,
                        task.getCreateTime() == null ? null : task.getCreateTime().toInstant(),
                        Vars.TIMELINE.from(task));
                if (kept.added() > 0) {
                    Vars.TIMELINE.set(task, json.write(kept.timeline()));
                }
            }
            java.util.Map<String, Object> variables = task.getVariables(); // as the form and the merges left them
            postmortems.recordParticipants(incidentId, variables, TaskActors.of(task));
            if (DOCUMENT_TASKS.contains(task.getTaskDefinitionKey())) {
                postmortems.snapshot(incidentId, variables, PostmortemStatus.IN_REVIEW);
            }
        };
    }

    /** Task_ChangeMeeting, after the rules: the change recorded, the new start or the cancellation in the process. */
    private static void recordMeetingChange(MeetingService meetings, String incidentId, DelegateTask task) {
        String changedBy = Vars.MEETING_CHANGED_BY.from(task);
        if (changedBy == null || changedBy.isBlank()) {
            changedBy = TaskActors.of(task);
        }
        MeetingService.Recorded recorded = meetings.recordChange(incidentId, new MeetingService.Requested(
                Vars.MEETING_CHANGE_ACTION.from(task), Vars.MEETING_START.from(task),
                task.getVariable(Vars.NEW_MEETING_START.name()), Vars.MEETING_SEQUENCE.from(task), changedBy,
                Vars.MEETING_CHANGE_REASON.from(task), Vars.LATE_REASON.from(task)));
        Vars.MEETING_SEQUENCE.set(task, recorded.sequence());
        if (recorded.cancelled()) {
            Vars.MEETING_CANCELLED.set(task, true);
        } else {
            Vars.MEETING_START.set(task, recorded.meetingStart());
        }
        task.removeVariable(Vars.NEW_MEETING_START.name());
        task.removeVariable(Vars.MEETING_CHANGED_BY.name());
    }

    /**
     * Complete listener of {@code Task_ContributeTimeline}: merges the contribution into the draft's timeline (rules
     * and merge in {@link TimelineMerge}); a broken rule keeps the task open with the field named.
     */
    @Bean
    public TaskListener timelineContributed(TimelineContributions contributions, PostmortemService postmortems,
                                            JsonVariables json) {
        return (DelegateTask task) -> {
            String incidentId = task.getExecution().getProcessBusinessKey();
            String contributor = task.getAssignee() != null ? task.getAssignee() : Vars.CONTRIBUTOR.from(task);
            TimelineMerge.Merged merged;
            try {
                merged = contributions.contributeByTask(incidentId, contributor, Vars.CONTRIBUTED_ENTRIES.from(task),
                        Vars.KNEW_AT_THE_TIME.from(task), Vars.TIMELINE.from(task));
            } catch (InvalidInputException e) {
                throw RejectedInputException.of(e);
            }
            Vars.TIMELINE.set(task, json.write(merged.timeline()));
            Vars.CONTRIBUTION_ADDED.set(task, merged.added());
            Vars.TIMELINE_CONTRIBUTIONS.set(task, json.write(contributions.summary(incidentId)));
            postmortems.refresh(incidentId, task.getVariables());
        };
    }

    /** Assignment listener of {@code Task_ApprovePublication}: the author may not claim their own approval. */
    @Bean
    public TaskListener approvalAssigned(PostmortemTaskRules rules) {
        return (DelegateTask task) -> {
            List<FieldError> errors = rules.checkApprover(Vars.AUTHOR.from(task), task.getAssignee());
            if (!errors.isEmpty()) {
                throw new RejectedInputException(errors);
            }
        };
    }
}
