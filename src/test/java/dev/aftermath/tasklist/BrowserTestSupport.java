package dev.aftermath.tasklist;

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
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
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
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.aftermath.support.Chromium;
import dev.aftermath.support.ProcessTestSupport;

/**
 * Drives the real Camunda Tasklist in a headless Chromium: a user logs in, opens a task, fills its Camunda Form
 * (form-js) and completes it. The browser tests of the features extend this class and carry
 * {@code @EnabledIf(value = Chromium.INSTALLED, disabledReason = Chromium.SKIPPED)}, so that a
 * machine without Chromium or chromedriver skips them before the Spring context starts (the annotation is not
 * inherited). They share one application context.
 */
abstract class BrowserTestSupport extends ProcessTestSupport {

    protected static final Duration WAIT = Duration.ofSeconds(20);
    /** The first Tasklist page of a fresh browser loads all of its scripts: give a slow CI machine more time. */
    protected static final Duration FIRST_LOAD = Duration.ofSeconds(45);
    private static final Path SCREENSHOTS = Paths.get("target", "browser-screenshots");

    @LocalServerPort protected int port;

    protected WebDriver driver;
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
        Assumptions.assumeTrue(Chromium.installed(), Chromium.SKIPPED + " (looked for " + Chromium.bin() + " and "
                + Chromium.driverBin() + "; set CHROME_BIN / CHROMEDRIVER to override)");
    }

    @BeforeEach
    void openBrowser() throws IOException {
        userDataDir = Files.createTempDirectory("aftermath-chrome-");
        driver = Chromium.start(userDataDir);
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

    // --- browser helpers -------------------------------------------------------------------------------------------

    /**
     * The first Tasklist page of a fresh browser on a loaded machine can take longer than {@code login()} waits:
     * load it once, patiently, before a test logs in.
     */
    protected void warmUpTasklist() {
        driver.get(tasklistUrl());
        try {
            new WebDriverWait(driver, Duration.ofSeconds(120), Duration.ofMillis(500))
                    .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[type=password]")));
        } catch (org.openqa.selenium.TimeoutException stillLoading) {
            // login() reports it
        }
    }

    /**
     * Sorts the task list newest first, the address Tasklist's sorting bar writes when a person picks "Created"
     * (Aftermath opens lists by priority, then due date: a test looking for the task it just made uses this).
     */
    protected void sortNewestFirst() {
        ((JavascriptExecutor) driver).executeScript("""
                const [path, query = ''] = location.hash.replace(/^#/, '').split('?');
                const params = new URLSearchParams(query);
                params.set('sorting', JSON.stringify([{sortBy: 'created', sortOrder: 'desc'}]));
                location.hash = '#/?' + params.toString();""");
    }

    protected String tasklistUrl() {
        return "http://localhost:" + port + "/camunda/app/tasklist/default/";
    }

    protected void login(String user) {
        driver.get(tasklistUrl());
        By usernameField = By.cssSelector("input#inputUsername, input[name=username], input[ng-model=username]");
        By passwordField = By.cssSelector("input#inputPassword, input[name=password], input[type=password]");
        new WebDriverWait(driver, FIRST_LOAD, Duration.ofMillis(250)).withMessage("login form")
                .until(ExpectedConditions.visibilityOfElementLocated(usernameField));
        // The login page focuses the user name field itself, a moment after it shows: keys typed into the password
        // field before that end up in the user name. So wait for that focus, and check both values before submitting.
        try {
            new WebDriverWait(driver, Duration.ofSeconds(3), Duration.ofMillis(100)).until(d -> d.findElement(
                    usernameField).equals(d.switchTo().activeElement()));
        } catch (org.openqa.selenium.TimeoutException focusNeverMoved) {
            // typed and checked below all the same
        }
        waitFor("login form holds user name and password of " + user)
                .ignoring(org.openqa.selenium.ElementNotInteractableException.class)
                .until(d -> {
                    for (By by : new By[] {usernameField, passwordField}) {
                        WebElement input = d.findElement(by);
                        if (!user.equals(input.getDomProperty("value"))) {
                            input.click();
                            input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
                            input.sendKeys(user);
                        }
                    }
                    return user.equals(d.findElement(usernameField).getDomProperty("value"))
                            && user.equals(d.findElement(passwordField).getDomProperty("value"));
                });
        driver.findElement(By.cssSelector("form button[type=submit]")).click();
        // logged in: Tasklist replaces the login form
        waitFor("login of " + user).until(ExpectedConditions.invisibilityOfElementLocated(
                By.cssSelector("input[type=password]")));
    }

    /**
     * Ends the Tasklist session of the current user (its cookies and web storage), so that {@link #login} shows the
     * login form again: one browser can walk several users through a process.
     */
    protected void logout() {
        if (driver.getCurrentUrl().startsWith("http")) {
            ((JavascriptExecutor) driver).executeScript(
                    "try { window.localStorage.clear(); window.sessionStorage.clear(); } catch (e) {}");
            driver.manage().deleteAllCookies();
        }
        // leave the single-page app: the next driver.get() of Tasklist loads it afresh
        driver.get("about:blank");
    }

    /** Logs out whoever is logged in and logs {@code user} in. */
    protected void switchUser(String user) {
        logout();
        login(user);
    }

    protected void openTask(String taskId, String taskName) {
        driver.get(tasklistUrl() + "#/?task=" + taskId);
        waitFor("task '" + taskName + "' opens").until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("section.task-card h2.task"), taskName));
        // the Camunda Form is rendered by form-js
        waitFor("Camunda Form of '" + taskName + "' renders")
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".fjs-form")));
    }

    protected void capture(String name) {
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
    protected WebElement field(String domIdSuffix) {
        By by = By.cssSelector(".fjs-form [id$='-" + domIdSuffix + "']");
        WebElement element = waitFor("form field " + domIdSuffix)
                .until(ExpectedConditions.presenceOfElementLocated(by));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
        return waitFor("form field " + domIdSuffix + " clickable").until(ExpectedConditions.elementToBeClickable(by));
    }

    protected void type(String domIdSuffix, String text) {
        WebElement input = field(domIdSuffix);
        input.click();
        // select-all + delete fires the input events form-js listens to (WebElement.clear() may not)
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        input.sendKeys(text);
        waitFor(domIdSuffix + " holds the typed text")
                .until(d -> text.equals(field(domIdSuffix).getDomProperty("value")));
    }

    /** A textfield or textarea outside a list, by its component id. */
    protected void fillText(String componentId, String text) {
        type(componentId, text);
    }

    /** A textfield inside a dynamic list row (0-based). */
    protected void fillListText(String componentId, int row, String text) {
        type(componentId + "_" + row, text);
    }

    /** A date field (subtype date) inside a dynamic list row: typed into the date picker like a user would. */
    protected void fillListDate(String componentId, int row, LocalDate date) {
        typeDate(componentId + "_" + row + "-date", date);
    }

    /** A date field outside a list, or the date part of a datetime field: typed into the date picker. */
    protected void fillDate(String componentId, LocalDate date) {
        typeDate(componentId + "-date", date);
    }

    /**
     * The time part of a datetime field with a 24 h clock: typed like a user would; form-js takes it over when the
     * input loses the focus.
     */
    protected void fillTime(String componentId, LocalTime time) {
        String suffix = componentId + "-time";
        String text = time.format(DateTimeFormatter.ofPattern("HH:mm"));
        WebElement input = field(suffix);
        input.click();
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        input.sendKeys(text);
        // leaving the field closes the time list and parses the text
        input.sendKeys(Keys.TAB);
        waitFor(suffix + " shows " + text).until(d -> text.equals(field(suffix).getDomProperty("value")));
    }

    /** A datetime field: the instant as a user in the browser's time zone enters it (date, then time). */
    protected void fillDateTime(String componentId, Instant instant) {
        Number offsetMinutes = (Number) ((JavascriptExecutor) driver).executeScript(
                "return new Date(arguments[0]).getTimezoneOffset();", instant.toEpochMilli());
        LocalDateTime local = LocalDateTime.ofInstant(instant,
                ZoneOffset.ofTotalSeconds(-offsetMinutes.intValue() * 60));
        fillDate(componentId, local.toLocalDate());
        fillTime(componentId, local.toLocalTime());
    }

    /**
     * A datetime field as a person fills it, in the browser's time zone: clicks the date input, types the date,
     * presses Tab to the time input, types the time and presses Tab again. On the way the field is briefly "date
     * without time" (form-js shows "Date and time must both be entered").
     */
    protected void typeDateTimeAsPerson(String domIdPrefix, Instant instant) {
        Number offsetMinutes = (Number) ((JavascriptExecutor) driver).executeScript(
                "return new Date(arguments[0]).getTimezoneOffset();", instant.toEpochMilli());
        LocalDateTime local = LocalDateTime.ofInstant(instant,
                ZoneOffset.ofTotalSeconds(-offsetMinutes.intValue() * 60));
        // the date as its placeholder asks for it: yyyy-mm-dd, whatever the browser's language (aftermath/task-form.js)
        String dateText = local.toLocalDate().toString();
        String timeText = local.toLocalTime().format(DateTimeFormatter.ofPattern("HH:mm"));
        WebElement date = field(domIdPrefix + "-date");
        date.click();
        date.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        date.sendKeys(dateText, Keys.TAB);
        WebElement time = waitFor("Tab moves from the date to the time of " + domIdPrefix)
                .until(d -> {
                    WebElement active = d.switchTo().activeElement();
                    String id = active.getDomAttribute("id");
                    return id != null && id.endsWith("-" + domIdPrefix + "-time") ? active : null;
                });
        time.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        time.sendKeys(timeText, Keys.TAB);
        waitFor(domIdPrefix + " shows " + dateText + " " + timeText).until(d ->
                dateText.equals(field(domIdPrefix + "-date").getDomProperty("value"))
                        && timeText.equals(field(domIdPrefix + "-time").getDomProperty("value")));
    }

    /** Presses the remove button of a row (0-based) of a dynamic list and waits until the list has one row less. */
    protected void removeListItem(String listId, String firstFieldId, int row) {
        long before = listRows(firstFieldId);
        WebElement list = waitFor("list " + listId).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector(".fjs-form [aria-labelledby$='-" + listId + "']")));
        List<WebElement> removes = list.findElements(By.cssSelector("button.fjs-repeat-row-remove"));
        click(removes.get(row));
        waitFor("row " + row + " of " + listId + " removed").until(d -> listRows(firstFieldId) == before - 1);
    }

    protected long listRows(String firstFieldId) {
        return driver.findElements(By.cssSelector(".fjs-form [id*='-" + firstFieldId + "_']")).stream()
                .map(e -> e.getDomAttribute("id")).filter(i -> i.matches(".*-" + firstFieldId + "_\\d+")).count();
    }

    /** What Tasklist shows next to a disabled Complete button (Aftermath's note), or "". */
    protected String completeNote() {
        return driver.findElements(By.cssSelector(".aftermath-complete-note")).stream()
                .filter(WebElement::isDisplayed).map(e -> e.getText().trim()).findFirst().orElse("");
    }

    private void typeDate(String suffix, LocalDate date) {
        // typed as the placeholder says, yyyy-mm-dd, whatever the browser's language (aftermath/task-form.js)
        String text = date.toString();
        WebElement input = field(suffix);
        input.click();
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        input.sendKeys(text, Keys.ENTER);
        waitFor(suffix + " shows " + text).until(d -> text.equals(field(suffix).getDomProperty("value")));
        // close the calendar so that it does not cover the next fields
        field(suffix).sendKeys(Keys.ESCAPE);
    }

    /** A select (form-js dropdown, not a native select) by the DOM id suffix of its component. */
    protected void choose(String domIdSuffix, String label) {
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

    protected void selectOption(String componentId, String label) {
        choose(componentId, label);
    }

    protected void selectListOption(String componentId, int row, String label) {
        choose(componentId + "_" + row, label);
    }

    /** A radio group outside a list: clicks the option with this label and waits until it is checked. */
    protected void chooseRadio(String componentId, String label) {
        By options = By.cssSelector(".fjs-form input[type=radio][id*='-" + componentId + "-']");
        WebElement input = waitFor("option '" + label + "' of " + componentId).until(d -> d.findElements(options)
                .stream().filter(i -> d.findElements(By.cssSelector("label[for='" + i.getDomAttribute("id") + "']"))
                        .stream().anyMatch(l -> label.equals(l.getText().trim()))).findFirst().orElse(null));
        String id = input.getDomAttribute("id");
        click(driver.findElement(By.cssSelector("label[for='" + id + "']")));
        waitFor(componentId + " has '" + label + "' checked")
                .until(d -> d.findElement(By.id(id)).isSelected());
    }

    /** Claims the open task for the logged-in user: Tasklist shows the form of an unclaimed task read-only. */
    protected void claimTask() {
        By claim = By.xpath("//section[contains(@class,'task-card')]//*[self::button or self::a]"
                + "[normalize-space()='Claim']");
        click(waitFor("Claim link").until(ExpectedConditions.elementToBeClickable(claim)));
        waitFor("task claimed: the Claim link goes away")
                .until(ExpectedConditions.invisibilityOfElementLocated(claim));
        waitFor("Camunda Form renders after the claim")
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".fjs-form")));
    }

    /**
     * Tries to complete a task whose form input is not acceptable and returns how Tasklist refused it: Complete stays
     * disabled, or clicking it shows a form-js validation error or an error notification (the server rejected the
     * completion). Fails when the task completes after all.
     */
    protected String completeExpectingRefusal(String taskId) {
        By complete = By.xpath("//div[contains(@class,'form-actions')]//button[normalize-space()='Complete']");
        waitFor("Complete button").until(ExpectedConditions.presenceOfElementLocated(complete));
        // form-js takes typed text over after a short debounce, or at once when the field loses the focus; only then
        // do its errors, and with them the Complete button, reflect the input
        ((JavascriptExecutor) driver).executeScript("if (document.activeElement) document.activeElement.blur();");
        try {
            new WebDriverWait(driver, Duration.ofSeconds(3), Duration.ofMillis(100))
                    .until(ExpectedConditions.elementToBeClickable(complete));
        } catch (org.openqa.selenium.TimeoutException stillDisabled) {
            String shown = problems();
            return "Complete disabled" + (shown == null ? "" : "; " + shown);
        }
        click(driver.findElement(complete));
        String refusal = waitFor("Tasklist refuses to complete task " + taskId).until(d -> {
            if (taskService.createTaskQuery().taskId(taskId).count() == 0) {
                throw new AssertionError("task " + taskId + " was completed although its input is not acceptable");
            }
            String shown = problems();
            return shown != null && shown.contains("[error]") ? shown : null;
        });
        if (taskService.createTaskQuery().taskId(taskId).count() == 0) {
            throw new AssertionError("task " + taskId + " was completed although Tasklist showed: " + refusal);
        }
        return refusal;
    }

    /** Closes the Tasklist notifications shown, so that a later check sees only new ones. */
    protected void dismissNotifications() {
        By close = By.cssSelector(".notifications .alert .close, .notifications .alert button[aria-label='Close']");
        for (WebElement x : driver.findElements(close)) {
            try {
                if (x.isDisplayed()) {
                    click(x);
                }
            } catch (StaleElementReferenceException ignored) {
                // already gone
            }
        }
        waitFor("notifications closed").until(d -> d.findElements(By.cssSelector(".notifications .alert")).isEmpty());
    }

    /** Presses "Add new" of a dynamic list until it has {@code rows} rows. */
    protected void ensureListRows(String listId, String firstFieldId, int rows) {
        while (driver.findElements(By.cssSelector(".fjs-form [id*='-" + firstFieldId + "_']")).stream()
                .map(e -> e.getDomAttribute("id")).filter(i -> i.matches(".*-" + firstFieldId + "_\\d+")).count() < rows) {
            addListItem(listId, firstFieldId);
        }
    }

    /** Presses "Add new" of a dynamic list and waits for the new row. */
    protected void addListItem(String listId, String firstFieldId) {
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
     * Clicks Complete as a person does, without Save first: Complete must be enabled once the form is valid (issue
     * 21). Waits until Tasklist reports the outcome: the task leaves the engine, or an error notification / a form
     * validation error shows.
     */
    protected void completeTask(String taskId) {
        By complete = By.xpath("//div[contains(@class,'form-actions')]//button[normalize-space()='Complete']");
        waitFor("Complete button").until(ExpectedConditions.presenceOfElementLocated(complete));
        // form-js takes typed text over after a short debounce, or at once when the field loses the focus
        ((JavascriptExecutor) driver).executeScript("if (document.activeElement) document.activeElement.blur();");
        waitFor(() -> "Complete becomes enabled without Save; note: '" + completeNote() + "'; " + problems())
                .until(ExpectedConditions.elementToBeClickable(complete));
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
    protected void click(WebElement element) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
        try {
            element.click();
        } catch (ElementClickInterceptedException e) {
            ((JavascriptExecutor) driver).executeScript("arguments[0].click();", element);
        }
    }

    /** Tasklist notifications and form-js validation errors currently shown, or null. */
    protected String problems() {
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
    protected WebDriverWait waitFor(String what) {
        WebDriverWait w = new WebDriverWait(driver, WAIT, Duration.ofMillis(200));
        w.withMessage(what);
        w.ignoring(StaleElementReferenceException.class);
        return w;
    }

    protected WebDriverWait waitFor(java.util.function.Supplier<String> what) {
        WebDriverWait w = new WebDriverWait(driver, WAIT, Duration.ofMillis(200));
        w.withMessage(what);
        w.ignoring(StaleElementReferenceException.class);
        return w;
    }

}
