package dev.aftermath.identity.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import no.nav.security.mock.oauth2.MockOAuth2Server;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.context.ConfigurableApplicationContext;

import dev.aftermath.support.Chromium;

/**
 * Single sign-on in a real browser (headless Chromium), with the identity provider inside the test: a person opens
 * Tasklist, is sent to the provider's login page, types a user name and the claims (the groups claim among them),
 * comes back signed in to Tasklist and completes a task. The user now exists in Camunda's tables with the token's
 * name, e-mail and mapped roles. A second person without the role signs in the same way and is refused Cockpit.
 */
@Tag("own-context")
@EnabledIf(value = Chromium.INSTALLED, disabledReason = Chromium.SKIPPED)
class OidcBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static MockOAuth2Server provider;
    private static ConfigurableApplicationContext app;
    private static int port;

    private WebDriver driver;
    private Path profile;

    @BeforeAll
    static void start() {
        provider = OidcTestApp.provider();
        app = OidcTestApp.start(OidcTestApp.settings(provider));
        port = OidcTestApp.port(app);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (provider != null) {
            provider.shutdown();
        }
    }

    @BeforeEach
    void openBrowser() throws Exception {
        profile = Files.createTempDirectory("aftermath-chrome-oidc-");
        driver = Chromium.start(profile);
    }

    @AfterEach
    void closeBrowser() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }

    @Test
    void a_person_signs_in_to_tasklist_at_the_provider_and_completes_a_task_and_one_without_the_role_gets_no_cockpit() {
        RepositoryService repository = app.getBean(RepositoryService.class);
        repository.createDeployment().name("sso-probe").addModelInstance("sso-probe.bpmn",
                Bpmn.createExecutableProcess("ssoProbe").name("SSO probe").camundaHistoryTimeToLive(1)
                        .startEvent().userTask("check").name("Check the single sign-on").camundaAssignee("riley")
                        .endEvent().done()).deploy();
        String taskId;
        RuntimeService runtime = app.getBean(RuntimeService.class);
        TaskService tasks = app.getBean(TaskService.class);
        runtime.startProcessInstanceByKey("ssoProbe");
        taskId = tasks.createTaskQuery().processDefinitionKey("ssoProbe").singleResult().getId();

        String tasklist = "http://localhost:" + port + "/camunda/app/tasklist/default/";
        driver.get(tasklist);
        signInAtProvider("riley", "{\"preferred_username\": \"riley\", \"given_name\": \"Riley\", "
                + "\"family_name\": \"Reed\", \"email\": \"riley@example.test\", "
                + "\"groups\": [\"sre-incident-commanders\", \"all-engineers\", \"wiki-editors\"]}");

        // back in Tasklist, signed in: no Camunda password form
        waitFor("Tasklist after the provider's login").until(d -> d.getCurrentUrl().startsWith(tasklist));

        IdentityService identity = app.getBean(IdentityService.class);
        User riley = identity.createUserQuery().userId("riley").singleResult();
        assertThat(riley).as("provisioned at sign-in").isNotNull();
        assertThat(riley.getEmail()).isEqualTo("riley@example.test");
        assertThat(riley.getFirstName() + " " + riley.getLastName()).isEqualTo("Riley Reed");
        assertThat(identity.createGroupQuery().groupMember("riley").list().stream().map(Group::getId).toList())
                .containsExactlyInAnyOrder("incident-commanders", "engineering");

        driver.get(tasklist + "#/?task=" + taskId);
        waitFor("the task opens").until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("section.task-card h2.task"), "Check the single sign-on"));
        assertThat(driver.findElements(By.cssSelector("input[type=password]")).stream()
                .noneMatch(WebElement::isDisplayed)).as("no Camunda password form").isTrue();
        By complete = By.xpath("//div[contains(@class,'form-actions')]//button[normalize-space()='Complete']");
        WebElement button = waitFor("Complete").until(ExpectedConditions.elementToBeClickable(complete));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", button);
        button.click();
        waitFor("the task is completed").until(d -> tasks.createTaskQuery().taskId(taskId).count() == 0);
        assertThat(app.getBean(org.camunda.bpm.engine.HistoryService.class).createHistoricTaskInstanceQuery()
                .taskId(taskId).singleResult().getAssignee()).isEqualTo("riley");

        // a second person, an engineer without the administrators' role, in a fresh session: refused Cockpit
        driver.manage().deleteAllCookies();
        String cockpit = "http://localhost:" + port + "/camunda/app/cockpit/default/";
        driver.get(cockpit);
        signInAtProvider("nora", "{\"preferred_username\": \"nora\", \"email\": \"nora@example.test\", "
                + "\"groups\": [\"all-engineers\"]}");
        waitFor("back in Cockpit").until(d -> d.getCurrentUrl().startsWith("http://localhost:" + port + "/camunda/"));
        sleep(Duration.ofSeconds(5));
        capture("cockpit-nora");
        String page = driver.findElement(By.tagName("body")).getText();
        assertThat(identity.createGroupQuery().groupMember("nora").list().stream().map(Group::getId).toList())
                .as("nora signed in").containsExactly("engineering");
        // Camunda's own webapp security refuses the app: nora has no Cockpit grant (camunda-admin only)
        assertThat(page).contains("\"status\":403").contains("No access rights for cockpit")
                .doesNotContain("Process Definitions").doesNotContain("Running Process Instances");
    }

    /** The provider's login page as a person fills it: the user name, then the claims as JSON. */
    private void signInAtProvider(String user, String claims) {
        WebElement name = waitFor("the provider's login page").until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[name=username]")));
        assertThat(driver.getCurrentUrl()).startsWith(provider.issuerUrl(OidcTestApp.ISSUER).toString());
        name.click();
        name.sendKeys(user);
        WebElement claimsField = driver.findElement(By.cssSelector("textarea[name=claims]"));
        claimsField.click();
        claimsField.sendKeys(claims);
        waitFor("the provider's form holds " + user + " and the claims").until(d ->
                user.equals(d.findElement(By.cssSelector("input[name=username]")).getDomProperty("value"))
                        && claims.equals(d.findElement(By.cssSelector("textarea[name=claims]"))
                        .getDomProperty("value")));
        capture("provider-login-" + user);
        driver.findElement(By.cssSelector("input[type=submit]")).click();
    }

    private WebDriverWait waitFor(String what) {
        WebDriverWait wait = new WebDriverWait(driver, WAIT, Duration.ofMillis(250));
        wait.withMessage(() -> what + " (at " + driver.getCurrentUrl() + ")");
        return wait;
    }

    private void capture(String name) {
        try {
            Path dir = Paths.get("target", "browser-screenshots");
            Files.createDirectories(dir);
            File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(png.toPath(), dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(dir.resolve(name + ".html"), driver.getPageSource(), StandardCharsets.UTF_8);
        } catch (Exception e) {
            System.err.println("Could not capture " + name + ": " + e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
