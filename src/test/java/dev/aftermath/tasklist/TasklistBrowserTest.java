package dev.aftermath.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.camunda.spin.plugin.variable.SpinValues;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.aftermath.postmortem.PostmortemProcess.Elements;
import dev.aftermath.support.ProcessTestSupport;

/**
 * Drives the real Camunda Tasklist in a headless Chromium: a user logs in, opens a task, fills its Camunda Form
 * (form-js) and completes it; the engine then has to hold the typed variables. Skipped when Chromium or chromedriver
 * is not installed.
 */
@EnabledIf(value = "browserInstalled", disabledReason = TasklistBrowserTest.SKIPPED)
class TasklistBrowserTest extends ProcessTestSupport {

    static final String SKIPPED = "Chromium/chromedriver not installed: browser test skipped";

    /** Evaluated before the Spring context starts, so that a machine without a browser skips quickly. */
    static boolean browserInstalled() {
        return Files.isExecutable(Paths.get(chromeBin())) && Files.isExecutable(Paths.get(chromedriverBin()));
    }

    static String chromeBin() {
        return firstNonBlank(System.getenv("CHROME_BIN"), "/usr/bin/chromium");
    }

    static String chromedriverBin() {
        return firstNonBlank(System.getenv("CHROMEDRIVER"), "/usr/bin/chromedriver");
    }

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** The first Tasklist page of a fresh browser loads all of its scripts: give a slow CI machine more time. */
    private static final Duration FIRST_LOAD = Duration.ofSeconds(45);
    private static final Path SCREENSHOTS = Paths.get("target", "browser-screenshots");

    @LocalServerPort int port;
    @Autowired HistoryService historyService;

    private WebDriver driver;
    private Path userDataDir;

    /** Saves a screenshot and the page source when a test fails, before the browser is closed. */
    @RegisterExtension
    final AfterTestExecutionCallback screenshotOnFailure = context -> {
        if (context.getExecutionException().isPresent() && driver != null) {
            capture(context.getRequiredTestMethod().getName() + "-failure");
        }
    };

    @BeforeAll
    static void findBrowser() {
        Assumptions.assumeTrue(browserInstalled(), SKIPPED + " (looked for " + chromeBin() + " and "
                + chromedriverBin() + "; set CHROME_BIN / CHROMEDRIVER to override)");
        // The driver is given explicitly (here and to the ChromeDriverService) and so is the browser binary: Selenium
        // Manager is never started, so nothing is looked up or downloaded (and with a browser path it would run
        // with --offline anyway).
        System.setProperty("webdriver.chrome.driver", chromedriverBin());
    }

