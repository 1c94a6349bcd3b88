package dev.aftermath.postmortem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.aftermath.processapi.PostmortemProcess.Elements;
import dev.aftermath.support.Drafts;
import dev.aftermath.support.ProcessTestSupport;

/**
 * The reviewers named at role assignment get the pre-read, are candidates of the approval beside the tech leads (the
 * author never), are named in the document and are recorded as participants of the incident.
 */
class ReviewersTest extends ProcessTestSupport {

    @Autowired PostmortemService postmortems;
    @Autowired JdbcClient jdbc;

    @Test
    void reviewers_read_the_draft_approve_and_are_named_in_the_document() throws Exception {
        String id = newIncidentId("INC-REVIEWERS");
        ProcessInstance pi = start(incident(id, "SEV1", Duration.ofHours(1)));
        complete(task(Elements.TASK_ASSIGN_ROLES, pi), withVariables("author", "priya", "facilitator", "carlos",
                "reviewers", "sam, alex, priya"));
        assertThat(jdbc.sql("select user_id from am_incident_participant where incident_id = ? and role = ?"
                + " order by user_id").params(id, "reviewer").query(String.class).list())
                .contains("alex", "sam");

        complete(task(Elements.TASK_WRITE_DRAFT, pi), Drafts.goodDraft());
        complete(task(Elements.TASK_SCHEDULE_MEETING, pi), withVariables("meetingStart",
                Instant.now().plus(Duration.ofHours(3)).truncatedTo(ChronoUnit.MINUTES).toString(), "attendees",
                "mia"));
        runAsyncJobs();
        for (String reader : List.of("sam", "alex", "mia", "carlos")) {
            assertThat(mailTo(reader, "Please read the post-mortem draft")).as(reader).isNotNull();
        }

        fireTimer(pi, Elements.TIMER_MEETING_START);
        complete(task(Elements.TASK_HOLD_MEETING, pi), Drafts.goodMeeting());
        complete(task(Elements.TASK_FINALIZE, pi), Drafts.goodDraft());
        assertThat(pi).isWaitingAt(Elements.TASK_APPROVE);
        Task approve = task(Elements.TASK_APPROVE, pi);
        List<IdentityLink> links = taskService.getIdentityLinksForTask(approve.getId());
        assertThat(links).filteredOn(l -> "candidate".equals(l.getType())).extracting(IdentityLink::getGroupId)
                .contains("tech-leads");
        assertThat(links).filteredOn(l -> "candidate".equals(l.getType())).extracting(IdentityLink::getUserId)
                .contains("sam", "alex").doesNotContain("priya");
        assertThat(taskService.createTaskQuery().taskId(approve.getId()).taskCandidateUser("sam").count())
                .isEqualTo(1);
        runAsyncJobs();
        assertThat(subjects("sam")).anyMatch(s -> s.contains("Approve the post-mortem for publication"));

        String markdown = postmortems.render(id, false);
        assertThat(markdown).contains("**Reviewers:**").contains("Sam Manager");
        complete(approve, withVariables("approved", true));
        runAsyncJobs();
        assertThat(postmortems.render(id, false)).contains("**Reviewers:**").contains("Sam Manager")
                .doesNotContain("Reviewers:** not assigned");
        dev.aftermath.document.PostmortemDocument doc = postmortems.record(id).document();
        assertThat(doc.reviewers()).isEqualTo(List.of("sam", "alex", "priya"));
    }
}
