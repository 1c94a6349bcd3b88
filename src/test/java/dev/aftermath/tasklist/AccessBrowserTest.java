package dev.aftermath.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;

import dev.aftermath.document.TestDocuments;
import dev.aftermath.incident.Incident;
import dev.aftermath.incident.IncidentRepository;
import dev.aftermath.incident.IncidentState;
import dev.aftermath.incident.Severity;
import dev.aftermath.processapi.PostmortemProcess.Elements;
import dev.aftermath.postmortem.PostmortemRepository;
import dev.aftermath.security.IncidentAccess;
import dev.aftermath.support.Chromium;

/**
 * Least privilege in a real browser: Tasklist shows priya only her own and her groups' tasks (and no "All tasks"
 * filter), alex cannot log into Cockpit or Admin, and a restricted post-mortem is absent from alex's library but in the
 * library of a member of {@code security}.
 */
@EnabledIf(value = Chromium.INSTALLED, disabledReason = Chromium.SKIPPED)
class AccessBrowserTest extends BrowserTestSupport {

    private static final Pattern TASK_ID = Pattern.compile("task=([0-9a-f-]{36})");

    @Autowired IncidentRepository incidents;
    @Autowired PostmortemRepository postmortems;
    @Autowired IncidentAccess access;


    @Test
    void priya_sees_only_her_own_and_her_groups_tasks() {
        Task priyas = draftTask("INC-BR-ACCESS-P", "priya");
        Task carlos = draftTask("INC-BR-ACCESS-C", "carlos");
        // a SEV3 waits for the tech leads' decision: a group task priya is no candidate for
        String sev3 = newIncidentId("INC-BR-ACCESS-T");
        start(incident(sev3, "SEV3", Duration.ofHours(1)));
        runAsyncJobs();

        warmUpTasklist();
        login("priya");
        waitFor("Tasklist filters").until(d -> d.findElement(By.tagName("body")).getText().contains("My groups' tasks"));
        assertThat(driver.findElement(By.tagName("body")).getText()).as("filters offered to priya")
                .contains("My tasks").doesNotContain("All tasks");

        Set<String> mine = new TreeSet<>(taskService.createTaskQuery().taskAssignee("priya").list().stream()
                .map(Task::getId).toList());
        assertThat(mine).contains(priyas.getId()).doesNotContain(carlos.getId());
        // the list (its first page: the suite's other tests may have left more of priya's tasks, some more urgent than
        // this one, so newest first) holds only hers
        sortNewestFirst();
        Set<String> listed = waitFor("priya's task list").until(d -> {
            Set<String> shown = shownTaskIds();
            return shown.contains(priyas.getId()) ? shown : null;
        });
        assertThat(mine).containsAll(listed);
        assertThat(listed).doesNotContain(carlos.getId());

        filter("My groups' tasks");
        // priya is in no group any open task waits for
        waitFor("priya's group tasks").until(d -> shownTaskIds().isEmpty());
        assertThat(taskService.createTaskQuery().taskCandidateGroup("tech-leads").list()).isNotEmpty();

        // her own task opens with its form; carlos's does not
        openTask(priyas.getId(), "Write post-mortem draft");
        driver.get(tasklistUrl() + "#/?task=" + carlos.getId());
        sleep(Duration.ofSeconds(4));
        assertThat(driver.findElements(By.cssSelector(".fjs-form"))).as("carlos's form shown to priya").isEmpty();
        assertThat(taskService.createTaskQuery().taskId(carlos.getId()).singleResult().getAssignee())
                .isEqualTo("carlos");
    }

