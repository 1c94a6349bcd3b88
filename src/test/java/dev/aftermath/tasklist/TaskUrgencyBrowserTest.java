package dev.aftermath.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;

import dev.aftermath.directory.DirectorySetup;
import dev.aftermath.processapi.PostmortemProcess.Elements;
import dev.aftermath.support.Chromium;

/**
 * Issue 21, item 4: urgency in sight. Task names start with the severity, the list shows the due date, a list opened
 * without a chosen sorting is sorted by priority (SEV1 first) then due date, and every filter shows its count, so
 * that a tech lead sees the SEV3 decision waiting in "My groups' tasks" while another filter is selected.
 */
@EnabledIf(value = Chromium.INSTALLED, disabledReason = Chromium.SKIPPED)
class TaskUrgencyBrowserTest extends BrowserTestSupport {

    @Autowired FilterService filterService;
    @Autowired IdentityService identityService;

    @Test
    void lists_show_severity_and_due_date_sort_by_priority_and_count_every_filter() throws Exception {
        // the SEV1 first: sorted by creation (Tasklist's own default), the SEV3 would be on top
        String sev1 = newIncidentId("INC-URG-SEV1");
        String sev3 = newIncidentId("INC-URG-SEV3");
        Task sev1Draft = draft(postmortem(sev1, "SEV1", "Checkout payments failing", 5.0));
        Task sev3Draft = draft(postmortem(sev3, "SEV3", "Search results slow", 5.0));
        assertThat(sev1Draft.getName()).isEqualTo("[SEV1] Write post-mortem draft — " + sev1
                + " Checkout payments failing");
        assertThat(sev3Draft.getName()).isEqualTo("[SEV3] Write post-mortem draft — " + sev3 + " Search results slow");

        // a SEV3 whose need the tech leads decide: unassigned, in mia's "My groups' tasks"
        String decided = newIncidentId("INC-URG-DECIDE");
        ProcessInstance decision = postmortem(decided, "SEV3", "Slow search suggestions", 0.1);
        Task decideNeed = taskService.createTaskQuery().processInstanceId(decision.getId())
                .taskDefinitionKey(Elements.TASK_DECIDE_NEED).singleResult();
        assertThat(decideNeed).as("the SEV3 decision of the tech leads").isNotNull();
        assertThat(decideNeed.getName()).startsWith("[SEV3] Decide whether a post-mortem is needed — " + decided);

        Filter filter = filterService.newTaskFilter("Urgency " + sev1).setOwner("priya")
                .setQuery(taskService.createTaskQuery().taskAssignee("priya").processInstanceBusinessKeyLike("INC-URG-SEV%"))
                .setProperties(Map.of("priority", 9, "description", "browser test", "refresh", true));
        filterService.saveFilter(filter);
        try {
            warmUpTasklist();
            login("priya");
            // opened without a sorting, as from a bookmark of the filter
            driver.get(tasklistUrl() + "#/?filter=" + filter.getId());
            WebElement sev1Item = listItem(sev1);
            WebElement sev3Item = listItem(sev3);
            assertThat(sev1Item.getText()).contains("[SEV1] Write post-mortem draft — " + sev1);
            assertThat(sev3Item.getText()).contains("[SEV3] Write post-mortem draft — " + sev3);
            assertThat(sev1Item.getLocation().getY()).as("SEV1 above SEV3 although created first")
                    .isLessThan(sev3Item.getLocation().getY());
            assertThat(URLDecoder.decode(driver.getCurrentUrl(), StandardCharsets.UTF_8))
                    .contains("\"sortBy\":\"priority\",\"sortOrder\":\"desc\"")
                    .contains("\"sortBy\":\"dueDate\",\"sortOrder\":\"asc\"");
            assertThat(driver.findElement(By.cssSelector("[cam-sorting-choices]")).getText())
                    .contains("Priority").contains("Due date");
            assertThat(taskCard(sev1Item).findElement(By.cssSelector(".due-date")).getText()).startsWith("Due");
            // a count next to every filter, the selected one and the others
            assertThat(filterCount("Urgency " + sev1)).isEqualTo("2");
            assertThat(filterCount(DirectorySetup.MY_TASKS)).isEqualTo(String.valueOf(countAs("priya",
                    DirectorySetup.MY_TASKS)));
            capture("tasklist-priya");
        } finally {
            filterService.deleteFilter(filter.getId());
        }

        switchUser("mia");
        long groupTasks = countAs("mia", DirectorySetup.MY_GROUPS_TASKS);
        assertThat(groupTasks).as("mia's group tasks, the SEV3 decision among them").isPositive();
        assertThat(filterCount(DirectorySetup.MY_GROUPS_TASKS)).as("count next to \"My groups' tasks\"")
                .isEqualTo(String.valueOf(groupTasks));
        capture("tasklist-mia");
    }

