package dev.aftermath.insights;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.aftermath.support.Chromium;
import dev.aftermath.support.ProcessTestSupport;

/**
 * A real browser (Debian chromium, headless) opens /insights over the seeded set: every chart is drawn by ECharts
 * (served from the webjar) beside its table, the headline numbers match the API, the page's scripts log no error
 * (browser log), and the filters reload the page. The screenshot is kept as target/insights-dashboard.png.
 */
@EnabledIf(value = Chromium.INSTALLED, disabledReason = Chromium.SKIPPED)
class InsightsBrowserTest extends ProcessTestSupport {

    private static final List<String> CHARTS = List.of("chart-mttr", "chart-severity", "chart-ontime",
            "chart-completion", "chart-escalation", "chart-causes", "chart-recurrences");

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;

    private WebDriver driver;
    private Path profile;

    @BeforeEach
    void browser() throws Exception {
        InsightsSeed.seed(jdbc);
        profile = Files.createTempDirectory("aftermath-chromium");
        System.setProperty("webdriver.chrome.driver", Chromium.driverBin());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(Chromium.bin());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,1000", "--user-data-dir=" + profile.toAbsolutePath());
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        driver = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(Chromium.driverBin())).usingAnyFreePort().build(), options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    @AfterEach
    void quit() {
        if (driver != null) {
            driver.quit();
        }
        if (profile != null) {
            org.springframework.util.FileSystemUtils.deleteRecursively(profile.toFile());
        }
    }

    @Test
    void every_chart_is_drawn_with_its_table_and_no_console_error() throws Exception {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
        driver.get("http://alex:alex@localhost:" + port + "/insights?from=2019-01-01&to=2019-03-31");
        wait.until(d -> CHARTS.stream().allMatch(id -> "true".equals(d.findElement(By.id(id))
                .getAttribute("data-rendered"))));

        for (String id : CHARTS) {
            WebElement chart = driver.findElement(By.id(id));
            // ECharts' SVG renderer: the chart has shapes, and a table with the same data sits beside it
            assertThat(chart.findElements(By.cssSelector("svg path")).size()).as(id).isGreaterThan(3);
            assertThat(chart.getAttribute("role")).isEqualTo("img");
            assertThat(driver.findElements(By.cssSelector("#" + id + "-table tbody tr"))).as(id + " table")
                    .isNotEmpty();
        }
        // no axis label or axis name is cut off: every text of a chart lies inside the chart
        for (String id : CHARTS) {
            Object clipped = ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("""
                    const chart = document.getElementById(arguments[0]);
                    const box = chart.getBoundingClientRect();
                    return Array.from(chart.querySelectorAll('svg text')).filter((t) => {
                      const r = t.getBoundingClientRect();
                      return r.width > 0 && (r.left < box.left - 0.5 || r.right > box.right + 0.5
                          || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5);
                    }).map((t) => t.textContent + ' @' + Math.round(t.getBoundingClientRect().left - box.left)
                        + ',' + Math.round(t.getBoundingClientRect().top - box.top));""", id);
            assertThat((List<?>) clipped).as(id + ": texts outside the chart").isEmpty();
        }
        // the same numbers as GET /api/insights (InsightsApiTest)
        assertThat(driver.findElement(By.id("h-incidents")).getText()).isEqualTo("12");
        assertThat(driver.findElement(By.id("h-mttr")).getText()).isEqualTo("79.6 min");
        assertThat(driver.findElement(By.id("h-ontime")).getText()).isEqualTo("57.1 %");
        assertThat(driver.findElement(By.id("h-completion")).getText()).isEqualTo("25.0 %");
        assertThat(driver.findElements(By.cssSelector("#chart-mttr-table tbody tr")))
                .extracting(WebElement::getText)
                .containsExactly("2019-01 57.5", "2019-02 98.8", "2019-03 82.5");
        assertThat(driver.findElements(By.cssSelector("#chart-escalation-table tbody tr")))
                .extracting(WebElement::getText)
                // open items due in the period by level: 0: 02/2, 09/2; 1: 05/1; 2: 05/3; 3: 06/1; 4: 01/4
                .containsExactly("Level 0 2", "Level 1 1", "Level 2 1", "Level 3 1", "Level 4 1");
        assertThat(driver.findElement(By.cssSelector("#chart-recurrences-table tbody")).getText())
                .contains("ins-api / pool-exhausted (INS-01) 3").contains("(INS-05) 2");
        assertThat(driver.findElements(By.cssSelector("#targets tbody tr"))).hasSize(8);

        driver.manage().window().setSize(new Dimension(1400, 4600));
        Path shot = Path.of("target", "insights-dashboard.png");
        Files.createDirectories(shot.getParent());
        Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), shot,
                StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(shot)).isGreaterThan(10_000);

        List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).toList();
        assertThat(errors).as("browser console").isEmpty();

        // the filters: one service
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("filter-service"))).selectByValue("ins-web");
        driver.findElement(By.id("filter-apply")).click();
        wait.until(d -> d.getCurrentUrl().contains("service=ins-web"));
        wait.until(d -> "6".equals(d.findElement(By.id("h-incidents")).getText()));
        assertThat(driver.findElement(By.id("chart-causes")).getAttribute("data-rendered")).isEqualTo("true");
        assertThat(driver.findElements(By.id("chart-recurrences-empty"))).hasSize(1);
        assertThat(driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())).as("browser console").isEmpty();
    }
}
