package dev.aftermath.postmortem;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.aftermath.calendar.Deadlines;
import dev.aftermath.incident.IncidentService;
import dev.aftermath.policy.PolicyRules;
import dev.aftermath.policy.PolicyService;
import dev.aftermath.processapi.InsightsProcess;
import dev.aftermath.processapi.InsightsProcess.Brief;
import dev.aftermath.processapi.PostmortemProcess.Vars;
import dev.aftermath.processapi.ProcessVariable;
import dev.aftermath.processapi.TimelineImportProcess;
import dev.aftermath.process.JsonVariables;

/**
 * The delegates {@code postmortem.bpmn} names ({@code ${bean}}): each reads the typed variables, hands domain values
 * to a feature service and writes the results back. The task listeners are in {@link PostmortemTaskListeners}.
 */
@Configuration(proxyBeanMethods = false)
public class PostmortemDelegates {

    /** Process start listener: attaches the instance to its stored incident, or stores a Tasklist-started one. */
    @Bean
    public ExecutionListener incidentIntake(IncidentService incidents) {
        return execution -> {
            var auth = execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
            IncidentService.Registered registered = incidents.registerStart(Vars.INCIDENT_ID.from(execution),
                    execution.getProcessInstanceId(), execution.getVariables(), auth == null ? null : auth.getUserId());
            execution.setProcessBusinessKey(registered.incidentId());
            execution.setVariables(registered.variables());
        };
    }

    /** {@code Count_Recurrences}: the look-back window is the step's input {@code recurrenceWindow}. */
    @Bean
    public JavaDelegate countRecurrences(PolicyService policy) {
        return execution -> {
            Object window = execution.getVariableLocal(PolicyService.RECURRENCE_WINDOW);
            if (window == null) {
                throw new IllegalStateException(execution.getCurrentActivityId() + " has no input "
                        + PolicyService.RECURRENCE_WINDOW);
            }
            PolicyService.Recurrence recurrence = policy.countRecurrences(execution.getBusinessKey(),
                    Vars.SERVICE.from(execution), Vars.SYMPTOM.from(execution),
                    Deadlines.instant(Vars.RESOLVED_AT.from(execution)), Duration.parse(window.toString()));
            Vars.RECURRENCE.set(execution, recurrence.count());
            Vars.RECURRENCE_WINDOW_DAYS.set(execution, recurrence.windowDays());
            if (recurrence.earlierIncidents() != null) {
                Vars.EARLIER_INCIDENTS.set(execution, recurrence.earlierIncidents());
            }
        };
    }

