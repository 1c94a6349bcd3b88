package dev.aftermath.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.Date;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.aftermath.actionitem.ActionItem;
import dev.aftermath.processapi.ActionItemProcess.Elements;
import dev.aftermath.actionitem.ActionItemRepository;
import dev.aftermath.security.IncidentAccess;

/** Owners leave teams: an item changes hands over REST and in the follow-up and decision forms (no tracker). */
class OwnerChangeTest extends IntegrationTestSupport {

    @Autowired ActionItemRepository items;
    @Autowired IncidentAccess access;

    private ProcessInstance item(String prefix) throws Exception {
        String incidentId = newIncident(prefix);
        ProcessInstance pi = startItem(incidentId, 1, "alex", LocalDate.now().plusDays(10), "HIGH");
        runAsyncJobs();
        greenMail.purgeEmailFromAllMailboxes();
        return pi;
    }

    private String path(ProcessInstance pi) {
        return "/api/action-items/" + pi.getBusinessKey() + "/owner";
    }

    private Task ownerTask(ProcessInstance pi) {
        return taskService.createTaskQuery().processInstanceId(pi.getId()).taskDefinitionKey(Elements.TASK_COMPLETE)
                .singleResult();
    }

    @Test
    void the_owner_hands_the_item_over_the_task_moves_the_new_owner_is_mailed_and_the_ladder_keeps_its_place()
            throws Exception {
        ProcessInstance pi = item("INC-OWNER");
        fireTimer(pi, Elements.TIMER_REMINDER);
        Date nextTimer = timer(pi, Elements.TIMER_DUE).getDuedate();
        greenMail.purgeEmailFromAllMailboxes();

        HttpResponse<String> r = api("POST", path(pi), "alex",
                "{\"owner\":\"priya\",\"rationale\":\"Alex moves to the platform team\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = objectMapper.readTree(r.body());
        assertThat(body.path("owner").asText()).isEqualTo("priya");
        ActionItem item = items.find(pi.getBusinessKey()).orElseThrow();
        assertThat(item.history()).last().satisfies(h -> {
            assertThat(h.action()).isEqualTo("OWNER_CHANGED");
            assertThat(h.by()).isEqualTo("alex");
            assertThat(h.rationale()).isEqualTo("From alex to priya: Alex moves to the platform team");
        });
        assertThat(ownerTask(pi).getAssignee()).isEqualTo("priya");
        assertThat(runtimeService.getVariable(pi.getId(), "owner")).isEqualTo("priya");
        assertThat(access.participants(item.incidentId())).contains("priya");
        // the ladder kept its place: same rung, same time
        assertThat(timer(pi, Elements.TIMER_DUE).getDuedate()).isEqualTo(nextTimer);
        assertThat(timers(pi)).hasSize(1);
        // the mail waits behind its async savepoint
        assertThat(mailsTo("priya")).isEmpty();
        runAsyncJobs();
        String mail = parts(mailTo("priya", "is now yours")).text();
        assertThat(mail).contains(pi.getBusinessKey()).contains("Alex moves to the platform team");
        // reminders now go to the new owner
        fireTimer(pi, Elements.TIMER_DUE);
        assertThat(subjects("priya")).anyMatch(s -> s.contains("overdue") || s.contains("Overdue"));
    }

    private java.util.List<org.camunda.bpm.engine.runtime.Job> timers(ProcessInstance pi) {
        return managementService.createJobQuery().processInstanceId(pi.getId()).timers().list();
    }

    @Test
    void bad_requests_are_400_others_403_unknown_404_and_ended_items_409() throws Exception {
        ProcessInstance pi = item("INC-OWNER-ERR");
        String p = path(pi);
        assertField(api("POST", p, "mia", "{\"rationale\":\"Reorganisation of the team\"}"), "owner", "required");
        assertField(api("POST", p, "mia", "{\"owner\":\"nobody-here\",\"rationale\":\"Reorganisation\"}"), "owner",
                "not a known user");
        assertField(api("POST", p, "mia", "{\"owner\":\"priya,carlos\",\"rationale\":\"Reorganisation\"}"), "owner",
                "single user");
        assertField(api("POST", p, "mia", "{\"owner\":\"engineering\",\"rationale\":\"Reorganisation\"}"), "owner",
                "not a known user");
        assertField(api("POST", p, "mia", "{\"owner\":\"alex\",\"rationale\":\"Reorganisation\"}"), "owner",
                "already owns");
        assertField(api("POST", p, "mia", "{\"owner\":\"priya\"}"), "rationale", "required");
        assertThat(api("POST", p, "mia", "{not json").statusCode()).isEqualTo(400);

        HttpResponse<String> forbidden = api("POST", p, "carlos", "{\"owner\":\"priya\",\"rationale\":\"I take it\"}");
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(api("POST", p, null, "{\"owner\":\"priya\",\"rationale\":\"x\"}").statusCode()).isEqualTo(401);
        assertThat(api("POST", "/api/action-items/NO-SUCH-INCIDENT/AI-1/owner", "mia",
                "{\"owner\":\"priya\",\"rationale\":\"Reorganisation\"}").statusCode()).isEqualTo(404);
        // a restricted incident the caller does not take part in: 404, not 403
        String incidentId = items.find(pi.getBusinessKey()).orElseThrow().incidentId();
        restrict(incidentId, true);
        assertThat(api("POST", p, "mia", "{\"owner\":\"priya\",\"rationale\":\"Reorganisation\"}").statusCode())
                .isEqualTo(404);
        restrict(incidentId, false);
        // nothing changed so far
        assertThat(items.find(pi.getBusinessKey()).orElseThrow().owner()).isEqualTo("alex");
        assertThat(ownerTask(pi).getAssignee()).isEqualTo("alex");

        // managers and admins may; then the item ends and a change is a conflict
        assertThat(api("POST", p, "sam", "{\"owner\":\"carlos\",\"rationale\":\"Carlos owns the pool now\"}")
                .statusCode()).isEqualTo(200);
        taskService.complete(ownerTask(pi).getId(), Map.of("resolution", "Done by Carlos"));
        HttpResponse<String> conflict = api("POST", p, "demo", "{\"owner\":\"priya\",\"rationale\":\"Too late now\"}");
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(objectMapper.readTree(conflict.body()).path("state").asText()).isEqualTo("DONE");
    }

    @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;

    private void restrict(String incidentId, boolean restricted) {
        jdbc.sql("update am_incident set restricted = ? where id = ?").params(restricted, incidentId).update();
    }

    private void assertField(HttpResponse<String> r, String field, String message) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        JsonNode errors = objectMapper.readTree(r.body()).path("errors");
        assertThat(errors.toString()).contains("\"field\":\"" + field + "\"").contains(message);
    }

