package dev.aftermath.integration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.aftermath.processapi.ActionItemProcess;
import dev.aftermath.integration.confluence.ConfluenceProperties;
import dev.aftermath.processapi.PostmortemProcess;
import dev.aftermath.support.Drafts;

/** Published post-mortems as Confluence pages, against a WireMock Confluence. */
class ConfluencePublicationTest extends IntegrationTestSupport {

    static final String PAGES = "/wiki/api/v2/pages";

    @Autowired ConfluenceProperties confluence;
    @Autowired JdbcClient jdbc;

    @BeforeEach
    void pointConfluenceAtWireMock() {
        wireMock.resetAll();
        confluence.setBaseUrl(wireMockUrl());
        confluence.setUserEmail("aftermath-bot@example.com");
        confluence.setApiToken("token-456");
        confluence.setSpaceId("65536");
        confluence.setParentPageId("4242");
        wireMock.stubFor(get(urlPathEqualTo(PAGES)).willReturn(okJson("{\"results\":[],\"_links\":{}}")));
        wireMock.stubFor(post(urlEqualTo(PAGES)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"98765\",\"version\":{\"number\":1},"
                        + "\"_links\":{\"webui\":\"/spaces/ENG/pages/98765/Post-mortem\",\"base\":\"" + wireMockUrl()
                        + "/wiki\"}}")));
        wireMock.stubFor(put(urlEqualTo(PAGES + "/98765")).willReturn(okJson("{\"id\":\"98765\",\"version\":"
                + "{\"number\":2},\"_links\":{\"webui\":\"/spaces/ENG/pages/98765/Post-mortem\",\"base\":\""
                + wireMockUrl() + "/wiki\"}}")));
    }

    @AfterEach
    void switchConfluenceOff() {
        confluence.setBaseUrl("");
    }

    private ProcessInstance publishWithScriptTitle(String id, boolean restricted) {
        Map<String, Object> payload = incident(id, "SEV1", Duration.ofHours(2));
        payload.put("author", "priya");
        payload.put("facilitator", "carlos");
        payload.put("title", "<script>alert('x')</script> Checkout & payments down");
        ProcessInstance pi = start(payload);
        if (restricted) {
            jdbc.sql("update am_incident set restricted = true where id = ?").param(id).update();
        }
        completeTask(pi, PostmortemProcess.Elements.TASK_WRITE_DRAFT, Drafts.goodDraft());
        completeTask(pi, PostmortemProcess.Elements.TASK_SCHEDULE_MEETING, Map.of("meetingStart", meetingStart(), "attendees", "mia,alex"));
        runAsyncJobs();
        fireTimer(pi, PostmortemProcess.Elements.TIMER_MEETING_START);
        completeTask(pi, PostmortemProcess.Elements.TASK_HOLD_MEETING, Drafts.goodMeeting());
        completeTask(pi, PostmortemProcess.Elements.TASK_FINALIZE, Map.of());
        completeTask(pi, PostmortemProcess.Elements.TASK_APPROVE, Map.of("approved", true));
        runAsyncJobs();
        org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat(pi).hasPassed(
                PostmortemProcess.Elements.PUBLISH, PostmortemProcess.Elements.PUBLISH_EXTERNALLY,
                PostmortemProcess.Elements.SEND_PUBLISHED);
        return pi;
    }

    private void completeTask(ProcessInstance pi, String key, Map<String, Object> vars) {
        Task task = taskService.createTaskQuery().processInstanceId(pi.getId()).taskDefinitionKey(key).singleResult();
        assertThat(task).as("task " + key).isNotNull();
        taskService.complete(task.getId(), vars);
    }

    @Test
    void publication_creates_one_page_with_escaped_text_and_a_change_updates_it_in_place() throws Exception {
        String id = newIncidentId("INC-WIKI");
        greenMail.purgeEmailFromAllMailboxes();
        ProcessInstance pi = publishWithScriptTitle(id, false);

        List<LoggedRequest> creates = wireMock.findAll(postRequestedFor(urlEqualTo(PAGES)));
        assertThat(creates).hasSize(1);
        // looked for a page of that title first (a retry after a lost answer finds it)
        LoggedRequest search = wireMock.findAll(com.github.tomakehurst.wiremock.client.WireMock
                .getRequestedFor(urlPathEqualTo(PAGES))).get(0);
        assertThat(search.queryParameter("space-id").firstValue()).isEqualTo("65536");
        String title = "Post-mortem: " + id + " <script>alert('x')</script> Checkout & payments down";
        assertThat(search.queryParameter("title").firstValue()).isEqualTo(title);
        JsonNode page = objectMapper.readTree(creates.get(0).getBodyAsString());
        assertThat(page.path("title").asText()).isEqualTo(title);
        assertThat(page.path("spaceId").asText()).isEqualTo("65536");
        assertThat(page.path("parentId").asText()).isEqualTo("4242");
        assertThat(page.path("body").path("representation").asText()).isEqualTo("storage");
        String storage = page.path("body").path("value").asText();
        assertThat(storage).doesNotContain("<script").contains("&lt;script&gt;")
                .contains("<h2>Summary</h2>").contains("<h2>Impact</h2>").contains("<h2>Timeline</h2>")
                .contains("<h2>Root Cause</h2>").contains("<h2>Contributing Factors</h2>")
                .contains("<h2>What Went Well</h2>").contains("<h2>What Went Wrong</h2>")
                .contains("<h2>Action Items</h2>").contains("<h2>Lessons Learned</h2>")
                .contains("<h2>Appendix: Metrics</h2>")
                .contains("<th>Priority</th><th>State</th>").contains("Alert at 80% pool saturation on payments-db")
                .contains("Connection pool sized for old traffic");
        // every named entity is XML-safe: only &amp; &lt; &gt; &quot; &#...; (storage format is XHTML)
        assertThat(storage.replaceAll("&(amp|lt|gt|quot|#\\d+|#x[0-9a-fA-F]+);", ""))
                .doesNotContainPattern("&[a-zA-Z]+;");
        assertThat(creates.get(0).getHeader("Authorization")).startsWith("Basic ");

        String url = wireMockUrl() + "/wiki/spaces/ENG/pages/98765/Post-mortem";
        // stored and linked: API, library page, publication mail
        JsonNode api = objectMapper.readTree(api("GET", "/api/postmortems/" + id, "mia", null).body());
        assertThat(api.path("links").path("wikiPage").asText()).isEqualTo(url);
        assertThat(api("GET", "/library/" + id, "mia", null).body()).contains("href=\"" + url + "\"");
        assertThat(parts(mailTo("alex", "Post-mortem published")).text()).contains("The post-mortem in the wiki: " + url);

        // an action item changes state: the same page, version 2 (no second page)
        ProcessInstance item = runtimeService.createProcessInstanceQuery().processDefinitionKey(ActionItemProcess.KEY)
                .processInstanceBusinessKey(id + "/AI-1").singleResult();
        Task complete = taskService.createTaskQuery().processInstanceId(item.getId())
                .taskDefinitionKey(ActionItemProcess.Elements.TASK_COMPLETE).singleResult();
        taskService.complete(complete.getId(), Map.of("resolution", "Alert added"));
        assertThat(wireMock.findAll(putRequestedFor(urlEqualTo(PAGES + "/98765")))).isEmpty(); // behind the savepoint
        runAsyncJobs();
        List<LoggedRequest> updates = wireMock.findAll(putRequestedFor(urlEqualTo(PAGES + "/98765")));
        assertThat(updates).hasSize(1);
        JsonNode update = objectMapper.readTree(updates.get(0).getBodyAsString());
        assertThat(update.path("version").path("number").asInt()).isEqualTo(2);
        assertThat(update.path("title").asText()).isEqualTo(title);
        assertThat(update.path("body").path("value").asText()).contains("done");
        assertThat(wireMock.findAll(postRequestedFor(urlEqualTo(PAGES)))).hasSize(1);
        assertThat(jdbc.sql("select version from am_wiki_page where incident_id = ?").param(id).query(Integer.class)
                .single()).isEqualTo(2);

        // a change that shows nothing new on the page sends nothing
        runtimeService.startProcessInstanceByKey("wiki-sync", id);
        runAsyncJobs();
        assertThat(wireMock.findAll(putRequestedFor(urlEqualTo(PAGES + "/98765")))).hasSize(1);
        assertThat(pi).isNotNull();
    }

    @Test
    void a_restricted_post_mortem_is_never_published_to_the_wiki() throws Exception {
        String id = newIncidentId("INC-WIKI-RESTRICTED");
        publishWithScriptTitle(id, true);
        ProcessInstance item = runtimeService.createProcessInstanceQuery().processDefinitionKey(ActionItemProcess.KEY)
                .processInstanceBusinessKey(id + "/AI-1").singleResult();
        taskService.complete(taskService.createTaskQuery().processInstanceId(item.getId())
                .taskDefinitionKey(ActionItemProcess.Elements.TASK_COMPLETE).singleResult().getId(),
                Map.of("resolution", "Alert added"));
        runAsyncJobs();
        assertThat(wireMock.findAll(anyRequestedFor(anyUrl()))).isEmpty();
        assertThat(jdbc.sql("select count(*) from am_wiki_page where incident_id = ?").param(id).query(Long.class)
                .single()).isZero();
    }
}