    @Bean
    public JavaDelegate recordPolicyDecision(PolicyService policy) {
        return execution -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> table = (Map<String, Object>) Vars.POLICY.from(execution);
            PolicyRules.Decision decision = policy.record(execution.getBusinessKey(), table,
                    Deadlines.instant(Vars.RESOLVED_AT.from(execution)));
            Vars.REQUIREMENT.set(execution, decision.requirement());
            Vars.REASON.set(execution, decision.reason());
            Vars.FORMAT.set(execution, decision.format());
            Vars.PUBLISH_DEADLINE.set(execution, date(decision.publishDeadline()));
            Vars.MEETING_DEADLINE.set(execution, date(decision.meetingDeadline()));
        };
    }

    private static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    @Bean
    public JavaDelegate recordTeamDecision(PolicyService policy) {
        return execution -> Vars.REASON.set(execution, policy.recordTeamDecision(execution.getBusinessKey(),
                Vars.REASON.from(execution), Boolean.TRUE.equals(Vars.POSTMORTEM_NEEDED.from(execution)),
                Vars.DECISION_REASON.from(execution), Vars.FORMAT.from(execution)));
    }

    /** {@code Create_Draft}: the generated draft, the open sections empty, then its first snapshot. */
    @Bean
    public JavaDelegate createDraft(PostmortemService postmortems, TimelineCandidates candidates, JsonVariables json) {
        return execution -> {
            String incidentId = execution.getProcessBusinessKey();
            PostmortemService.Draft draft = postmortems.createDraft(incidentId, execution.getVariables());
            Vars.SUMMARY.set(execution, draft.summary());
            Vars.IMPACT.set(execution, draft.impact());
            Vars.TIMELINE.set(execution, draft.timeline());
            Vars.TIMELINE_CONTRIBUTIONS.set(execution, draft.timelineContributions());
            for (ProcessVariable<String> section : PostmortemService.OPEN_SECTIONS) {
                if (!section.isSet(execution)) {
                    section.set(execution, "");
                }
            }
            for (ProcessVariable<Object> list : PostmortemService.EMPTY_LISTS) {
                list.set(execution, json.write(List.of()));
            }
            Vars.REVIEW_ROUNDS.set(execution, 0);
            Vars.TIMELINE_CANDIDATES.set(execution, json.write(candidates.proposed(incidentId)));
            postmortems.snapshot(incidentId, execution.getVariables(), PostmortemStatus.DRAFT);
            // the channel's messages and the PagerDuty log as candidates, each source behind its own async step
            candidates.startImports(incidentId);
        };
    }

    /**
     * {@code Publish_Document}: the approved document published, then (in the same transaction, so exactly once per
     * publication, also when the job is retried) the leadership brief started by its message; the brief's diagram
     * decides the severities.
     */
    @Bean
    public JavaDelegate publishPostmortem(PostmortemService postmortems) {
        return execution -> {
            postmortems.publish(execution.getProcessBusinessKey(), execution.getVariables());
            startLeadershipBrief(execution);
        };
    }

    private static void startLeadershipBrief(DelegateExecution execution) {
        String incidentId = execution.getProcessBusinessKey();
        Map<String, Object> vars = new HashMap<>();
        InsightsProcess.Vars.INCIDENT_ID.put(vars, incidentId);
        String severity = Vars.SEVERITY.from(execution);
        InsightsProcess.Vars.SEVERITY.put(vars, severity == null ? "" : severity);
        execution.getProcessEngineServices().getRuntimeService()
                .startProcessInstanceByMessage(Brief.MESSAGE, incidentId, vars);
    }

    /** {@code Publish_Externally}: wiki page and the source incident's note. */
    @Bean
    public JavaDelegate publishExternally(ExternalPublication publication) {
        return execution -> publication.publish(execution.getProcessBusinessKey())
                .ifPresent(url -> execution.setVariable(ExternalPublication.WIKI_PAGE_URL, url));
    }

    /** {@code Update_WikiPage} of {@code wiki-sync.bpmn}. */
    @Bean
    public JavaDelegate updateWikiPage(ExternalPublication publication) {
        return execution -> publication.update(execution.getProcessBusinessKey());
    }

    /** {@code Record_NotContributed}: a contribution task closed unanswered when the pre-read went out. */
    @Bean
    public JavaDelegate recordNotContributed(TimelineContributions contributions) {
        return execution -> contributions.notContributed(execution.getProcessBusinessKey(),
                Vars.CONTRIBUTOR.from(execution));
    }

    /**
     * {@code Import_TimelineCandidates} of {@code timeline-import.bpmn}: the source's entries as candidates, then the
     * running draft's form lists the candidates still to review.
     */
    @Bean
    public JavaDelegate importTimelineCandidates(TimelineCandidates candidates, TimelineDraftStep drafts,
                                                 JsonVariables json) {
        return execution -> {
            String incidentId = execution.getProcessBusinessKey();
            candidates.importFrom(incidentId, TimelineImportProcess.Vars.SOURCE.from(execution));
            String postmortem = candidates.runningInstance(incidentId);
            if (postmortem != null) {
                drafts.writeCandidates(postmortem, json.write(candidates.proposed(incidentId)));
            }
        };
    }
}