    @Test
    void a_draft_sent_back_says_so_at_the_top_with_its_blocking_findings_by_section_name() throws Exception {
        String id = newIncidentId("INC-URG-GATE");
        ProcessInstance pi = postmortem(id, "SEV2", "Search index stale", 5.0);
        Task first = draft(pi);
        Map<String, Object> blamed = new java.util.HashMap<>(dev.aftermath.support.Drafts.goodDraft());
        blamed.put("whatWentWrong", "Deploys were slow. Carlos forgot to check the config.");
        taskService.complete(first.getId(), blamed);
        runAsyncJobs();
        Task again = draft(pi);
        List<Map<String, Object>> findings = objectMapper.readValue(
                String.valueOf(runtimeService.getVariable(pi.getId(), "qualityFindings")),
                new com.fasterxml.jackson.core.type.TypeReference<>() { });
        long blocking = findings.stream().filter(f -> "BLOCKING".equals(f.get("severity"))).count();
        assertThat(blocking).as("the gate's blocking findings").isPositive();
        assertThat(findings).anyMatch(f -> "whatWentWrong".equals(f.get("section")));

        warmUpTasklist();
        login("priya");
        openTask(again.getId(), "Write post-mortem draft");
        WebElement form = driver.findElement(By.cssSelector(".fjs-form"));
        WebElement gate = waitFor("the gate's note").until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".fjs-form [id$='-Group_qualityFindings']")))
                .findElement(By.xpath("ancestor-or-self::div[contains(@class,'fjs-form-field-group')][1]"));
        assertThat(gate.getText()).startsWith("Sent back by the quality gate");
        WebElement firstText = driver.findElement(By.cssSelector(".fjs-form .fjs-form-field-text"));
        assertThat(gate.getText()).as("the first text of the form is the gate's note")
                .contains(firstText.getText().trim());
        assertThat(form.getText()).contains("The quality gate sent the draft back: " + blocking + " blocking finding")
                .doesNotContain("quality-rules.json");
        WebElement table = driver.findElement(By.cssSelector(".fjs-form [id$='-Table_qualityFindings']"));
        waitFor("the section named as the form names it").until(d -> table.getText().contains("What went wrong"));
        assertThat(table.findElements(By.cssSelector("td.aftermath-severity-blocking"))).hasSize((int) blocking);
        assertThat(table.getText()).doesNotContain("whatWentWrong").doesNotContain("wrongWhat went wrong");
        capture("findings-for-author");
    }

    private ProcessInstance postmortem(String id, String severity, String title, double usersAffectedPercent) {
        Map<String, Object> payload = incident(id, severity, Duration.ofHours(1));
        payload.put("title", title);
        payload.put("usersAffectedPercent", usersAffectedPercent);
        payload.put("author", "priya");
        payload.put("facilitator", "carlos");
        ProcessInstance pi = start(payload);
        runAsyncJobs();
        return pi;
    }

    private Task draft(ProcessInstance pi) {
        Task task = taskService.createTaskQuery().processInstanceId(pi.getId())
                .taskDefinitionKey(Elements.TASK_WRITE_DRAFT).singleResult();
        assertThat(task).as("draft task of " + pi.getBusinessKey()).isNotNull();
        return task;
    }

    private WebElement listItem(String incidentId) {
        return waitFor("the task of " + incidentId + " in the list").until(ExpectedConditions
                .visibilityOfElementLocated(By.xpath("//*[contains(@class,'tasks-list')]//*[contains(text(),'"
                        + incidentId + "')]")));
    }

    private WebElement taskCard(WebElement nameElement) {
        return nameElement.findElement(By.xpath("ancestor::*[.//*[contains(@class,'due-date')]][1]"));
    }

    /** The count Aftermath shows next to a filter's name. */
    private String filterCount(String filterName) {
        By badge = By.xpath("//*[contains(@class,'task-filter')]//h4[contains(@class,'name')]/a[contains(normalize-space(.),"
                + xpathLiteral(filterName) + ")]/span[contains(@class,'aftermath-filter-count')]");
        return waitFor("a count next to the filter " + filterName)
                .until(ExpectedConditions.visibilityOfElementLocated(badge)).getText().trim();
    }

    /** What the engine counts for a user in a filter (the filters use currentUser() and currentUserGroups()). */
    private long countAs(String user, String filterName) {
        Filter f = filterService.createFilterQuery().filterName(filterName).singleResult();
        List<String> groups = identityService.createGroupQuery().groupMember(user).list().stream()
                .map(org.camunda.bpm.engine.identity.Group::getId).toList();
        identityService.setAuthentication(user, groups);
        try {
            return filterService.count(f.getId());
        } finally {
            identityService.clearAuthentication();
        }
    }

    private static String xpathLiteral(String s) {
        return s.contains("'") ? "concat('" + s.replace("'", "', \"'\", '") + "')" : "'" + s + "'";
    }
}
