package dev.aftermath.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;

import dev.aftermath.processapi.PostmortemProcess.Elements;
import dev.aftermath.support.Chromium;
import dev.aftermath.support.RestCalls;

/**
 * Tasklist as a user sees it, in a real browser: each task says which incident it is about, the SEV1 task sorts
 * above the SEV3 one by priority, the header is Aftermath's (with links to the library and the insights page), the
 * community edition's end-of-life banner is not shown, and form dates are written for people. A screenshot is kept
 * in {@code target/browser-screenshots/tasklist-readable.png}.
 */
@EnabledIf(value = Chromium.INSTALLED, disabledReason = Chromium.SKIPPED)
class TasklistReadableBrowserTest extends BrowserTestSupport {

    private static final String DATE_FOR_PEOPLE = "(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \\d{1,2} "
            + "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \\d{4}, \\d{2}:\\d{2} UTC";

    @Autowired FilterService filterService;


    private ProcessInstance postmortem(String id, String severity, String title) {
        Map<String, Object> payload = incident(id, severity, Duration.ofHours(1));
        payload.put("title", title);
        payload.put("usersAffectedPercent", 5.0); // a SEV3 with 5 % of users affected is required too
        payload.put("author", "priya");
        payload.put("facilitator", "carlos");
        return start(payload);
    }

    private Task writeDraft(ProcessInstance pi) {
        return taskService.createTaskQuery().processInstanceId(pi.getId())
                .taskDefinitionKey(Elements.TASK_WRITE_DRAFT).singleResult();
    }

    @Test
    void tasks_name_their_incident_sort_by_severity_under_aftermaths_header_without_the_eol_banner() throws Exception {
        // the SEV1 is created first, so that "newest first" would put it below the SEV3
        String sev1 = newIncidentId("INC-READ-SEV1");
        String sev3 = newIncidentId("INC-READ-SEV3");
        ProcessInstance first = postmortem(sev1, "SEV1", "Checkout payments failing");
        ProcessInstance third = postmortem(sev3, "SEV3", "Search results slow");
        Task sev1Task = writeDraft(first);
        Task sev3Task = writeDraft(third);
        String sev1Name = "[SEV1] Write post-mortem draft — " + sev1 + " Checkout payments failing";
        String sev3Name = "[SEV3] Write post-mortem draft — " + sev3 + " Search results slow";
        assertThat(sev1Task.getName()).isEqualTo(sev1Name);
        assertThat(sev3Task.getName()).isEqualTo(sev3Name);
        assertThat(sev1Task.getPriority()).isGreaterThan(sev3Task.getPriority());
        assertThat(sev1Task.getDueDate()).isNotNull();
        Task schedule = taskService.createTaskQuery().processInstanceId(first.getId())
                .taskDefinitionKey(Elements.TASK_SCHEDULE_MEETING).singleResult();
        assertThat(schedule.getName()).isEqualTo("[SEV1] Schedule review meeting — " + sev1 + " Checkout payments failing");
        assertThat((String) taskService.getVariableLocal(schedule.getId(), "meetingDeadlineText"))
                .matches(DATE_FOR_PEOPLE);

        // priya's own filter of these two incidents (other tests leave her many tasks; the list shows 15 a page)
        org.camunda.bpm.engine.filter.Filter filter = filterService.newTaskFilter("Readable " + sev1)
                .setOwner("priya").setQuery(taskService.createTaskQuery().taskAssignee("priya")
                        .processInstanceBusinessKeyLike("INC-READ-%"))
                .setProperties(Map.of("priority", 9, "description", "browser test", "refresh", true));
        filterService.saveFilter(filter);
        try {
            checkTasklist(filter.getId(), sev1, sev3, sev1Name, sev3Name, schedule);
        } finally {
            filterService.deleteFilter(filter.getId());
        }
    }

    private void checkTasklist(String myTasks, String sev1, String sev3, String sev1Name, String sev3Name,
                               Task schedule) throws Exception {
        String byPriority = URLEncoder.encode("[{\"sortBy\":\"priority\",\"sortOrder\":\"desc\"}]",
                StandardCharsets.UTF_8);
        warmUpTasklist();
        login("priya");
        driver.get(tasklistUrl() + "#/?filter=" + myTasks + "&sorting=" + byPriority);
        WebElement sev1Item = waitFor("the SEV1 task in the list").until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//*[contains(@class,'tasks-list')]//*[contains(text(),'" + sev1 + "')]")));
        WebElement sev3Item = waitFor("the SEV3 task in the list").until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//*[contains(@class,'tasks-list')]//*[contains(text(),'" + sev3 + "')]")));
        assertThat(sev1Item.getText()).contains(sev1Name);
        assertThat(sev3Item.getText()).contains(sev3Name);
        assertThat(sev1Item.getLocation().getY()).as("SEV1 above SEV3").isLessThan(sev3Item.getLocation().getY());

        WebElement brand = driver.findElement(By.cssSelector("[cam-widget-header] .navbar-brand"));
        assertThat(brand.getText()).contains("Aftermath");
        assertThat(driver.getTitle()).contains("Aftermath");
        WebElement library = waitFor("Aftermath's links in the header").until(ExpectedConditions
                .visibilityOfElementLocated(By.cssSelector("#aftermath-links a[href='/library']")));
        assertThat(library.getText()).isEqualTo("Library");
        assertThat(driver.findElement(By.cssSelector("#aftermath-links a[href='/insights']")).isDisplayed()).isTrue();
        List<WebElement> banners = driver.findElements(By.cssSelector(".ce-eol-banner"));
        assertThat(banners).allMatch(b -> !b.isDisplayed());
        assertThat(driver.findElement(By.tagName("body")).getText()).doesNotContain("Camunda 8")
                .doesNotContain("migrate");
        capture("tasklist-readable");

        // the facilitator's form writes the meeting deadline for people
        switchUser("carlos");
        openTask(schedule.getId(), "Schedule review meeting — " + sev1);
        assertThat(driver.findElement(By.cssSelector(".fjs-form")).getText()).containsPattern(
                "Meeting deadline: " + DATE_FOR_PEOPLE);
        capture("tasklist-readable-form");

        // Cockpit and Admin carry the same branding files
        RestCalls rest = new RestCalls(port, objectMapper);
        for (String app : List.of("tasklist", "cockpit", "admin")) {
            RestCalls.Reply config = rest.get("/camunda/app/" + app + "/scripts/config.js", null);
            assertThat(config.body()).as(app).contains("vendor: 'Aftermath'").contains("aftermath/links");
            assertThat(rest.get("/camunda/app/" + app + "/styles/user-styles.css", null).body()).as(app)
                    .contains(".ce-eol-banner");
        }
    }
}
