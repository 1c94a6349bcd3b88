package dev.aftermath.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.springframework.beans.factory.annotation.Autowired;

import dev.aftermath.processapi.PostmortemProcess.Elements;
import dev.aftermath.processapi.PostmortemProcess.Vars;
import dev.aftermath.process.JsonVariables;
import dev.aftermath.support.Chromium;

/**
 * Issue 15 in a real browser: a responder adds two timeline entries in the Tasklist form of Task_ContributeTimeline,
 * and the author sees them, with the responder as actor, in the draft form.
 */
@EnabledIf(value = Chromium.INSTALLED, disabledReason = Chromium.SKIPPED)
class TimelineContributionBrowserTest extends BrowserTestSupport {

    @Autowired JsonVariables json;

    @Test
    void a_responder_adds_two_entries_and_the_author_sees_them_in_the_draft_form() throws Exception {
        String id = newIncidentId("INC-BROWSER-TL");
        Map<String, Object> payload = incident(id, "SEV1", Duration.ofHours(2));
        payload.put("author", "priya");
        payload.put("facilitator", "carlos");
        Instant started = Instant.parse((String) payload.get("startedAt"));
        ProcessInstance pi = start(payload);
        runAsyncJobs();
        Task contribution = taskService.createTaskQuery().processInstanceId(pi.getId())
                .taskDefinitionKey(Elements.TASK_CONTRIBUTE_TIMELINE).taskAssignee("carlos").singleResult();
        assertThat(contribution).as("carlos' contribution task").isNotNull();
        mailTo("carlos", id + ": Add what you saw to the post-mortem timeline");

        Instant first = started.plus(3, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES);
        Instant second = started.plus(21, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES);
        login("carlos");
        openTask(contribution.getId(), "Add what you saw to the timeline");
        ensureListRows("List_contributedEntries", "Field_contributedEntries_source", 2);
        fillDateTime("Field_contributedEntries_at_0", first);
        fillListText("Field_contributedEntries_event", 0, "Checkout dashboard showed 503s in eu-west");
        fillListText("Field_contributedEntries_source", 0, "monitoring");
        fillDateTime("Field_contributedEntries_at_1", second);
        fillListText("Field_contributedEntries_event", 1, "Asked in #payments whether the campaign had started");
        fillListText("Field_contributedEntries_source", 1, "chat");
        fillText("Field_knewAtTheTime", "I did not know the campaign had started");
        capture("timeline-contribution-filled");
        completeTask(contribution.getId());

        List<Map<String, Object>> timeline = json.listOfMaps(runtimeService.getVariable(pi.getId(), Vars.TIMELINE.name()));
        assertThat(timeline).filteredOn(e -> "carlos".equals(e.get("actor")))
                .extracting(e -> e.get("at") + " " + e.get("event"))
                .containsExactly(first + " Checkout dashboard showed 503s in eu-west",
                        second + " Asked in #payments whether the campaign had started");

        // the author opens the draft: the two entries are in the timeline list with carlos as actor
        Task draft = taskService.createTaskQuery().processInstanceId(pi.getId())
                .taskDefinitionKey(Elements.TASK_WRITE_DRAFT).singleResult();
        switchUser("priya");
        openTask(draft.getId(), "Write post-mortem draft");
        waitFor("the contributed entries in the draft's timeline").until(d -> inputValues()
                .containsAll(List.of("Checkout dashboard showed 503s in eu-west",
                        "Asked in #payments whether the campaign had started")));
        List<String> values = inputValues();
        int row = values.indexOf("Checkout dashboard showed 503s in eu-west");
        assertThat(values).contains("carlos", "monitoring", "chat");
        // "who added what": the table of contributors with carlos' note
        String table = driver.findElement(By.cssSelector(".fjs-form [id$='-Table_timelineContributions'], "
                + ".fjs-form .fjs-form-field-table")).getText();
        assertThat(driver.findElement(By.cssSelector(".fjs-form")).getText())
                .contains("Who added what").contains("Carlos").contains("I did not know the campaign had started");
        assertThat(row).isNotNegative();
        assertThat(table).isNotBlank();
        capture("timeline-contribution-in-draft");
    }

    @SuppressWarnings("unchecked")
    private List<String> inputValues() {
        return (List<String>) ((JavascriptExecutor) driver).executeScript(
                "return Array.from(document.querySelectorAll('.fjs-form input, .fjs-form textarea'))"
                        + ".map(e => e.value);");
    }
}