    @BeforeEach
    void openBrowser() throws IOException {
        userDataDir = Files.createTempDirectory("aftermath-chrome-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromeBin());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,1000", "--user-data-dir=" + userDataDir.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromedriverBin()))
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    @AfterEach
    void closeBrowser() throws IOException {
        if (driver != null) {
            driver.quit();
            driver = null;
        }
        if (userDataDir != null) {
            try (Stream<Path> files = Files.walk(userDataDir)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void author_writes_the_draft_in_tasklist() throws Exception {
        String id = newIncidentId("INC-BROWSER-DRAFT");
        Map<String, Object> payload = incident(id, "SEV1", Duration.ofHours(1));
        payload.put("author", "priya");
        payload.put("facilitator", "carlos");
        ProcessInstance pi = start(payload);
        Task draft = task(pi, Elements.TASK_WRITE_DRAFT);
        assertThat(draft.getAssignee()).isEqualTo("priya");

        login("priya");
        openTask(draft.getId(), "Write post-mortem draft");

        fillText("Field_summary", "Checkout failed for 47 minutes: the payment DB connection pool was exhausted.");
        fillText("Field_rootCause", "Connection pool sized for last year's traffic; no alert on pool saturation");
        ensureListRows("List_whys", "Field_whys_text", 2);
        fillListText("Field_whys_text", 0, "The payment DB stopped accepting connections");
        fillListText("Field_whys_text", 1, "The pool was sized for half of today's traffic");
        ensureListRows("List_contributingFactors", "Field_contributingFactors_text", 2);
        fillListText("Field_contributingFactors_text", 0, "No alert on pool saturation");
        fillListText("Field_contributingFactors_text", 1, "Pool size hard-coded in the image");
        selectOption("Field_causeCategory", "Capacity / load");
        capture("draft-filled");

        completeTask(draft.getId());

        HistoricTaskInstance done = historyService.createHistoricTaskInstanceQuery().taskId(draft.getId())
                .singleResult();
        assertThat(done.getEndTime()).isNotNull();
        assertThat(done.getDeleteReason()).isEqualTo("completed");

        Map<String, Object> vars = runtimeService.getVariables(pi.getId());
        assertThat(vars.get("rootCause")).isEqualTo(
                "Connection pool sized for last year's traffic; no alert on pool saturation");
        assertThat(vars.get("causeCategory")).isEqualTo("CAPACITY");
        assertThat((String) vars.get("summary")).startsWith("Checkout failed for 47 minutes");
        assertThat(typeOf(pi, "rootCause")).isEqualTo("string");
        assertThat(typeOf(pi, "whys")).isEqualTo("json");
        assertThat(typeOf(pi, "contributingFactors")).isEqualTo("json");
        JsonNode whys = json(vars.get("whys"));
        assertThat(whys).hasSize(2);
        assertThat(whys.get(0).get("text").asText()).isEqualTo("The payment DB stopped accepting connections");
        assertThat(whys.get(1).get("text").asText()).isEqualTo("The pool was sized for half of today's traffic");
        JsonNode factors = json(vars.get("contributingFactors"));
        assertThat(factors).hasSize(2);
        assertThat(factors.get(1).get("text").asText()).isEqualTo("Pool size hard-coded in the image");
        // the prefilled timeline went through the form unchanged
        assertThat(json(vars.get("timeline")).size()).isGreaterThanOrEqualTo(2);
        assertThat(taskService.createTaskQuery().processInstanceId(pi.getId())
                .taskDefinitionKey(Elements.TASK_SCHEDULE_MEETING).count()).isEqualTo(1);
    }

    @Test
    void facilitator_records_the_meeting_with_two_action_items_in_tasklist() throws Exception {
        String id = newIncidentId("INC-BROWSER-MEET");
        Map<String, Object> payload = incident(id, "SEV1", Duration.ofHours(1));
        payload.put("author", "priya");
        payload.put("facilitator", "carlos");
        ProcessInstance pi = start(payload);
        // a draft that passes the quality gate (five whys, two contributing factors)
        taskService.complete(task(pi, Elements.TASK_WRITE_DRAFT).getId(), dev.aftermath.support.Drafts.goodDraft());
        String meetingStart = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES).toString();
        taskService.complete(task(pi, Elements.TASK_SCHEDULE_MEETING).getId(),
                Map.of("meetingStart", meetingStart, "attendees", "priya,mia"));
        runAsyncJobs();
        // both branches of the parallel join are done: only the meeting timer is left
        assertThat(task(pi, Elements.TASK_WRITE_DRAFT)).isNull();
        assertThat(historyService.createHistoricTaskInstanceQuery().processInstanceId(pi.getId())
                .taskDefinitionKey(Elements.TASK_WRITE_DRAFT).finished().count()).isEqualTo(1);
        fireTimer(pi, Elements.TIMER_MEETING_START);
        Task meeting = task(pi, Elements.TASK_HOLD_MEETING);
        assertThat(meeting).as("Task_HoldMeeting after the meeting timer").isNotNull();
        assertThat(meeting.getAssignee()).isEqualTo("carlos");

        login("carlos");
        openTask(meeting.getId(), "Hold review meeting");

        fillText("Field_rootCause", "Connection pool sized for last year's traffic; no saturation alert");
        selectOption("Field_causeCategory", "Capacity / load");
        fillText("Field_meetingNotes", "Timeline corrected: the alert fired 5 minutes after the first errors.");
        LocalDate due1 = LocalDate.now().plusDays(14);
        LocalDate due2 = LocalDate.now().plusDays(30);
        fillListText("Field_actionItems_title", 0, "Alert at 80% pool saturation on payments-db");
        fillListText("Field_actionItems_owner", 0, "mia");
        fillListDate("Field_actionItems_dueDate", 0, due1);
        selectListOption("Field_actionItems_priority", 0, "High");
        ensureListRows("List_actionItems", "Field_actionItems_title", 2);
        fillListText("Field_actionItems_title", 1, "Make the pool size configurable per environment");
        fillListText("Field_actionItems_owner", 1, "priya");
        fillListDate("Field_actionItems_dueDate", 1, due2);
        selectListOption("Field_actionItems_priority", 1, "Medium");
        capture("meeting-filled");

        completeTask(meeting.getId());

        runAsyncJobs();
        assertThat(historyService.createHistoricTaskInstanceQuery().taskId(meeting.getId()).singleResult()
                .getDeleteReason()).isEqualTo("completed");
        Task finalize = task(pi, Elements.TASK_FINALIZE);
        assertThat(finalize).as("process waits at " + Elements.TASK_FINALIZE).isNotNull();
        assertThat(finalize.getAssignee()).isEqualTo("priya");

        Map<String, Object> vars = runtimeService.getVariables(pi.getId());
        assertThat(vars.get("rootCause")).isEqualTo(
                "Connection pool sized for last year's traffic; no saturation alert");
        assertThat(vars.get("causeCategory")).isEqualTo("CAPACITY");
        assertThat((String) vars.get("meetingNotes")).startsWith("Timeline corrected");
        assertThat(typeOf(pi, "actionItems")).isEqualTo("json");
        JsonNode items = json(vars.get("actionItems"));
        assertThat(items).hasSize(2);
        assertThat(items.get(0).get("title").asText()).isEqualTo("Alert at 80% pool saturation on payments-db");
        assertThat(items.get(0).get("owner").asText()).isEqualTo("mia");
        assertThat(items.get(0).get("dueDate").asText()).isEqualTo(due1.toString());
        assertThat(items.get(0).get("priority").asText()).isEqualTo("HIGH");
        assertThat(items.get(1).get("owner").asText()).isEqualTo("priya");
        assertThat(items.get(1).get("dueDate").asText()).isEqualTo(due2.toString());
        assertThat(items.get(1).get("priority").asText()).isEqualTo("MEDIUM");
    }

    // --- engine helpers --------------------------------------------------------------------------------------------

    private Task task(ProcessInstance pi, String key) {
        return taskService.createTaskQuery().processInstanceId(pi.getId()).taskDefinitionKey(key).singleResult();
    }

    private String typeOf(ProcessInstance pi, String variable) {
        TypedValue value = runtimeService.getVariableTyped(pi.getId(), variable, false);
        assertThat(value).as("variable " + variable).isNotNull();
        return value.getType().getName();
    }

    private JsonNode json(Object value) throws IOException {
        assertThat(value).isNotNull();
        return objectMapper.readTree(value.toString());
    }

    // --- browser helpers -------------------------------------------------------------------------------------------

    private String tasklistUrl() {
        return "http://localhost:" + port + "/camunda/app/tasklist/default/";
    }

    private void login(String user) {
        driver.get(tasklistUrl());
        WebElement username = new WebDriverWait(driver, FIRST_LOAD, Duration.ofMillis(250)).withMessage("login form")
                .until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("input#inputUsername, input[name=username], input[ng-model=username]")));
        username.sendKeys(user);
        driver.findElement(By.cssSelector("input#inputPassword, input[name=password], input[type=password]"))
                .sendKeys(user);
        driver.findElement(By.cssSelector("form button[type=submit]")).click();
        // logged in: Tasklist replaces the login form
        waitFor("login of " + user).until(ExpectedConditions.invisibilityOfElementLocated(
                By.cssSelector("input[type=password]")));
    }

