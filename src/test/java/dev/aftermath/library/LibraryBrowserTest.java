package dev.aftermath.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.aftermath.incident.IncidentRepository;
import dev.aftermath.postmortem.PostmortemRepository;
import dev.aftermath.support.Chromium;
import dev.aftermath.support.Lifecycle;

/**
 * A real browser (Debian chromium + chromedriver, headless) opens the library, filters by severity and opens a
 * document. Skipped with a message when Chromium is not installed.
 */
@EnabledIf(value = Chromium.INSTALLED, disabledReason = Chromium.SKIPPED)
class LibraryBrowserTest extends Lifecycle {


    @LocalServerPort int port;
    @Autowired IncidentRepository incidents;
    @Autowired PostmortemRepository postmortems;

    private WebDriver driver;
    private Path profile;

    @BeforeEach
    void browser() throws Exception {
        profile = Files.createTempDirectory("aftermath-chromium");
        driver = Chromium.start(profile);
    }

    @AfterEach
    void quit() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (profile != null) {
            org.springframework.util.FileSystemUtils.deleteRecursively(profile);
        }
    }

    @Test
    void open_the_library_filter_by_severity_and_open_a_document() {
        String n = "b" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        LibrarySeed.seed(n, incidents, postmortems);
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));

        // HTTP Basic in the URL for the first request; the browser keeps the credentials for the origin
        driver.get("http://mia:mia@localhost:" + port + "/library?q=" + n);
        wait.until(d -> d.findElements(By.id("library-list")).size() == 1);
        assertThat(rows()).hasSize(5);

        new Select(driver.findElement(By.id("filter-severity"))).selectByValue("SEV1");
        driver.findElement(By.id("filter-apply")).click();
        wait.until(d -> d.getCurrentUrl().contains("severity=SEV1"));
        wait.until(d -> rows().size() == 2);
        assertThat(rows()).extracting(r -> r.getAttribute("data-severity")).containsOnly("SEV1");
        assertThat(rows()).extracting(r -> r.getAttribute("data-incident"))
                .containsExactly(LibrarySeed.id(n, 3), LibrarySeed.id(n, 1));
        assertThat(driver.findElement(By.id("result-count")).getText()).isEqualTo("2 post-mortems");

        rows().get(1).findElement(By.cssSelector("a.open")).click();
        wait.until(d -> d.getCurrentUrl().endsWith("/library/" + LibrarySeed.id(n, 1)));
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Post-Mortem: " + n + " Checkout pool exhausted");
        assertThat(driver.findElement(By.id("action-items")).getText()).contains("Action 1 for Checkout pool exhausted",
                "Mia Techlead", "as recorded");
        assertThat(driver.findElement(By.id("document")).getText()).contains("Pool sized for old traffic");
        // no earlier post-mortem of this service or symptom
        assertThat(driver.findElement(By.id("related")).getText()).contains("No earlier post-mortem");
    }

    private List<WebElement> rows() {
        return driver.findElements(By.cssSelector("#library-list tr.entry"));
    }
}
