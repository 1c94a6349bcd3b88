package dev.aftermath.actionitem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;

import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import dev.aftermath.processapi.ActionItemProcess.Elements;
import dev.aftermath.processapi.ActionItemProcess;
import dev.aftermath.security.ApiAuthenticationFilter;

/** The action item API: completion by a tool in the middle of the ladder, its error cases, the read API. */
class ActionItemApiTest extends ActionItemTestSupport {

    @Autowired WebApplicationContext context;
    @Autowired @Qualifier("apiAuthentication") FilterRegistrationBean<ApiAuthenticationFilter> authentication;
    MockMvc mvc;

    @BeforeEach
    void mockMvc() {
        mvc = MockMvcBuilders.webAppContextSetup(context).addFilter(authentication.getFilter(), "/api/*").build();
    }

    private static MockHttpServletRequestBuilder as(String user, MockHttpServletRequestBuilder request) {
        return request.with(r -> {
            r.addHeader("Authorization", "Basic " + java.util.Base64.getEncoder()
                    .encodeToString((user + ":" + user).getBytes()));
            return r;
        });
    }

    private static MockHttpServletRequestBuilder complete(String id, String json) {
        int at = id.lastIndexOf("/AI-");
        return as("alex", post("/api/action-items/" + id.substring(0, at) + id.substring(at) + "/complete")
                .contentType(MediaType.APPLICATION_JSON).content(json));
    }

    @Test
    void a_tool_completes_an_item_in_the_middle_of_the_ladder_and_later_timers_never_fire() throws Exception {
        String incidentId = newIncident("INC-AI-REST");
        ProcessInstance pi = startItem(incidentId, LocalDate.now().minusDays(3));
        climb(pi, Elements.TIMER_REMINDER, Elements.TIMER_DUE, Elements.TIMER_WEEK1);
        assertThat(pi).isWaitingAt(Elements.TASK_COMPLETE, Elements.TASK_FOLLOW_UP, Elements.TIMER_WEEK2);
        greenMail.purgeEmailFromAllMailboxes();

        mvc.perform(complete(pi.getBusinessKey(), "{\"resolution\":\"Alert shipped\",\"ticket\":\"https://t.example/OPS-9\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(incidentId + "/AI-1"))
                .andExpect(jsonPath("$.incidentId").value(incidentId))
                .andExpect(jsonPath("$.state").value("DONE"))
                .andExpect(jsonPath("$.escalationLevel").value(1))
                .andExpect(jsonPath("$.resolution").value("Alert shipped"))
                .andExpect(jsonPath("$.ticket").value("https://t.example/OPS-9"))
                .andExpect(jsonPath("$.history[-1].action").value("COMPLETED_BY_TOOL"))
                .andExpect(jsonPath("$.history[-1].by").value("alex"));
        assertThat(pi).isEnded().hasPassed(Elements.END_COMPLETED_BY_TOOL)
                .hasNotPassed("Record_Week2", Elements.SEND_WEEK2, "Record_Week3", "Record_Week4");
        assertThat(managementService.createJobQuery().processInstanceId(pi.getId()).count()).isZero();
        assertThat(taskService.createTaskQuery().processInstanceId(pi.getId()).count()).isZero();
        runAsyncJobs();
        assertThat(greenMail.getReceivedMessages()).isEmpty();

        // ended: 409 naming the state
        mvc.perform(complete(pi.getBusinessKey(), "{\"resolution\":\"again\"}"))
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.state").value("DONE"))
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("DONE")));
    }

