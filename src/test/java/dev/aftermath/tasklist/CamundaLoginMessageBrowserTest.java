package dev.aftermath.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.aftermath.support.Chromium;

/**
 * Issue 21, item 6: Cockpit and Admin tell a person why a login is refused. An engineer (alex) whose user name and
 * password are right but who may not use Cockpit or Admin reads that he is signed in without access to the app and
 * gets a link to Tasklist; a wrong password reads as a wrong password. Neither reads "Wrong credentials, locked user
 * or missing access rights". Screenshots: target/browser-screenshots/login-*.png.
 */
@EnabledIf(value = Chromium.INSTALLED, disabledReason = Chromium.SKIPPED)
class CamundaLoginMessageBrowserTest extends BrowserTestSupport {

    private static final By USER = By.cssSelector("input#inputUsername, input[name=username], input[ng-model=username]");
    private static final By PASSWORD = By.cssSelector("input#inputPassword, input[name=password], input[type=password]");
    private static final By ALERT = By.cssSelector(".notifications .alert");

    @Test
    void an_engineer_without_access_reads_that_he_has_no_access_and_where_to_go() {
        warmUpTasklist();
        for (String app : List.of("cockpit", "admin")) {
            String name = "cockpit".equals(app) ? "Cockpit" : "Admin";
            String alert = attempt(app, "alex", "alex");
            capture("login-" + app + "-no-access");
            assertThat(alert).contains("You are signed in as alex, but alex has no access to " + name + ". " + name
                    + " is for administrators. Your tasks are in Tasklist: Open Tasklist")
                    .doesNotContain("Wrong credentials");
            WebElement link = driver.findElement(By.cssSelector(".notifications .alert a.aftermath-login-link"));
            assertThat(link.getDomAttribute("href")).isEqualTo("/camunda/app/tasklist/");
        }
        // the link leads to Tasklist
        driver.findElement(By.cssSelector(".notifications .alert a.aftermath-login-link")).click();
        waitFor("Tasklist opens").until(d -> d.getCurrentUrl().contains("/camunda/app/tasklist/"));
    }

    @Test
    void a_wrong_password_reads_as_a_wrong_password() {
        warmUpTasklist();
        String alert = attempt("cockpit", "demo", "not-the-password");
        capture("login-cockpit-wrong-password");
        assertThat(alert).contains("Wrong user name or password, or the account is locked. Check both and try again.")
                .doesNotContain("Wrong credentials").doesNotContain("no access");
    }

    /** Types user and password into the app's login form as a person does and answers the alert that shows. */
    private String attempt(String app, String user, String password) {
        logout();
        driver.get("http://localhost:" + port + "/camunda/app/" + app + "/default/");
        new WebDriverWait(driver, Duration.ofSeconds(120), Duration.ofMillis(500)).withMessage(app + " login form")
                .until(ExpectedConditions.visibilityOfElementLocated(USER));
        waitFor(app + " login form holds " + user).ignoring(org.openqa.selenium.ElementNotInteractableException.class)
                .until(d -> {
                    WebElement u = d.findElement(USER);
                    if (!user.equals(u.getDomProperty("value"))) {
                        u.click();
                        u.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE, user);
                    }
                    WebElement p = d.findElement(PASSWORD);
                    if (!password.equals(p.getDomProperty("value"))) {
                        p.click();
                        p.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE, password);
                    }
                    return user.equals(d.findElement(USER).getDomProperty("value"))
                            && password.equals(d.findElement(PASSWORD).getDomProperty("value"));
                });
        driver.findElement(By.cssSelector("form button[type=submit]")).click();
        return waitFor(app + ": the refusal explained").until(d -> d.findElements(ALERT).stream()
                .filter(a -> a.getDomAttribute("data-aftermath-login") != null).map(WebElement::getText)
                .findFirst().orElse(null));
    }
}