    @Test
    void alex_cannot_open_cockpit_or_admin() {
        warmUpTasklist();
        for (String app : List.of("cockpit", "admin")) {
            logout();
            driver.get("http://localhost:" + port + "/camunda/app/" + app + "/default/");
            By user = By.cssSelector("input#inputUsername, input[name=username], input[ng-model=username]");
            By password = By.cssSelector("input#inputPassword, input[name=password], input[type=password]");
            new org.openqa.selenium.support.ui.WebDriverWait(driver, Duration.ofSeconds(120), Duration.ofMillis(500))
                    .withMessage(app + " login form").until(ExpectedConditions.visibilityOfElementLocated(user));
            sleep(Duration.ofSeconds(1));
            WebElement u = driver.findElement(user);
            u.click();
            u.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE, "alex");
            WebElement p = driver.findElement(password);
            p.click();
            p.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE, "alex");
            driver.findElement(By.cssSelector("form button[type=submit]")).click();
            sleep(Duration.ofSeconds(4));
            String page = driver.findElement(By.tagName("body")).getText();
            assertThat(driver.findElements(password).stream().anyMatch(WebElement::isDisplayed))
                    .as(app + " still asks for a login after alex's attempt; page: " + page).isTrue();
            if ("cockpit".equals(app)) {
                assertThat(page).doesNotContain("Process Definitions").doesNotContain("Running Process Instances");
            } else {
                assertThat(page).doesNotContain("Authorizations").doesNotContain("System");
            }
        }
    }

    @Test
    void a_restricted_post_mortem_is_absent_from_alexs_library_and_present_in_sashas() {
        String n = "ra" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        String open = publishedIncident(n + "-OPEN", n + " Cache stampede", false);
        String secret = publishedIncident(n + "-SECRET", n + " Token signing key exposed", true);

        driver.get("http://alex:alex@localhost:" + port + "/library?q=" + n);
        waitFor("alex's library").until(d -> !d.findElements(By.id("result-count")).isEmpty());
        assertThat(rows()).containsExactly(open);
        assertThat(driver.findElement(By.id("result-count")).getText()).isEqualTo("1 post-mortem");
        driver.get("http://alex:alex@localhost:" + port + "/library/" + secret);
        assertThat(driver.getPageSource()).doesNotContain("Token signing key exposed");

        // another origin, so that the browser does not reuse alex's credentials
        driver.get("http://sasha:sasha@127.0.0.1:" + port + "/library?q=" + n);
        waitFor("sasha's library").until(d -> !d.findElements(By.id("result-count")).isEmpty());
        assertThat(rows()).containsExactlyInAnyOrder(open, secret);
        assertThat(driver.findElement(By.cssSelector("tr.entry[data-incident='" + secret + "']")).getText())
                .contains("Restricted");
        driver.findElement(By.cssSelector("tr.entry[data-incident='" + secret + "'] a.open")).click();
        waitFor("the restricted post-mortem's page").until(d -> d.getCurrentUrl().endsWith("/library/" + secret));
        assertThat(driver.findElement(By.id("restricted")).getText()).contains("Restricted", "Security incident");
        assertThat(driver.getPageSource()).doesNotContain("Public version");
    }

    // ---------------------------------------------------------------------------------------------------------------

    private Task draftTask(String prefix, String author) {
        String id = newIncidentId(prefix);
        Map<String, Object> payload = incident(id, "SEV1", Duration.ofHours(1));
        payload.put("author", author);
        payload.put("facilitator", "mia");
        String pid = start(payload).getId();
        runAsyncJobs();
        return taskService.createTaskQuery().processInstanceId(pid).taskDefinitionKey(Elements.TASK_WRITE_DRAFT)
                .singleResult();
    }

    private String publishedIncident(String id, String title, boolean restricted) {
        Instant started = LocalDate.now().minusDays(10).atTime(10, 0).toInstant(ZoneOffset.UTC);
        Instant resolved = started.plusSeconds(3600);
        incidents.insert(new Incident(id, title, "auth-" + id, Severity.SEV2, started, started.plusSeconds(300),
                started.plusSeconds(600), null, resolved, "jordan", List.of("priya"), 100L, 1.0, "Some users affected",
                "symptom-" + id, false, restricted, false, false, List.of(), "priya", "carlos", "REQUIRED", "seeded",
                resolved.plusSeconds(3600 * 72), resolved.plusSeconds(3600 * 72), IncidentState.POSTMORTEM_PUBLISHED,
                null, Instant.now(), "jordan", 1, "FULL").withRestriction(false));
        access.addParticipants(id, IncidentAccess.COMMANDER, List.of("jordan"));
        access.addParticipants(id, IncidentAccess.AUTHOR, List.of("priya"));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("summary", "What happened to " + title);
        doc.put("rootCause", "A root cause");
        doc.put("causeCategory", "CONFIGURATION");
        doc.put("author", "priya");
        doc.put("facilitator", "carlos");
        postmortems.publish(id, TestDocuments.of(doc), 0, "# " + title, "<p>" + title + "</p>", resolved.plusSeconds(7200));
        postmortems.publishPublic(id, restricted ? null : "# public", restricted ? null : "<p>public</p>",
                "What happened to " + title, "A root cause", "CONFIGURATION");
        return id;
    }

    private List<String> rows() {
        return driver.findElements(By.cssSelector("#library-list tr.entry")).stream()
                .map(r -> r.getDomAttribute("data-incident")).toList();
    }

    /** The ids of the tasks in Tasklist's list (links carry {@code task=<id>}). */
    private Set<String> shownTaskIds() {
        Set<String> ids = new TreeSet<>();
        for (WebElement a : driver.findElements(By.cssSelector(".tasks-list a[href*='task=']"))) {
            Matcher m = TASK_ID.matcher(String.valueOf(a.getDomAttribute("href")));
            if (m.find()) {
                ids.add(m.group(1));
            }
        }
        return ids;
    }

    private void filter(String name) {
        WebElement item = waitFor("filter " + name).until(d -> d.findElements(By.cssSelector(".task-filter")).stream()
                .filter(e -> e.getText().contains(name)).findFirst().orElse(null));
        click(item);
        waitFor("filter " + name + " chosen").until(d -> d.findElements(By.cssSelector(".task-filter.active")).stream()
                .anyMatch(e -> e.getText().contains(name)));
        sleep(Duration.ofSeconds(2));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