    @Test
    void unknown_items_are_404_and_a_missing_resolution_is_400_leaving_the_item_open() throws Exception {
        String incidentId = newIncident("INC-AI-ERR");
        ProcessInstance pi = startItem(incidentId, LocalDate.now().plusDays(5));
        mvc.perform(complete(incidentId + "/AI-7", "{\"resolution\":\"x\"}"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(as("jordan", get("/api/action-items/NO-SUCH-INCIDENT/AI-1"))).andExpect(status().isNotFound());
        mvc.perform(complete(pi.getBusinessKey(), "{\"ticket\":\"OPS-1\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("resolution"));
        mvc.perform(complete(pi.getBusinessKey(), "{\"resolution\":\"   \"}")).andExpect(status().isBadRequest());
        assertThat(pi).isWaitingAt(Elements.TASK_COMPLETE, Elements.TIMER_REMINDER);
        assertThat(item(pi).state()).isEqualTo(ActionItemState.OPEN);
        // without credentials: 401
        mvc.perform(post("/api/action-items/" + incidentId + "/AI-1/complete").contentType(MediaType.APPLICATION_JSON)
                .content("{\"resolution\":\"x\"}")).andExpect(status().isUnauthorized());
        // a dropped item: 409 naming DROPPED
        climbToDecision(pi);
        taskService.complete(task(pi, Elements.TASK_DECIDE), java.util.Map.of("decision", "DROP",
                "rationale", "Superseded by the platform team's pool autoscaling work."));
        mvc.perform(complete(pi.getBusinessKey(), "{\"resolution\":\"done after all\"}"))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.state").value("DROPPED"));
    }

    @Test
    void the_read_api_filters_by_state_owner_and_incident() throws Exception {
        String incidentId = newIncident("INC-AI-READ");
        ProcessInstance first = startItem(ActionItemProcess.KEY, incidentId, 1, "alex", LocalDate.now().plusDays(5));
        ProcessInstance second = startItem(ActionItemProcess.KEY, incidentId, 2, "mia", LocalDate.now().minusDays(1));
        runAsyncJobs();
        climb(second, Elements.TIMER_REMINDER, Elements.TIMER_DUE);

        mvc.perform(as("alex", get("/api/action-items/" + incidentId + "/AI-2")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.owner").value("mia"))
                .andExpect(jsonPath("$.title").value("Alert at 80% pool saturation on payments-db"))
                .andExpect(jsonPath("$.priority").value("HIGH"))
                .andExpect(jsonPath("$.dueDate").value(LocalDate.now().minusDays(1).toString()))
                .andExpect(jsonPath("$.state").value("OVERDUE"))
                .andExpect(jsonPath("$.escalationLevel").value(0))
                .andExpect(jsonPath("$.ticket").value(Matchers.nullValue()))
                .andExpect(jsonPath("$.history[*].action").value(Matchers.contains("CREATED", "REMINDED", "OVERDUE")))
                .andExpect(jsonPath("$.history[0].at").exists())
                .andExpect(jsonPath("$.history[0].by").exists());
        mvc.perform(as("alex", get("/api/action-items").param("incidentId", incidentId)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(2))
                .andExpect(jsonPath("$.page").value(0))
                .andExpect(jsonPath("$.size").value(50))
                .andExpect(jsonPath("$.items[*].id").value(Matchers.containsInAnyOrder(incidentId + "/AI-1",
                        incidentId + "/AI-2")));
        mvc.perform(as("alex", get("/api/action-items").param("incidentId", incidentId).param("state", "OVERDUE")))
                .andExpect(jsonPath("$.total").value(1))
                .andExpect(jsonPath("$.items[0].id").value(incidentId + "/AI-2"));
        mvc.perform(as("alex", get("/api/action-items").param("incidentId", incidentId).param("owner", "alex")))
                .andExpect(jsonPath("$.total").value(1))
                .andExpect(jsonPath("$.items[0].state").value("OPEN"));
        mvc.perform(as("alex", get("/api/action-items").param("state", "LATE"))).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("state"));
        assertThat(first.getBusinessKey()).isEqualTo(incidentId + "/AI-1");
    }

    private String task(ProcessInstance pi, String key) {
        return taskService.createTaskQuery().processInstanceId(pi.getId()).taskDefinitionKey(key).singleResult()
                .getId();
    }
}