    private void openTask(String taskId, String taskName) {
        driver.get(tasklistUrl() + "#/?task=" + taskId);
        waitFor("task '" + taskName + "' opens").until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("section.task-card h2.task"), taskName));
        // the Camunda Form is rendered by form-js
        waitFor("Camunda Form of '" + taskName + "' renders")
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".fjs-form")));
    }

    private void capture(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(png.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(SCREENSHOTS.resolve(name + ".html"), driver.getPageSource(), StandardCharsets.UTF_8);
        } catch (Exception e) {
            System.err.println("Could not capture " + name + ": " + e);
        }
    }

    /** The form-js element of a component: its DOM id is {@code fjs-form-<random>-<component id>[_<row>]}. */
    private WebElement field(String domIdSuffix) {
        By by = By.cssSelector(".fjs-form [id$='-" + domIdSuffix + "']");
        WebElement element = waitFor("form field " + domIdSuffix)
                .until(ExpectedConditions.presenceOfElementLocated(by));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
        return waitFor("form field " + domIdSuffix + " clickable").until(ExpectedConditions.elementToBeClickable(by));
    }

    private void type(String domIdSuffix, String text) {
        WebElement input = field(domIdSuffix);
        input.click();
        // select-all + delete fires the input events form-js listens to (WebElement.clear() may not)
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        input.sendKeys(text);
        waitFor(domIdSuffix + " holds the typed text")
                .until(d -> text.equals(field(domIdSuffix).getDomProperty("value")));
    }

    /** A textfield or textarea outside a list, by its component id. */
    private void fillText(String componentId, String text) {
        type(componentId, text);
    }

    /** A textfield inside a dynamic list row (0-based). */
    private void fillListText(String componentId, int row, String text) {
        type(componentId + "_" + row, text);
    }

    /** A date field (subtype date) inside a dynamic list row: typed into the date picker like a user would. */
    private void fillListDate(String componentId, int row, LocalDate date) {
        String suffix = componentId + "_" + row + "-date";
        // flatpickr shows m/d/Y without leading zeros
        String text = date.format(DateTimeFormatter.ofPattern("M/d/yyyy"));
        WebElement input = field(suffix);
        input.click();
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        input.sendKeys(text, Keys.ENTER);
        waitFor(suffix + " shows " + text).until(d -> text.equals(field(suffix).getDomProperty("value")));
        // close the calendar so that it does not cover the next fields
        field(suffix).sendKeys(Keys.ESCAPE);
    }

    /** A select (form-js dropdown, not a native select) by the DOM id suffix of its component. */
    private void choose(String domIdSuffix, String label) {
        WebElement display = field(domIdSuffix + "-display");
        if (label.equals(display.getText().trim())) {
            return;
        }
        display.click();
        WebElement fieldContainer = display.findElement(By.xpath("ancestor::div[contains(@class,'fjs-form-field-select')]"));
        WebElement item = waitFor("option '" + label + "' of " + domIdSuffix).until(d -> fieldContainer
                .findElements(By.cssSelector(".fjs-dropdownlist-item")).stream()
                .filter(e -> label.equals(e.getText().trim())).findFirst().orElse(null));
        item.click();
        waitFor(domIdSuffix + " shows '" + label + "'")
                .until(d -> label.equals(field(domIdSuffix + "-display").getText().trim()));
    }

    private void selectOption(String componentId, String label) {
        choose(componentId, label);
    }

    private void selectListOption(String componentId, int row, String label) {
        choose(componentId + "_" + row, label);
    }

    /** Presses "Add new" of a dynamic list until it has {@code rows} rows. */
    private void ensureListRows(String listId, String firstFieldId, int rows) {
        while (driver.findElements(By.cssSelector(".fjs-form [id*='-" + firstFieldId + "_']")).stream()
                .map(e -> e.getDomAttribute("id")).filter(i -> i.matches(".*-" + firstFieldId + "_\\d+")).count() < rows) {
            addListItem(listId, firstFieldId);
        }
    }

    /** Presses "Add new" of a dynamic list and waits for the new row. */
    private void addListItem(String listId, String firstFieldId) {
        long rows = driver.findElements(By.cssSelector(".fjs-form [id*='-" + firstFieldId + "_']")).stream()
                .map(e -> e.getDomAttribute("id")).filter(i -> i.matches(".*-" + firstFieldId + "_\\d+")).count();
        WebElement list = waitFor("list " + listId).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector(".fjs-form [aria-labelledby$='-" + listId + "']")));
        WebElement add = list.findElement(By.cssSelector("button.fjs-repeat-render-add"));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", add);
        add.click();
        field(firstFieldId + "_" + rows);
    }

    /**
     * Clicks Complete (after Save when Tasklist keeps Complete disabled) and waits until Tasklist reports the outcome:
     * the task leaves the engine, or an error notification / a form validation error shows.
     */
    private void completeTask(String taskId) {
        By complete = By.xpath("//div[contains(@class,'form-actions')]//button[normalize-space()='Complete']");
        By save = By.xpath("//div[contains(@class,'form-actions')]//button[normalize-space()='Save']");
        waitFor("Complete button").until(ExpectedConditions.presenceOfElementLocated(complete));
        if (!driver.findElement(complete).isEnabled()) {
            // Tasklist enables Complete only when form-js reports no errors; after a dynamic list was edited, its
            // "changed" event carries an (empty) error entry per list field, so Complete stays disabled until Save
            // runs a full validation — exactly what a user has to do, too.
            WebElement saveButton = driver.findElement(save);
            if (saveButton.isEnabled()) {
                click(saveButton);
            }
            waitFor(() -> "Complete becomes enabled; " + problems())
                    .until(ExpectedConditions.elementToBeClickable(complete));
        }
        click(driver.findElement(complete));
        String[] problem = new String[1];
        waitFor(() -> "task " + taskId + " completes in Tasklist" + (problem[0] == null ? "" : ": " + problem[0]))
                .until(d -> {
                    if (taskService.createTaskQuery().taskId(taskId).count() == 0) {
                        return true;
                    }
                    problem[0] = problems();
                    if (problem[0] != null && problem[0].contains("[error]")) {
                        throw new AssertionError("Tasklist refused to complete task " + taskId + ": " + problem[0]);
                    }
                    return false;
                });
    }

    /** Scrolls a button into view and clicks it; the fixed page footer may still cover it at the very bottom. */
    private void click(WebElement element) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
        try {
            element.click();
        } catch (ElementClickInterceptedException e) {
            ((JavascriptExecutor) driver).executeScript("arguments[0].click();", element);
        }
    }

    /** Tasklist notifications and form-js validation errors currently shown, or null. */
    private String problems() {
        StringBuilder sb = new StringBuilder();
        for (WebElement n : driver.findElements(By.cssSelector(".notifications .alert"))) {
            try {
                String classes = String.valueOf(n.getDomAttribute("class"));
                sb.append(classes.contains("danger") || classes.contains("error") ? "[error] " : "[info] ")
                        .append(n.getText().replaceAll("\\s+", " ").trim()).append("; ");
            } catch (StaleElementReferenceException ignored) {
                // the notification went away
            }
        }
        for (WebElement e : driver.findElements(By.cssSelector(".fjs-form-field-error"))) {
            try {
                sb.append("[error] form field: ").append(e.getText().replaceAll("\\s+", " ").trim()).append("; ");
            } catch (StaleElementReferenceException ignored) {
                // re-rendered
            }
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    /** A fresh explicit wait (a FluentWait's message is mutable, so waits are not shared). */
    private WebDriverWait waitFor(String what) {
        WebDriverWait w = new WebDriverWait(driver, WAIT, Duration.ofMillis(200));
        w.withMessage(what);
        w.ignoring(StaleElementReferenceException.class);
        return w;
    }

    private WebDriverWait waitFor(java.util.function.Supplier<String> what) {
        WebDriverWait w = new WebDriverWait(driver, WAIT, Duration.ofMillis(200));
        w.withMessage(what);
        w.ignoring(StaleElementReferenceException.class);
        return w;
    }

    private static String firstNonBlank(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