    @Test
    void the_tech_leads_follow_up_form_hands_the_item_over() throws Exception {
        ProcessInstance pi = item("INC-OWNER-FOLLOWUP");
        fireTimer(pi, Elements.TIMER_REMINDER);
        fireTimer(pi, Elements.TIMER_DUE);
        fireTimer(pi, Elements.TIMER_WEEK1);
        Task followUp = taskService.createTaskQuery().processInstanceId(pi.getId())
                .taskDefinitionKey(Elements.TASK_FOLLOW_UP).singleResult();
        assertThatThrownBy(() -> taskService.complete(followUp.getId(), Map.of("followUpNotes",
                "Alex left; hand it over", "newOwner", "ghost"))).hasMessageContaining("newOwner");
        assertThatThrownBy(() -> taskService.complete(followUp.getId(), Map.of("followUpNotes",
                "Alex left; hand it over", "newOwner", "alex"))).hasMessageContaining("newOwner");
        assertThat(items.find(pi.getBusinessKey()).orElseThrow().owner()).isEqualTo("alex");
        Date week2 = timer(pi, Elements.TIMER_WEEK2).getDuedate();
        greenMail.purgeEmailFromAllMailboxes();

        taskService.complete(followUp.getId(), Map.of("followUpNotes", "Alex left the team; Priya takes it over",
                "newOwner", "priya"));
        ActionItem item = items.find(pi.getBusinessKey()).orElseThrow();
        assertThat(item.owner()).isEqualTo("priya");
        assertThat(item.history()).last().satisfies(h -> {
            assertThat(h.action()).isEqualTo("OWNER_CHANGED");
            assertThat(h.rationale()).contains("Priya takes it over");
        });
        assertThat(ownerTask(pi).getAssignee()).isEqualTo("priya");
        assertThat(timer(pi, Elements.TIMER_WEEK2).getDuedate()).isEqualTo(week2);
        assertThat(runtimeService.getVariable(pi.getId(), "newOwner")).isNull();
        runAsyncJobs();
        assertThat(parts(mailTo("priya", "is now yours")).text()).contains(pi.getBusinessKey());
    }

    @Test
    void the_managers_decision_form_hands_the_item_over_only_when_reprioritising() throws Exception {
        ProcessInstance pi = item("INC-OWNER-DECIDE");
        for (String t : new String[] {Elements.TIMER_REMINDER, Elements.TIMER_DUE, Elements.TIMER_WEEK1,
                Elements.TIMER_WEEK2, Elements.TIMER_WEEK3, Elements.TIMER_WEEK4}) {
            fireTimer(pi, t);
        }
        Task decide = taskService.createTaskQuery().processInstanceId(pi.getId())
                .taskDefinitionKey(Elements.TASK_DECIDE).singleResult();
        String rationale = "Alex left; the item still matters for the next campaign.";
        assertThatThrownBy(() -> taskService.complete(decide.getId(), Map.of("decision", "DROP",
                "rationale", rationale, "newOwner", "priya"))).hasMessageContaining("newOwner");
        assertThatThrownBy(() -> taskService.complete(decide.getId(), Map.of("decision", "REPRIORITIZE",
                "newDueDate", LocalDate.now().plusDays(40).toString(), "rationale", rationale, "newOwner", "a b")))
                .hasMessageContaining("newOwner");
        greenMail.purgeEmailFromAllMailboxes();

        taskService.complete(decide.getId(), Map.of("decision", "REPRIORITIZE", "newDueDate",
                LocalDate.now().plusDays(40).toString(), "rationale", rationale, "newOwner", "priya"));
        ActionItem item = items.find(pi.getBusinessKey()).orElseThrow();
        assertThat(item.owner()).isEqualTo("priya");
        assertThat(item.dueDate()).isEqualTo(LocalDate.now().plusDays(40));
        // the ladder restarted for the new date and the new owner holds the task
        assertThat(pi).isWaitingAt(Elements.TASK_COMPLETE, Elements.TIMER_REMINDER);
        assertThat(ownerTask(pi).getAssignee()).isEqualTo("priya");
        runAsyncJobs();
        assertThat(parts(mailTo("priya", "is now yours")).text()).contains(rationale);
    }
}
