package dev.aftermath.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;

import dev.aftermath.process.JsonVariables;
import dev.aftermath.processapi.PostmortemProcess.Elements;
import dev.aftermath.processapi.PostmortemProcess.Vars;
import dev.aftermath.support.Chromium;

/**
 * Issue 21, item 6: the date and time of a form mean the same to everyone. A person in Berlin whose browser speaks
 * British English (where form-js would expect dd/mm/yyyy, a US browser mm/dd/yyyy) sees the date placeholder
 * yyyy-mm-dd and a time label naming her zone, types the date and the time the way the labels say, and the timeline
 * gets the instant she meant.
 */
@EnabledIf(value = Chromium.INSTALLED, disabledReason = Chromium.SKIPPED)
class DateEntryBrowserTest extends BrowserTestSupport {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Autowired JsonVariables json;

    @Test
    void a_person_in_berlin_with_a_british_browser_types_the_date_and_time_the_labels_ask_for() {
        ChromeDriver chrome = (ChromeDriver) driver;
        chrome.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", BERLIN.getId()));
        chrome.executeCdpCommand("Emulation.setLocaleOverride", Map.of("locale", "en-GB"));

        String id = newIncidentId("INC-DATES");
        Map<String, Object> payload = incident(id, "SEV2", Duration.ofHours(2));
        payload.put("author", "priya");
        payload.put("facilitator", "carlos");
        Instant started = Instant.parse((String) payload.get("startedAt"));
        ProcessInstance pi = start(payload);
        runAsyncJobs();
        Task contribution = taskService.createTaskQuery().processInstanceId(pi.getId())
                .taskDefinitionKey(Elements.TASK_CONTRIBUTE_TIMELINE).taskAssignee("carlos").singleResult();

        warmUpTasklist();
        login("carlos");
        openTask(contribution.getId(), "Add what you saw to the timeline");
        ensureListRows("List_contributedEntries", "Field_contributedEntries_source", 1);

        // what the labels say: the date as yyyy-mm-dd, the time in Berlin with its offset
        WebElement date = field("Field_contributedEntries_at_0-date");
        assertThat(date.getDomAttribute("placeholder")).isEqualTo("yyyy-mm-dd");
        ZoneOffset offset = BERLIN.getRules().getOffset(Instant.now());
        WebElement timeLabel = driver.findElement(By.cssSelector(
                ".fjs-form label[for$='-Field_contributedEntries_at_0-time']"));
        assertThat(timeLabel.getText()).isEqualTo("Time (Europe/Berlin)");
        assertThat(timeLabel.getDomAttribute("title")).isEqualTo("your browser's time zone, UTC" + offset.getId());

        // she types it that way: date, Tab, time
        Instant meant = started.plus(7, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES);
        LocalDateTime local = LocalDateTime.ofInstant(meant, BERLIN);
        String dateText = local.toLocalDate().format(DateTimeFormatter.ISO_LOCAL_DATE);
        String timeText = local.toLocalTime().format(DateTimeFormatter.ofPattern("HH:mm"));
        date.click();
        date.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        date.sendKeys(dateText, Keys.TAB);
        WebElement time = field("Field_contributedEntries_at_0-time");
        time.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        time.sendKeys(timeText, Keys.TAB);
        waitFor("the date stays as typed").until(d ->
                dateText.equals(field("Field_contributedEntries_at_0-date").getDomProperty("value")));
        fillListText("Field_contributedEntries_event", 0, "Payments error rate alert fired in Berlin on-call");
        fillListText("Field_contributedEntries_source", 0, "pager");
        capture("dates-contribution-berlin-filled");
        completeTask(contribution.getId());
        capture("dates-contribution-berlin-completed");

        assertThat(taskService.createTaskQuery().taskId(contribution.getId()).count()).as("completed").isZero();
        List<Map<String, Object>> timeline = json.listOfMaps(
                runtimeService.getVariable(pi.getId(), Vars.TIMELINE.name()));
        assertThat(timeline).filteredOn(e -> "carlos".equals(e.get("actor")))
                .extracting(e -> Instant.parse((String) e.get("at")) + " " + e.get("event"))
                .containsExactly(meant + " Payments error rate alert fired in Berlin on-call");
    }
}
